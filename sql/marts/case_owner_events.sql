-- definition: The moments a case gets an owner: each assign event (a later one to someone else is a
--   reassignment; one without an employee puts the case back to te plannen). A case without any
--   assign event (most real logs) is assigned by its first event that names an employee.
-- grain: one row per ownership change
-- unit: -
-- inputs: stg_case_milestones, stg_case_event_summary
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   owned_from: instant the owner takes the case (UTC)
--   employee_id: the owner; null = unassigned
--   team_id: team named by the assigning event
--   location_id: location named by the assigning event
with assign_events as (
    select case_id, event_at as owned_from, employee_id, team_id, location_id
    from stg_case_milestones
    where milestone = 'assign'
),

first_employee_events as (
    select
        case_id,
        first_employee_event_at    as owned_from,
        first_employee_id          as employee_id,
        first_employee_team_id     as team_id,
        first_employee_location_id as location_id
    from stg_case_event_summary
    where assign_event_count = 0 and first_employee_id is not null
),

final as (
    select * from assign_events
    union all
    select * from first_employee_events
)

select * from final
