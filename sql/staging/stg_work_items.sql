-- definition: Every completed product step (a complete event), with its handling time: the booked
--   effort where the source books time, else the time since the matching start event (the
--   previous start/complete event of the same case and activity, when that is a start).
-- grain: one row per complete event
-- unit: minutes
-- inputs: events, case_attributes, calendar_hours
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
--   case_type: case type of the case
--   route: route of the case
--   completed_on: date of completion in Europe/Amsterdam
--   week_start: Monday of its ISO week
--   month: its month (YYYY-MM)
-- The case's type and route join here, on the events, rather than on the result: there DuckDB
-- misjudges the sizes and builds its hash table on the 17 million work items of a 26-million-
-- event warehouse instead of on the cases (measured: a third of this model's time).
with work_events as (
    select
        events.case_id, events.activity, events.lifecycle, events.event_at, events.employee_id,
        events.team_id, events.location_id, events.effort_minutes,
        attributes.case_type, attributes.route
    from events
    left join case_attributes as attributes on attributes.case_id = events.case_id
    where events.lifecycle in ('start', 'complete')
      and events.activity not in ('opschorting', 'heropening')
),

-- A complete pairs with a start only in products that are ever started; the window (a sort per
-- case and product, the costliest step of the refresh) runs over those products alone.
started_products as (
    select distinct activity
    from work_events
    where lifecycle = 'start'
),

-- One lag of a struct instead of three lags: one pass over the sorted partitions.
paired as (
    select
        *,
        lag(struct_pack(lifecycle, event_at, employee_id)) over by_product as previous
    from work_events
    where activity in (select activity from started_products)
    window by_product as (
        partition by case_id, activity
        order by event_at, lifecycle = 'complete'
    )
),

unpaired as (
    select
        *,
        null::struct(lifecycle varchar, event_at timestamptz, employee_id varchar) as previous
    from work_events
    where lifecycle = 'complete'
      and activity not in (select activity from started_products)
),

with_previous as (
    select
        * exclude (previous),
        previous.lifecycle   as previous_lifecycle,
        previous.event_at    as previous_event_at,
        previous.employee_id as previous_employee_id
    from (
        select * from paired
        union all by name
        select * from unpaired
    )
),

-- The local date comes from the hour table: a time-zone conversion per row costs more than the
-- rest of this model together.
final as (
    select
        with_previous.case_id,
        with_previous.activity,
        with_previous.event_at                                                as completed_at,
        case
            when with_previous.previous_lifecycle = 'start' then with_previous.previous_event_at
        end                                                                   as started_at,
        coalesce(
            with_previous.employee_id,
            case
                when with_previous.previous_lifecycle = 'start'
                    then with_previous.previous_employee_id
            end
        )                                                                     as employee_id,
        with_previous.team_id,
        with_previous.location_id,
        coalesce(
            with_previous.effort_minutes,
            case
                when with_previous.previous_lifecycle = 'start'
                    then (epoch(with_previous.event_at) - epoch(with_previous.previous_event_at))
                        / 60.0
            end
        )                                                                     as handling_minutes,
        case
            when with_previous.effort_minutes is not null then 'booked'
            when with_previous.previous_lifecycle = 'start' then 'start-complete'
        end                                                                   as handling_source,
        with_previous.case_type,
        with_previous.route,
        hours.local_date                                                      as completed_on,
        hours.week_start,
        hours.month
    from with_previous
    left join calendar_hours as hours
        on hours.utc_hour = epoch_us(with_previous.event_at) // 3600000000
    where with_previous.lifecycle = 'complete'
)

select * from final
