-- cases: one row per case, from its events and the case attributes of its source.
-- Grain: one row per case_id.
-- Columns:
--   first_event_at, last_event_at  earliest and latest event of the case (UTC)
--   event_count                    number of events
--   received_at                    case attribute received_at, else the first event (received_rule says which)
--   decided_at                     per decided_rule: the attribute (null = still open), or the last event
--   deadline_at                    legal term (case attribute), null where the source has none
--   team_id, location_id           of the last event that names them
with event_span as (
    select
        case_id,
        min(event_at)                    as first_event_at,
        max(event_at)                    as last_event_at,
        count(*)                         as event_count,
        arg_max(team_id, event_at)       as team_id,
        arg_max(location_id, event_at)   as location_id
    from events
    group by case_id
),

final as (
    select
        event_span.case_id,
        case_attributes.case_type,
        case_attributes.route,
        case_attributes.target_group,
        case_attributes.priority,
        case_attributes.complexity,
        event_span.first_event_at,
        event_span.last_event_at,
        event_span.event_count,
        coalesce(case_attributes.received_at, event_span.first_event_at) as received_at,
        case
            when case_attributes.decided_rule is null or case_attributes.decided_rule = 'last event'
                then event_span.last_event_at
            else case_attributes.decided_at
        end                                                              as decided_at,
        case_attributes.deadline_at,
        case_attributes.notice_of_default_at,
        case_attributes.outcome,
        event_span.team_id,
        event_span.location_id,
        coalesce(case_attributes.received_rule, 'first event')           as received_rule,
        coalesce(case_attributes.decided_rule, 'last event')             as decided_rule
    from event_span
    left join case_attributes on case_attributes.case_id = event_span.case_id
)

select * from final
