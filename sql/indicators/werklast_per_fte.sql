-- title_nl: Werklast per medewerker (weken werk)
-- title_en: Workload per employee (weeks of work)
-- definition: At the as-of date, per employee: open work = the remaining norm hours of the open
--   cases the employee owns (lopend or opgeschort), divided by the employee's available productive
--   hours per week = mean direct hours of the last four capacity weeks up to the as-of date
--   (capacity already reflects fte, so a 0.5 fte employee with the same work has twice the
--   weeks). Remaining norm hours of a case = the mean total norm time of the decided cases of its
--   case type minus the norm time of the products already completed in it, at least 0; all
--   products valued at the norms valid on the as-of date (remaining work is done at today's
--   norms). Null where norms or capacity are missing.
-- grain: one row per employee with open cases or recent capacity
-- unit: weeks
-- inputs: case_state_intervals, case_norms_today, capacity, employees, employee_teams, teams,
--   data_as_of
-- columns:
--   employee_id: employee
--   team_id: team at the as-of date (employee_teams), else the team of the employee's open cases
--   location_id: that team's location
--   fte: contract fte
--   open_case_count: open cases owned
--   remaining_norm_hours: remaining norm hours of those cases
--   productive_hours_per_week: mean direct hours per week, last four capacity weeks
--   werklast_weeks: remaining_norm_hours / productive_hours_per_week
with expected_norm as (
    select distinct case_type, expected_norm_minutes
    from case_norms_today
    where expected_norm_minutes is not null
),

open_owned as (
    select
        intervals.employee_id,
        intervals.team_id,
        intervals.case_id,
        greatest(
            expected_norm.expected_norm_minutes - coalesce(case_norms.done_norm_minutes, 0), 0
        ) / 60.0 as remaining_norm_hours
    from case_state_intervals as intervals
    left join case_norms_today as case_norms on case_norms.case_id = intervals.case_id
    left join expected_norm on expected_norm.case_type is not distinct from intervals.case_type
    where intervals.valid_to is null and intervals.employee_id is not null
),

owned_per_employee as (
    select
        employee_id,
        mode(team_id)              as case_team_id,
        count(*)                   as open_case_count,
        case when count(remaining_norm_hours) = count(*) then sum(remaining_norm_hours) end
                                   as remaining_norm_hours
    from open_owned
    group by employee_id
),

recent_capacity as (
    select capacity.employee_id, avg(capacity.direct_hours) as productive_hours_per_week
    from capacity
    cross join data_as_of
    where capacity.week_start <= data_as_of.as_of_date
      and capacity.week_start > date_trunc('week', data_as_of.as_of_date)::date - 28
    group by capacity.employee_id
),

people as (
    select employee_id from owned_per_employee
    union
    select employee_id from recent_capacity
),

final as (
    select
        people.employee_id,
        coalesce(membership.team_id, owned.case_team_id)                  as team_id,
        teams.location_id,
        employees.fte,
        coalesce(owned.open_case_count, 0)                                as open_case_count,
        case when owned.employee_id is null then 0.0 else owned.remaining_norm_hours end
                                                                          as remaining_norm_hours,
        recent_capacity.productive_hours_per_week,
        case when owned.employee_id is null then 0.0 else owned.remaining_norm_hours end
            / nullif(recent_capacity.productive_hours_per_week, 0)        as werklast_weeks
    from people
    cross join data_as_of
    left join owned_per_employee as owned on owned.employee_id = people.employee_id
    left join recent_capacity on recent_capacity.employee_id = people.employee_id
    left join employees on employees.employee_id = people.employee_id
    left join employee_teams as membership
        on membership.employee_id = people.employee_id
       and data_as_of.as_of_date >= membership.valid_from
       and (membership.valid_to is null or data_as_of.as_of_date < membership.valid_to)
    left join teams on teams.team_id = coalesce(membership.team_id, owned.case_team_id)
)

select * from final
