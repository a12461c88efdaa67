-- definition: The periods in which a case is open (in the stock). A case opens at receipt (the
--   case attribute received_at, else its first event) and closes at a decision (each completed
--   beschikking event; a case without them closes per its decided rule: the decided_at attribute,
--   null = still open, or its last event). A heropening after a decision opens it again until the
--   next decision. A decision while closed and a reopening while open change nothing. A decision
--   stamped before receipt closes the period at the moment of receipt, so the stock stays
--   consistent; recorded_closed_at keeps the recorded instant (sql/checks reports such cases).
-- grain: one row per case_id and period_number
-- unit: -
-- inputs: stg_case_event_summary, stg_case_milestones, case_attributes
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   period_number: 1 for the period from receipt, 2.. for each reopening
--   opened_at: start of the period (UTC instant)
--   opened_by: ontvangst or heropening
--   closed_at: the decision that ends the period; null = open now
--   recorded_closed_at: that decision's instant as recorded, even when before receipt
with case_base as (
    select
        summary.case_id,
        coalesce(attributes.received_at, summary.first_event_at) as received_at,
        summary.decision_event_count,
        case
            when attributes.decided_rule is null or attributes.decided_rule = 'last event'
                then summary.last_event_at
            else attributes.decided_at
        end                                                     as rule_decided_at
    from stg_case_event_summary as summary
    left join case_attributes as attributes on attributes.case_id = summary.case_id
),

-- kind_order puts a receipt before a decision at the same instant, and a decision before a
-- reopening at the same instant.
status_events as (
    select
        case_id,
        received_at  as status_at,
        received_at  as recorded_at,
        'ontvangst'  as status_kind,
        0            as kind_order
    from case_base
    union all
    select
        milestones.case_id,
        greatest(milestones.event_at, case_base.received_at),
        milestones.event_at,
        'beschikking',
        1
    from stg_case_milestones as milestones
    inner join case_base on case_base.case_id = milestones.case_id
    where milestones.milestone = 'decision'
    union all
    select case_id, greatest(rule_decided_at, received_at), rule_decided_at, 'beschikking', 1
    from case_base
    where decision_event_count = 0 and rule_decided_at is not null
    union all
    select
        milestones.case_id,
        greatest(milestones.event_at, case_base.received_at),
        milestones.event_at,
        'heropening',
        2
    from stg_case_milestones as milestones
    inner join case_base on case_base.case_id = milestones.case_id
    where milestones.milestone = 'reopen'
),

sequenced as (
    select
        *,
        lag(status_kind) over (partition by case_id order by status_at, kind_order) as previous_kind
    from status_events
),

-- A case is open after an ontvangst or heropening and closed after a beschikking, so an opening
-- counts only when the case was closed before it, and a closing only when it was open.
period_starts as (
    select
        case_id,
        status_at   as opened_at,
        status_kind as opened_by,
        row_number() over (partition by case_id order by status_at, kind_order) as period_number
    from sequenced
    where status_kind <> 'beschikking' and (previous_kind is null or previous_kind = 'beschikking')
),

period_ends as (
    select
        case_id,
        status_at   as closed_at,
        recorded_at as recorded_closed_at,
        row_number() over (partition by case_id order by status_at, kind_order) as period_number
    from sequenced
    where status_kind = 'beschikking' and previous_kind in ('ontvangst', 'heropening')
),

final as (
    select
        period_starts.case_id,
        period_starts.period_number,
        period_starts.opened_at,
        period_starts.opened_by,
        period_ends.closed_at,
        period_ends.recorded_closed_at
    from period_starts
    left join period_ends
        on period_ends.case_id = period_starts.case_id
       and period_ends.period_number = period_starts.period_number
)

select * from final
