-- title_nl: Productie ten opzichte van het productiedoel
-- title_en: Production against the production target
-- definition: For each funded production target (p x q: decisions per case type and period;
--   location null = the whole organisation, case type null = all case types): the decisions in
--   the period (dates in Europe/Amsterdam, period_end exclusive) of that case type and location,
--   the target pro rata to the days of the period elapsed at the as-of date, and realisation as
--   a percentage of the full target and of the pro-rata target.
-- grain: one row per production target
-- unit: cases, percent
-- inputs: production_targets, case_decisions, data_as_of
-- period_column: period_start
-- columns:
--   period_start: first day of the target period
--   period_end: day after the target period
--   case_type: case type of the target (null = all)
--   location_id: location of the target (null = organisation)
--   target_decisions: funded decisions in the period
--   realised_decisions: decisions in the period
--   elapsed_share: share of the period's days up to and including the as-of date (0 to 1)
--   target_to_date: target_decisions x elapsed_share
--   realisation_pct: realised_decisions / target_decisions x 100
--   realisation_to_date_pct: realised_decisions / target_to_date x 100
with realised as (
    select
        targets.period_start,
        targets.period_end,
        targets.case_type,
        targets.location_id,
        targets.target_decisions,
        count(decisions.case_id) as realised_decisions
    from production_targets as targets
    left join case_decisions as decisions
        on decisions.decided_on >= targets.period_start
       and decisions.decided_on < targets.period_end
       and (targets.case_type is null or decisions.case_type = targets.case_type)
       and (targets.location_id is null or decisions.location_id = targets.location_id)
    group by all
),

final as (
    select
        realised.*,
        least(greatest(
            date_diff('day', realised.period_start, data_as_of.as_of_date + 1)
                / date_diff('day', realised.period_start, realised.period_end),
            0), 1)                                                   as elapsed_share,
        realised.target_decisions * least(greatest(
            date_diff('day', realised.period_start, data_as_of.as_of_date + 1)
                / date_diff('day', realised.period_start, realised.period_end),
            0), 1)                                                   as target_to_date,
        100.0 * realised.realised_decisions / nullif(realised.target_decisions, 0)
                                                                     as realisation_pct,
        100.0 * realised.realised_decisions / nullif(realised.target_decisions * least(greatest(
            date_diff('day', realised.period_start, data_as_of.as_of_date + 1)
                / date_diff('day', realised.period_start, realised.period_end),
            0), 1), 0)                                               as realisation_to_date_pct
    from realised
    cross join data_as_of
)

select * from final
