-- definition: The events that change a case's status or owner: assignment, suspension and its end,
--   decision (beschikking) and reopening (heropening), per the event conventions of
--   pipelines/schema.py.
-- grain: one row per milestone event
-- unit: -
-- inputs: events
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   event_at: instant of the event (UTC)
--   milestone: assign, suspend, resume, decision or reopen
--   employee_id: employee named by the event (the new owner for assign; null = unassigned)
--   team_id: team named by the event
--   location_id: location named by the event
with milestone_events as (
    select
        case_id,
        event_at,
        case
            when lifecycle = 'assign' then 'assign'
            when activity = 'opschorting' and lifecycle = 'suspend' then 'suspend'
            when activity = 'opschorting' and lifecycle = 'resume' then 'resume'
            when activity = 'beschikking' and lifecycle = 'complete' then 'decision'
            when activity = 'heropening' and lifecycle = 'complete' then 'reopen'
        end as milestone,
        employee_id,
        team_id,
        location_id
    from events
    where lifecycle in ('assign', 'suspend', 'resume')
       or (activity in ('beschikking', 'heropening') and lifecycle = 'complete')
),

final as (
    select * from milestone_events
    where milestone is not null
)

select * from final
