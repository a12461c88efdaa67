-- definition: Each decision that closed an open period (afgerond), with the owner, team and
--   location of the case at that moment (the state interval that the decision ends).
-- grain: one row per case_id and period_number with a decision
-- unit: -
-- inputs: case_open_periods, case_state_intervals, cases, calendar_hours
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   period_number: the open period the decision closed
--   decided_at: instant of the decision (UTC)
--   decided_on: its date in Europe/Amsterdam
--   month: its month in Europe/Amsterdam (YYYY-MM)
--   employee_id: owner at the decision (null = decided while te plannen)
--   team_id: team at the decision
--   location_id: location at the decision
--   case_type: case type
--   route: route
with closed_periods as (
    select case_id, period_number, closed_at
    from case_open_periods
    where closed_at is not null
),

final as (
    select
        closed_periods.case_id,
        closed_periods.period_number,
        closed_periods.closed_at                                                   as decided_at,
        decided_hour.local_date                                                    as decided_on,
        decided_hour.month,
        intervals.employee_id,
        intervals.team_id,
        coalesce(intervals.location_id, cases.location_id)                         as location_id,
        cases.case_type,
        cases.route
    from closed_periods
    inner join cases on cases.case_id = closed_periods.case_id
    left join calendar_hours as decided_hour
        on decided_hour.utc_hour = epoch_us(closed_periods.closed_at) // 3600000000
    left join case_state_intervals as intervals
        on intervals.case_id = closed_periods.case_id
       and intervals.period_number = closed_periods.period_number
       and intervals.valid_to = closed_periods.closed_at
)

select * from final
