-- definition: overview_daily summed over the teams of each location, in day order: the same
--   figures for every selection that names no team (everything, a location, a case type, a route)
--   from many times fewer rows. The dashboard reads it unless a team filter, a breakdown per team
--   or a viewer who sees only some teams needs overview_daily itself.
-- grain: one row per day, location_id, case_type and route
-- unit: as overview_daily
-- inputs: overview_daily
-- columns:
--   day: day (Europe/Amsterdam)
--   location_id: location
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
with final as (
    select
        day,
        location_id,
        case_type,
        route,
        sum(received)::bigint                   as received,
        sum(decided)::bigint                    as decided,
        sum(decided_with_term)::bigint          as decided_with_term,
        sum(decided_within_term)::bigint        as decided_within_term,
        sum(lead_time_days_sum)::double         as lead_time_days_sum,
        sum(closed)::bigint                     as closed,
        sum(past_term_from)::bigint             as past_term_from,
        sum(past_term_to)::bigint               as past_term_to
    from overview_daily
    group by all
)

select * from final
order by day, location_id
