-- title_nl: Werkvoorraad per medewerker per week
-- title_en: Open stock per employee per week
-- definition: Open cases per owner at the end of each week (Sunday, Europe/Amsterdam) and at the
--   end of the as-of date, by state, team, location, case type and route. Counted as in
--   werkvoorraad_daily, so the sum over the employees of a team equals the team's lopend and
--   opgeschort cases on that date.
-- grain: one row per snapshot_date, employee_id, state, team_id, location_id, case_type and route with open cases
-- unit: cases
-- inputs: case_state_intervals, calendar_days, data_as_of
-- period_column: snapshot_date
-- columns:
--   snapshot_date: the day at whose end the count is taken: a Sunday, or the as-of date
--   week_start: Monday of that week
--   employee_id: owner
--   state: lopend or opgeschort
--   team_id: owner's team
--   location_id: location
--   case_type: case type
--   route: route
--   case_count: open cases owned
with deltas as (
    select
        (valid_from at time zone 'Europe/Amsterdam')::date as change_on,
        employee_id, state, team_id, location_id, case_type, route,
        1 as delta
    from case_state_intervals
    where employee_id is not null
    union all
    select
        (valid_to at time zone 'Europe/Amsterdam')::date,
        employee_id, state, team_id, location_id, case_type, route,
        -1
    from case_state_intervals
    where employee_id is not null and valid_to is not null
),

per_change_day as (
    select change_on, employee_id, state, team_id, location_id, case_type, route,
           sum(delta) as delta
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
        partition by employee_id, state, team_id, location_id, case_type, route
        order by change_on rows between unbounded preceding and current row
    )
),

snapshot_days as (
    select calendar_days.calendar_date, calendar_days.week_start
    from calendar_days
    cross join data_as_of
    where calendar_days.calendar_date <= data_as_of.as_of_date
      and (dayofweek(calendar_days.calendar_date) = 0
           or calendar_days.calendar_date = data_as_of.as_of_date)
),

final as (
    select
        snapshot_days.calendar_date as snapshot_date,
        snapshot_days.week_start,
        running.employee_id,
        running.state,
        running.team_id,
        running.location_id,
        running.case_type,
        running.route,
        running.case_count::bigint  as case_count
    from running
    inner join snapshot_days
        on snapshot_days.calendar_date >= running.change_on
       and (running.next_change_on is null or snapshot_days.calendar_date < running.next_change_on)
    where running.case_count <> 0
)

select * from final
