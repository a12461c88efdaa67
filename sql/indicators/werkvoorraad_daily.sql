-- title_nl: Werkvoorraad per dag (te plannen, lopend, opgeschort)
-- title_en: Open stock per day by state
-- definition: Open cases at the end of each day (Europe/Amsterdam; the state just before
--   midnight) by state, location, team, case type and route, from the first receipt up to the
--   as-of date. A case counts on the days from the date its state interval starts up to, not
--   including, the date it ends. Days and units with no open case have no row (zero).
-- grain: one row per calendar_date, state, location_id, team_id, case_type and route with open cases
-- unit: cases
-- inputs: case_state_intervals, calendar_days, data_as_of
-- period_column: calendar_date
-- columns:
--   calendar_date: the day (Europe/Amsterdam); the count is at its end
--   state: te_plannen, lopend or opgeschort
--   location_id: location
--   team_id: team (null = te plannen)
--   case_type: case type
--   route: route
--   case_count: open cases
with deltas as (
    select
        (valid_from at time zone 'Europe/Amsterdam')::date as change_on,
        state, location_id, team_id, case_type, route,
        1 as delta
    from case_state_intervals
    union all
    select
        (valid_to at time zone 'Europe/Amsterdam')::date,
        state, location_id, team_id, case_type, route,
        -1
    from case_state_intervals
    where valid_to is not null
),

per_change_day as (
    select change_on, state, location_id, team_id, case_type, route, sum(delta) as delta
    from deltas
    group by all
),

running as (
    select
        *,
        sum(delta) over by_day      as case_count,
        lead(change_on) over by_day as next_change_on
    from per_change_day
    window by_day as (
        partition by state, location_id, team_id, case_type, route
        order by change_on rows between unbounded preceding and current row
    )
),

final as (
    select
        calendar_days.calendar_date,
        running.state,
        running.location_id,
        running.team_id,
        running.case_type,
        running.route,
        running.case_count::bigint as case_count
    from running
    cross join data_as_of
    inner join calendar_days
        on calendar_days.calendar_date >= running.change_on
       and calendar_days.calendar_date < coalesce(running.next_change_on, data_as_of.as_of_date + 1)
       and calendar_days.calendar_date <= data_as_of.as_of_date
    where running.case_count <> 0
)

select * from final
