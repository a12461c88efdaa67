-- definition: The weeks an employee has capacity or completes work, with the team the employee
--   belongs to on the week's Monday (employee_teams), else the team named most in that week's
--   work, and that team's location. Weekly per-employee figures group by this, so summing over
--   the employees of a team gives the team's figure.
-- grain: one row per employee_id and week_start
-- unit: -
-- inputs: capacity, work_item_days, employee_teams, teams
-- columns:
--   employee_id: employee
--   week_start: Monday of the ISO week
--   team_id: team on that Monday, else the team of most of that week's work
--   location_id: that team's location
with weeks as (
    select employee_id, week_start from capacity
    union
    select employee_id, week_start from work_item_days where employee_id is not null
),

team_work as (
    select employee_id, week_start, team_id, sum(completed_count) as completed_count
    from work_item_days
    where employee_id is not null and team_id is not null
    group by all
),

work_team as (
    select employee_id, week_start, arg_max(team_id, completed_count) as team_id
    from team_work
    group by employee_id, week_start
),

final as (
    select
        weeks.employee_id,
        weeks.week_start,
        coalesce(membership.team_id, work_team.team_id) as team_id,
        teams.location_id
    from weeks
    left join employee_teams as membership
        on membership.employee_id = weeks.employee_id
       and weeks.week_start >= membership.valid_from
       and (membership.valid_to is null or weeks.week_start < membership.valid_to)
    left join work_team
        on work_team.employee_id = weeks.employee_id and work_team.week_start = weeks.week_start
    left join teams on teams.team_id = coalesce(membership.team_id, work_team.team_id)
)

select * from final
