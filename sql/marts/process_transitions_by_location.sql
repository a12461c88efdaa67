-- definition: process_transitions summed over the teams of each location, in day order: the same
--   figures for every selection that names no team (everything, a location, a case type, a route)
--   from many times fewer rows. The dashboard reads it unless a team filter, a breakdown per team
--   or a viewer who sees only some teams needs process_transitions itself.
-- grain: one row per completed_on, location_id, case_type, route, from_activity, to_activity and wait_bin
-- unit: as process_transitions
-- inputs: process_transitions
-- columns:
--   completed_on: day the next step was completed (Europe/Amsterdam)
--   location_id: location
--   case_type: case type
--   route: route
--   from_activity: the step completed first
--   to_activity: the step completed next in the same case
--   wait_bin: waiting-time class (quarter octaves of minutes + 1; -1 = no wait)
--   transitions: transitions
--   first_in_case: transitions that are the first of their step pair in the case
--   wait_days_sum: sum of the waiting times [days]
with final as (
    select
        completed_on,
        location_id,
        case_type,
        route,
        from_activity,
        to_activity,
        wait_bin,
        sum(transitions)::bigint                as transitions,
        sum(first_in_case)::bigint              as first_in_case,
        sum(wait_days_sum)::double              as wait_days_sum
    from process_transitions
    group by all
)

select * from final
order by completed_on, location_id
