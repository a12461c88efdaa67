-- event_before_receipt: events dated before their case's receipt. They are loaded (the
-- event happened), but a lead time measured from receipt misses that work.
-- Grain: one row per offending event.
with final as (
    select
        events.event_key,
        events.case_id,
        events.activity,
        events.event_at,
        cases.received_at,
        cases.received_rule
    from events
    inner join cases on cases.case_id = events.case_id
    where events.event_at < cases.received_at
)

select * from final
