-- title_nl: Activiteit per medewerker
-- title_en: Activity per employee
-- definition: Per employee (org:resource): the events that name the employee and the distinct
--   cases in which they appear. Events without an employee are left out.
-- grain: one row per employee_id
-- unit: events, cases
-- inputs: stg_case_employee_events
-- columns:
--   employee_id: employee
--   event_count: events naming the employee
--   case_count: distinct cases with such an event
with final as (
    select
        employee_id,
        sum(event_count)::bigint as event_count,
        count(*)                 as case_count
    from stg_case_employee_events
    group by employee_id
)

select * from final
