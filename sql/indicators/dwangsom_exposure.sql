-- title_nl: Dwangsomrisico per zaak
-- title_en: Penalty (dwangsom) exposure per case
-- definition: For every case with a notice of default (ingebrekestelling) and a legal term: the
--   administrative dwangsom (Awb 4:17) owed, if it applies to the case type (config/dwangsom.yaml).
--   It runs from grace_days after the later of the effective deadline's date and the notice's
--   date, for each day up to the date of decision (or the as-of date while open; that day itself
--   not counted), at most max_days days, at the tiered amounts per day (EUR 23 / 35 / 45: at most
--   EUR 1,442). Where it does not apply (asylum since 2020) the amount is 0 and the reason shown.
-- grain: one row per case with a notice of default and a deadline
-- unit: euro
-- inputs: cases, case_terms, dwangsom_rules, dwangsom_tiers, data_as_of
-- columns:
--   case_id: case
--   case_type: case type
--   route: route
--   location_id: location
--   effective_deadline_at: legal term moved by suspension (UTC)
--   notice_of_default_at: notice of default received (UTC)
--   applies: the administrative dwangsom applies to this case type
--   rule_reason: why not, where it does not apply
--   penalty_start_on: first day a dwangsom is owed (Europe/Amsterdam)
--   is_open: still undecided (amount still growing)
--   penalty_days: days owed, at most max_days
--   amount_eur: dwangsom owed so far
with noticed as (
    select
        cases.case_id,
        cases.case_type,
        cases.route,
        cases.location_id,
        terms.effective_deadline_at,
        cases.notice_of_default_at,
        cases.is_open,
        coalesce(
            (cases.decided_at at time zone 'Europe/Amsterdam')::date, data_as_of.as_of_date
        ) as measured_to_on,
        coalesce(specific_rule.applies, default_rule.applies, false)       as applies,
        coalesce(specific_rule.reason, default_rule.reason)                as rule_reason,
        coalesce(specific_rule.grace_days, default_rule.grace_days)        as grace_days,
        coalesce(specific_rule.max_days, default_rule.max_days)            as max_days
    from cases
    cross join data_as_of
    inner join case_terms as terms on terms.case_id = cases.case_id
    left join dwangsom_rules as specific_rule on specific_rule.case_type = cases.case_type
    left join dwangsom_rules as default_rule on default_rule.case_type is null
    where cases.notice_of_default_at is not null and terms.effective_deadline_at is not null
),

days_owed as (
    select
        *,
        greatest(
            (terms_date.deadline_on)::date,
            (notice_of_default_at at time zone 'Europe/Amsterdam')::date
        ) + coalesce(grace_days, 0)                                        as penalty_start_on
    from noticed
    cross join lateral (
        select (effective_deadline_at at time zone 'Europe/Amsterdam')::date as deadline_on
    ) as terms_date
),

counted as (
    select
        *,
        case
            when applies then least(greatest(date_diff('day', penalty_start_on, measured_to_on), 0), max_days)
            else 0
        end as penalty_days
    from days_owed
),

amounts as (
    select
        counted.case_id,
        coalesce(sum(
            tiers.eur_per_day
            * greatest(least(counted.penalty_days, tiers.to_day) - tiers.from_day + 1, 0)
        ), 0) as amount_eur
    from counted
    left join dwangsom_tiers as tiers on true
    group by counted.case_id
),

final as (
    select
        counted.case_id,
        counted.case_type,
        counted.route,
        counted.location_id,
        counted.effective_deadline_at,
        counted.notice_of_default_at,
        counted.applies,
        counted.rule_reason,
        counted.penalty_start_on,
        counted.is_open,
        counted.penalty_days,
        amounts.amount_eur
    from counted
    inner join amounts on amounts.case_id = counted.case_id
)

select * from final
