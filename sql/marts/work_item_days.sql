-- definition: Completed product steps per day, product, case type, route and employee, with the
--   employee's team and location on that day and the norm valid on that day: the norm for the
--   activity and the case type, else the norm for the activity alone (norms valid_from
--   inclusive, valid_to exclusive, dates in Europe/Amsterdam). Aggregated per day so that the
--   work indicators never read one row per event.
-- grain: one row per completed_on, activity, case_type, route, employee_id, team_id and location_id
-- unit: minutes
-- inputs: stg_work_items, employee_teams, teams, norms
-- columns:
--   completed_on: date of completion (Europe/Amsterdam)
--   week_start: Monday of its ISO week
--   month: its month (YYYY-MM)
--   activity: product (step)
--   case_type: case type
--   route: route
--   employee_id: employee who completed it
--   team_id: employee's team that day (employee_teams), else the team the events name
--   location_id: that team's location, else the one the events name
--   completed_count: products completed
--   timed_count: of which with a handling time (booked, or start and complete)
--   handling_minutes: sum of the handling times
--   norm_minutes_each: norm valid that day; null if none
--   normative_minutes: norm_minutes_each x completed_count
--   timed_norm_minutes: norm_minutes_each x timed_count
--   timed_handling_minutes_with_norm: handling_minutes where a norm exists, else null
with per_day as (
    select
        completed_on, week_start, month, activity, case_type, route, employee_id,
        team_id                  as event_team_id,
        location_id              as event_location_id,
        count(*)                 as completed_count,
        count(handling_minutes)  as timed_count,
        sum(handling_minutes)    as handling_minutes
    from stg_work_items
    group by all
),

resolved as (
    select
        per_day.*,
        coalesce(membership.team_id, per_day.event_team_id)                 as team_id,
        coalesce(teams.location_id, per_day.event_location_id)             as location_id,
        coalesce(specific_norm.norm_minutes, generic_norm.norm_minutes)     as norm_minutes_each
    from per_day
    left join employee_teams as membership
        on membership.employee_id = per_day.employee_id
       and per_day.completed_on >= membership.valid_from
       and (membership.valid_to is null or per_day.completed_on < membership.valid_to)
    left join teams on teams.team_id = coalesce(membership.team_id, per_day.event_team_id)
    left join norms as specific_norm
        on specific_norm.activity = per_day.activity
       and specific_norm.case_type = per_day.case_type
       and per_day.completed_on >= specific_norm.valid_from
       and (specific_norm.valid_to is null or per_day.completed_on < specific_norm.valid_to)
    left join norms as generic_norm
        on generic_norm.activity = per_day.activity
       and generic_norm.case_type is null
       and per_day.completed_on >= generic_norm.valid_from
       and (generic_norm.valid_to is null or per_day.completed_on < generic_norm.valid_to)
),

final as (
    select
        completed_on, week_start, month, activity, case_type, route, employee_id, team_id,
        location_id,
        sum(completed_count)::bigint                        as completed_count,
        sum(timed_count)::bigint                            as timed_count,
        sum(handling_minutes)                               as handling_minutes,
        any_value(norm_minutes_each)                        as norm_minutes_each,
        sum(norm_minutes_each * completed_count)            as normative_minutes,
        sum(norm_minutes_each * timed_count)                as timed_norm_minutes,
        sum(case when norm_minutes_each is not null then handling_minutes end)
                                                            as timed_handling_minutes_with_norm
    from resolved
    group by completed_on, week_start, month, activity, case_type, route, employee_id, team_id,
             location_id
)

select * from final
