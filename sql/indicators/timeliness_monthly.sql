-- title_nl: Tijdigheid: beslist binnen de termijn
-- title_en: Timeliness: decided within the legal term
-- definition: Share of the decisions of a month (cases decided, at their last decision) taken at
--   or before the effective deadline: the legal term moved by the time the term was suspended.
--   Only cases with a deadline count in the share.
-- grain: one row per decision_month, case_type, route and location_id
-- unit: percent
-- inputs: lead_times
-- period_column: decision_month
-- columns:
--   decision_month: month of the decision (YYYY-MM)
--   case_type: case type
--   route: route
--   location_id: location
--   decided_count: cases decided
--   with_deadline_count: of which with a legal term
--   within_term_count: of which decided within the term
--   within_term_pct: within_term_count / with_deadline_count x 100 (null without deadlines)
with final as (
    select
        decision_month,
        case_type,
        route,
        location_id,
        count(*)                                     as decided_count,
        count(within_term)                           as with_deadline_count,
        count(*) filter (where within_term)          as within_term_count,
        100.0 * count(*) filter (where within_term) / nullif(count(within_term), 0)
                                                     as within_term_pct
    from lead_times
    group by all
)

select * from final
