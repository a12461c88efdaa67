-- definition: Every employee and team that appear together in the state intervals: the employee
--   owned a case while a member of that team (by employee_teams, else by the assigning event).
--   Who belongs to which team, as the cases show it; the dashboard's access checks read this
--   small table (with employee_teams) instead of scanning the intervals on every new version.
-- grain: one row per employee_id and team_id
-- unit: -
-- inputs: case_state_intervals
-- columns:
--   employee_id: employee
--   team_id: team
with final as (
    select distinct employee_id, team_id
    from case_state_intervals
    where employee_id is not null and team_id is not null
)

select * from final
