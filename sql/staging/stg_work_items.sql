-- definition: Every completed product step (a complete event), with its handling time: the booked
--   effort where the source books time, else the time since the matching start event (the
--   previous start/complete event of the same case and activity, when that is a start).
-- grain: one row per complete event
-- unit: minutes
-- inputs: events
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   activity: the product (step) completed
--   completed_at: instant of the complete event (UTC)
--   started_at: instant of the matching start event, null if none
--   employee_id: employee of the complete event, else of the start event
--   team_id: team named by the complete event
--   location_id: location named by the complete event
--   handling_minutes: booked effort, else minutes from start to complete; null if neither
--   handling_source: booked, start-complete, or null
with work_events as (
    select case_id, activity, lifecycle, event_at, employee_id, team_id, location_id, effort_minutes
    from events
    where lifecycle in ('start', 'complete')
      and activity not in ('opschorting', 'heropening')
),

with_previous as (
    select
        *,
        lag(lifecycle) over by_product   as previous_lifecycle,
        lag(event_at) over by_product    as previous_event_at,
        lag(employee_id) over by_product as previous_employee_id
    from work_events
    window by_product as (
        partition by case_id, activity
        order by event_at, lifecycle = 'complete'
    )
),

final as (
    select
        case_id,
        activity,
        event_at                                                             as completed_at,
        case when previous_lifecycle = 'start' then previous_event_at end     as started_at,
        coalesce(
            employee_id, case when previous_lifecycle = 'start' then previous_employee_id end
        )                                                                    as employee_id,
        team_id,
        location_id,
        coalesce(
            effort_minutes,
            case
                when previous_lifecycle = 'start'
                    then (epoch(event_at) - epoch(previous_event_at)) / 60.0
            end
        )                                                                    as handling_minutes,
        case
            when effort_minutes is not null then 'booked'
            when previous_lifecycle = 'start' then 'start-complete'
        end                                                                  as handling_source
    from with_previous
    where lifecycle = 'complete'
)

select * from final
