-- definition: Who is behind the figures of each combination of location, team, case type and
--   route (the combination of the case, as case_groups has it): every employee who owned one of
--   its cases at some time, with how many. The access checks count these people, and the share of
--   the cases the few busiest of them handled, before management sees a selection: a figure over
--   fewer people than the minimum group size, or nearly all made by fewer, is not shown.
-- grain: one row per location_id, team_id, case_type, route and employee_id
-- unit: cases
-- inputs: cases, case_state_intervals
-- columns:
--   location_id: location of the case
--   team_id: team of the case
--   case_type: case type
--   route: route
--   employee_id: an owner of some of these cases
--   cases: cases of this combination the employee owned at some time
with owners as (
    select distinct case_id, employee_id
    from case_state_intervals
    where employee_id is not null
),

final as (
    select c.location_id, c.team_id, c.case_type, c.route, o.employee_id, count(*) as cases
    from cases as c
    join owners as o using (case_id)
    group by all
)

select * from final
