-- definition: The completed product steps (work_items) of a product completed more than once in
--   its case: every completion of that product in that case, the first one included. A product
--   completed once is never rework, whichever rows a page selects, so the pages number the
--   repeats among the rows they select from this table alone instead of sorting all work items.
--   Ordered by team and employee, so that one team's or one employee's rows lie in few row
--   groups.
-- grain: one row per complete event
-- unit: -
-- inputs: work_items, work_item_steps
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   activity: product (step)
--   completed_at: instant of completion (UTC)
--   month: its month (YYYY-MM, Europe/Amsterdam)
--   employee_id: employee who completed it
--   team_id: employee's team at completion
--   location_id: location at completion
--   case_type: case type
--   route: route
with repeated as (
    select case_id, activity
    from work_item_steps
    where repeat_number = 2
),

final as (
    select
        work.case_id,
        work.activity,
        work.completed_at,
        work.month,
        work.employee_id,
        work.team_id,
        work.location_id,
        work.case_type,
        work.route
    from work_items as work
    semi join repeated
        on repeated.case_id = work.case_id and repeated.activity = work.activity
)

select * from final order by team_id, employee_id
