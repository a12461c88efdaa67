-- definition: The capacity records (hours per employee and week) with the team the employee
--   belongs to in that week and its location (employee_weeks), so that hours per team or per
--   employee within a team are read from one table, without joining the two per page. Ordered
--   by team and employee, so that one team's or one employee's weeks lie in few row groups.
-- grain: one row per employee_id and week_start
-- unit: hours
-- inputs: capacity, employee_weeks
-- columns:
--   employee_id: employee
--   week_start: Monday of the ISO week
--   team_id: team in that week (employee_weeks)
--   location_id: that team's location
--   contract_hours: contract hours (capacity)
--   available_hours: hours available for work (capacity)
--   direct_hours: direct (productive) hours (capacity)
--   absence_hours: absence (sick) hours (capacity)
with final as (
    select
        capacity.employee_id,
        capacity.week_start,
        weeks.team_id,
        weeks.location_id,
        capacity.contract_hours,
        capacity.available_hours,
        capacity.direct_hours,
        capacity.absence_hours
    from capacity
    join employee_weeks as weeks
        on weeks.employee_id = capacity.employee_id and weeks.week_start = capacity.week_start
)

select * from final order by team_id, employee_id
