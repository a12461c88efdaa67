-- definition: Per month, employee and the team, location, case type and route of their work:
--   the last day in the month the employee completed a product there. The Medewerker page's
--   list of employees who worked in a period, with the team they last worked for, reads the
--   whole months of the period here and only the days at its edges in work_item_days.
-- grain: one row per month, employee_id, team_id, location_id, case_type and route with any completed product
-- unit: days
-- inputs: work_item_days
-- columns:
--   month: first day of the month (Europe/Amsterdam)
--   employee_id: employee who completed products
--   team_id: employee's team on those days (as work_item_days)
--   location_id: that team's location (as work_item_days)
--   case_type: case type
--   route: route
--   last_completed_on: last day in the month with a completed product there
with final as (
    select
        date_trunc('month', completed_on)::date     as month,
        employee_id,
        team_id,
        location_id,
        case_type,
        route,
        max(completed_on)                           as last_completed_on
    from work_item_days
    where employee_id is not null
    group by all
)

select * from final
order by month, employee_id
