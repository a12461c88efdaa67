-- definition: lead_time_histogram summed over the teams of each location, in day order: the same
--   figures for every selection that names no team (everything, a location, a case type, a route)
--   from many times fewer rows. The dashboard reads it unless a team filter, a breakdown per team
--   or a viewer who sees only some teams needs lead_time_histogram itself.
-- grain: one row per decided_on, location_id, case_type, route and lead_time_bin
-- unit: as lead_time_histogram
-- inputs: lead_time_histogram
-- columns:
--   decided_on: day of the decision (Europe/Amsterdam)
--   location_id: location
--   case_type: case type
--   route: route
--   lead_time_bin: whole days of gross lead time (floor)
--   cases: cases decided on the day with that lead time
with final as (
    select
        decided_on,
        location_id,
        case_type,
        route,
        lead_time_bin,
        sum(cases)::bigint                      as cases
    from lead_time_histogram
    group by all
)

select * from final
order by decided_on, location_id
