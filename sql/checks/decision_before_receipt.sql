-- decision_before_receipt: cases decided before they were received.
-- Grain: one row per offending case. Such a case has a negative lead time; usually a
-- wrong receipt or decision date in the source, or a mapping to the wrong attribute.
with final as (
    select
        cases.case_id,
        cases.received_at,
        cases.decided_at,
        cases.received_rule,
        cases.decided_rule
    from cases
    where cases.decided_at < cases.received_at
)

select * from final
