-- definition: What the events of one case say about it as a whole, computed in one pass over the
--   events so that no later model needs to read the events again.
-- grain: one row per case_id
-- unit: -
-- inputs: events
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   first_event_at: earliest event (UTC instant)
--   last_event_at: latest event (UTC instant)
--   event_count: number of events
--   last_team_id: team of the latest event that names a team
--   last_location_id: location of the latest event that names a location
--   first_employee_event_at: earliest event that names an employee
--   first_employee_id: employee of that event: the owner in logs without assign events
--   first_employee_team_id: team of that event
--   first_employee_location_id: location of that event
--   assign_event_count: events with lifecycle assign
--   decision_event_count: completed beschikking events
with events_per_case as (
    select
        case_id,
        min(event_at)                                                           as first_event_at,
        max(event_at)                                                           as last_event_at,
        count(*)                                                                as event_count,
        arg_max(team_id, event_at) filter (where team_id is not null)           as last_team_id,
        arg_max(location_id, event_at) filter (where location_id is not null)   as last_location_id,
        min(event_at) filter (where employee_id is not null)                    as first_employee_event_at,
        arg_min(employee_id, event_at) filter (where employee_id is not null)   as first_employee_id,
        arg_min(team_id, event_at) filter (where employee_id is not null)       as first_employee_team_id,
        arg_min(location_id, event_at) filter (where employee_id is not null)   as first_employee_location_id,
        count(*) filter (where lifecycle = 'assign')                            as assign_event_count,
        count(*) filter (where activity = 'beschikking' and lifecycle = 'complete')
                                                                                as decision_event_count
    from events
    group by case_id
),

final as (
    select * from events_per_case
)

select * from final
