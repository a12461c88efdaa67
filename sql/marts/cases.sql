-- definition: One row per case: what its events and the case attributes of its source say, with
--   receipt and decision as the open periods define them.
-- grain: one row per case_id
-- unit: -
-- inputs: stg_case_event_summary, case_open_periods, case_attributes
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   case_type: asiel, nareis, regulier, naturalisatie, ... (null where the source has none)
--   route: process route (AA, VA, Dublin, ...)
--   target_group: doelgroep
--   priority: priority
--   complexity: complexity class
--   first_event_at: earliest event of the case (UTC)
--   last_event_at: latest event of the case (UTC)
--   event_count: number of events
--   received_at: case attribute received_at, else the first event (received_rule says which)
--   decided_at: the decision that ended the last open period, as recorded; null = open now (also after a reopening)
--   deadline_at: legal term (case attribute), null where the source has none
--   notice_of_default_at: ingebrekestelling received (case attribute)
--   outcome: outcome of the decision
--   team_id: team of the latest event that names one
--   location_id: location of the latest event that names one
--   received_rule: source of received_at: attribute name or 'first event'
--   decided_rule: source of decided_at when the case has no beschikking events
--   reopen_count: number of reopenings that opened the case again
--   is_open: the case is in the open stock now
with period_summary as (
    select
        case_id,
        count(*) filter (where opened_by = 'heropening')       as reopen_count,
        arg_max(recorded_closed_at, period_number)             as last_closed_at,
        bool_or(closed_at is null)                             as is_open
    from case_open_periods
    group by case_id
),

final as (
    select
        summary.case_id,
        attributes.case_type,
        attributes.route,
        attributes.target_group,
        attributes.priority,
        attributes.complexity,
        summary.first_event_at,
        summary.last_event_at,
        summary.event_count,
        coalesce(attributes.received_at, summary.first_event_at) as received_at,
        case when not period_summary.is_open then period_summary.last_closed_at end
                                                                 as decided_at,
        attributes.deadline_at,
        attributes.notice_of_default_at,
        attributes.outcome,
        summary.last_team_id                                     as team_id,
        summary.last_location_id                                 as location_id,
        coalesce(attributes.received_rule, 'first event')        as received_rule,
        coalesce(attributes.decided_rule, 'last event')          as decided_rule,
        period_summary.reopen_count,
        period_summary.is_open
    from stg_case_event_summary as summary
    inner join period_summary on period_summary.case_id = summary.case_id
    left join case_attributes as attributes on attributes.case_id = summary.case_id
)

select * from final
