-- definition: Events per case and employee, so that per-employee counts never rescan the events.
-- grain: one row per case_id and employee_id (events without an employee are left out)
-- unit: events
-- inputs: events
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   employee_id: employee (org:resource)
--   event_count: events of this employee in this case
with counted as (
    select case_id, employee_id, count(*) as event_count
    from events
    where employee_id is not null
    group by case_id, employee_id
),

final as (
    select * from counted
)

select * from final
