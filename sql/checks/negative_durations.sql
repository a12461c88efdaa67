-- negative_durations: cases with a duration below zero: last event before first event, or
-- decision before receipt. Grain: one row per offending case.
with final as (
    select
        cases.case_id,
        cases.first_event_at,
        cases.last_event_at,
        cases.received_at,
        cases.decided_at
    from cases
    where cases.last_event_at < cases.first_event_at
        or cases.decided_at < cases.received_at
)

select * from final
