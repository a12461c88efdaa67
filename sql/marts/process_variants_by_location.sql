-- definition: process_variants summed over the teams of each location, in day order: the same
--   figures for every selection that names no team (everything, a location, a case type, a route)
--   from many times fewer rows. The dashboard reads it unless a team filter, a breakdown per team
--   or a viewer who sees only some teams needs process_variants itself.
-- grain: one row per decided_on, location_id, case_type, route and path
-- unit: as process_variants
-- inputs: process_variants
-- columns:
--   decided_on: day of the decision (Europe/Amsterdam)
--   location_id: location
--   case_type: case type
--   route: route
--   path: the steps in order (null = a path outside the 200 most common)
--   cases: decided cases that followed it
with final as (
    select
        decided_on,
        location_id,
        case_type,
        route,
        path,
        sum(cases)::bigint                      as cases
    from process_variants
    group by all
)

select * from final
order by decided_on, location_id
