-- duplicate_events: event keys stored more than once. The load de-duplicates on the key
-- (within a file and against what is loaded), so any row here is a loader bug.
-- Grain: one row per duplicated event key.
with final as (
    select
        events.event_key,
        count(*) as copies
    from events
    group by events.event_key
    having count(*) > 1
)

select * from final
