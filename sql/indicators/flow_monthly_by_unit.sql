-- title_nl: Instroom, uitstroom en overdrachten per maand per team
-- title_en: Inflow, outflow and transfers per month per unit
-- definition: As flow_monthly, per location, team, case type and route of the case at the time.
--   A case that moves to another team or location while open is a transfer out of the old unit
--   and a transfer into the new one, so per unit open_at_month_end = open_at_month_start + inflow
--   + transfers_in - outflow - transfers_out holds exactly. Te plannen cases have no team.
-- grain: one row per month, location_id, team_id, case_type and route with any open case or movement
-- unit: cases
-- inputs: case_state_intervals, case_open_periods, cases, calendar_days, data_as_of
-- period_column: month
-- columns:
--   month: YYYY-MM (Europe/Amsterdam)
--   location_id: location
--   team_id: team (null = te plannen)
--   case_type: case type
--   route: route
--   inflow: open periods that started in this unit in the month
--   transfers_in: open cases that moved into this unit in the month
--   outflow: decisions in this unit in the month
--   transfers_out: open cases that moved out of this unit in the month
--   open_at_month_start: open in this unit at the start of the month
--   open_at_month_end: open in this unit at the end of the month
with neighbours as (
    select
        *,
        lag(location_id) over by_time   as previous_location_id,
        lag(team_id) over by_time       as previous_team_id,
        lag(valid_to) over by_time      as previous_valid_to,
        lag(period_number) over by_time as previous_period_number,
        lead(location_id) over by_time  as next_location_id,
        lead(team_id) over by_time      as next_team_id,
        lead(valid_from) over by_time   as next_valid_from,
        lead(period_number) over by_time as next_period_number
    from case_state_intervals
    window by_time as (partition by case_id order by valid_from)
),

-- An interval continues the previous one when it starts where that ended in the same period.
classified as (
    select
        *,
        previous_period_number is not distinct from period_number
            and previous_valid_to = valid_from                              as continues_previous,
        next_period_number is not distinct from period_number
            and next_valid_from = valid_to                                  as continued_by_next,
        previous_location_id is not distinct from location_id
            and previous_team_id is not distinct from team_id               as same_unit_as_previous,
        next_location_id is not distinct from location_id
            and next_team_id is not distinct from team_id                   as same_unit_as_next
    from neighbours
),

movements as (
    select
        strftime(valid_from at time zone 'Europe/Amsterdam', '%Y-%m') as month,
        location_id, team_id, case_type, route,
        case when not continues_previous then 1 else 0 end            as inflow,
        case when continues_previous and not same_unit_as_previous then 1 else 0 end
                                                                      as transfers_in,
        0 as outflow,
        0 as transfers_out
    from classified
    where not (continues_previous and same_unit_as_previous)
    union all
    select
        strftime(valid_to at time zone 'Europe/Amsterdam', '%Y-%m'),
        location_id, team_id, case_type, route,
        0,
        0,
        case when not continued_by_next then 1 else 0 end,
        case when continued_by_next and not same_unit_as_next then 1 else 0 end
    from classified
    where valid_to is not null and not (continued_by_next and same_unit_as_next)
    union all
    -- A period decided at the instant it opened has no state interval; it still flows in and
    -- out, at the case's location.
    select
        strftime(periods.opened_at at time zone 'Europe/Amsterdam', '%Y-%m'),
        cases.location_id, null, cases.case_type, cases.route,
        1, 0, 0, 0
    from case_open_periods as periods
    inner join cases on cases.case_id = periods.case_id
    where periods.closed_at = periods.opened_at
    union all
    select
        strftime(periods.closed_at at time zone 'Europe/Amsterdam', '%Y-%m'),
        cases.location_id, null, cases.case_type, cases.route,
        0, 0, 1, 0
    from case_open_periods as periods
    inner join cases on cases.case_id = periods.case_id
    where periods.closed_at = periods.opened_at
),

per_unit_month as (
    select
        month, location_id, team_id, case_type, route,
        sum(inflow)::bigint        as inflow,
        sum(transfers_in)::bigint  as transfers_in,
        sum(outflow)::bigint       as outflow,
        sum(transfers_out)::bigint as transfers_out
    from movements
    group by all
),

units as (
    select location_id, team_id, case_type, route, min(month) as first_month
    from per_unit_month
    group by all
),

months as (
    select distinct month
    from calendar_days
    where month between (select min(month) from per_unit_month)
                    and greatest(
                                      (select max(month) from per_unit_month),
                                      (select strftime(as_of_date, '%Y-%m') from data_as_of)
                                  )
),

dense as (
    select
        months.month, units.location_id, units.team_id, units.case_type, units.route,
        coalesce(flows.inflow, 0)        as inflow,
        coalesce(flows.transfers_in, 0)  as transfers_in,
        coalesce(flows.outflow, 0)       as outflow,
        coalesce(flows.transfers_out, 0) as transfers_out
    from units
    inner join months on months.month >= units.first_month
    left join per_unit_month as flows
        on flows.month = months.month
       and flows.location_id is not distinct from units.location_id
       and flows.team_id is not distinct from units.team_id
       and flows.case_type is not distinct from units.case_type
       and flows.route is not distinct from units.route
),

stocked as (
    select
        *,
        sum(inflow + transfers_in - outflow - transfers_out) over (
            partition by location_id, team_id, case_type, route
            order by month rows between unbounded preceding and current row
        ) as running_open
    from dense
),

final as (
    select
        month, location_id, team_id, case_type, route,
        inflow, transfers_in, outflow, transfers_out,
        (running_open - (inflow + transfers_in - outflow - transfers_out))::bigint
                              as open_at_month_start,
        running_open::bigint  as open_at_month_end
    from stocked
    where running_open <> 0 or inflow + transfers_in + outflow + transfers_out > 0
       or running_open - (inflow + transfers_in - outflow - transfers_out) <> 0
)

select * from final
