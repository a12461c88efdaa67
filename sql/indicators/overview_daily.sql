-- title_nl: Instroom, uitstroom, tijdigheid en termijnoverschrijding per dag
-- title_en: Inflow, outflow, timeliness and term overruns per day
-- definition: Per day (Europe/Amsterdam) and per location, team, case type and route of the case
--   (as in the cases mart): cases received, cases decided (with how many had a term and were
--   decided within it, and the sum of their gross lead times in days), and the events that
--   move a case in and out of the open stock and the past-term stock. Within the term means
--   at or before the legal term moved by suspension (case_timeliness, the one rule for
--   tijdigheid, as in timeliness_monthly). Open stock at the end of
--   day D = received up to D minus closed up to D; past term at the end of D = past_term_from
--   up to D minus past_term_to up to D. A case is closed at its decision, or at its receipt when
--   the recorded decision lies before it; it is past its term from the later of receipt and
--   deadline until it is closed. Summing these rows over any days and units gives exactly the
--   overview's counts for any period of whole days, without reading the cases.
-- grain: one row per day, location_id, team_id, case_type and route with any such event
-- unit: cases; days
-- inputs: cases, case_timeliness
-- period_column: day
-- columns:
--   day: the day (Europe/Amsterdam)
--   location_id: location of the case
--   team_id: team of the case
--   case_type: case type
--   route: route
--   received: cases received on the day
--   decided: cases decided on the day (last decision)
--   decided_with_term: of those, cases with a deadline
--   decided_within_term: of those, decided at or before the effective deadline (legal term moved
--     by suspension; case_timeliness.decided_within_term)
--   lead_time_days_sum: sum of the gross lead times [days] of the cases decided on the day
--   closed: cases that left the open stock on the day
--   past_term_from: open cases that passed their term on the day (or were received past it)
--   past_term_to: past-term cases that were closed on the day
-- Not materialised: read five times, the cases are scanned five times instead of being held
-- in memory, where a materialised CTE of millions of cases does not spill and ran out of it.
with timeline as not materialized (
    select
        case_id, location_id, team_id, case_type, route, received_at, decided_at, deadline_at,
        date_diff('second', received_at, decided_at) / 86400.0          as lead_time_days,
        -- greatest() skips nulls: an open case has no close and no end of its overrun
        case when decided_at is not null then greatest(received_at, decided_at) end
                                                                         as closed_at,
        case when deadline_at is not null then greatest(received_at, deadline_at) end
                                                                         as past_term_at
    from cases
    where received_at is not null
),

events as (
    select
        (received_at at time zone 'Europe/Amsterdam')::date as day,
        location_id, team_id, case_type, route,
        1 as received, 0 as decided, 0 as decided_with_term, 0 as decided_within_term,
        0.0 as lead_time_days_sum, 0 as closed, 0 as past_term_from, 0 as past_term_to
    from timeline
    union all
    select
        (timeline.decided_at at time zone 'Europe/Amsterdam')::date,
        timeline.location_id, timeline.team_id, timeline.case_type, timeline.route,
        0, 1, (timeline.deadline_at is not null)::int,
        coalesce(timeliness.decided_within_term::int, 0),
        timeline.lead_time_days, 0, 0, 0
    from timeline
    left join case_timeliness as timeliness on timeliness.case_id = timeline.case_id
    where timeline.decided_at is not null
    union all
    select
        (closed_at at time zone 'Europe/Amsterdam')::date,
        location_id, team_id, case_type, route,
        0, 0, 0, 0, 0.0, 1, 0, 0
    from timeline
    where closed_at is not null
    union all
    select
        (past_term_at at time zone 'Europe/Amsterdam')::date,
        location_id, team_id, case_type, route,
        0, 0, 0, 0, 0.0, 0, 1, 0
    from timeline
    where past_term_at is not null
    union all
    -- a case closed before its term passed was never past it: its overrun ends where it starts
    select
        (greatest(past_term_at, closed_at) at time zone 'Europe/Amsterdam')::date,
        location_id, team_id, case_type, route,
        0, 0, 0, 0, 0.0, 0, 0, 1
    from timeline
    where past_term_at is not null and closed_at is not null
),

final as (
    select
        day, location_id, team_id, case_type, route,
        sum(received)::bigint             as received,
        sum(decided)::bigint              as decided,
        sum(decided_with_term)::bigint    as decided_with_term,
        sum(decided_within_term)::bigint  as decided_within_term,
        sum(lead_time_days_sum)           as lead_time_days_sum,
        sum(closed)::bigint               as closed,
        sum(past_term_from)::bigint       as past_term_from,
        sum(past_term_to)::bigint         as past_term_to
    from events
    group by all
)

select * from final
-- in team order: only questions about teams read this table (the others read its copy per
-- location, overview_daily_by_location), and DuckDB then skips the other teams' row groups
order by team_id, day
