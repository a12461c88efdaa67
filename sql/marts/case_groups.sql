-- definition: Every combination of location, team, case type and route that the cases have, with
--   how many cases have it. The dashboard's pick lists and its access checks (which team is at
--   which location) read this small table instead of every case.
-- grain: one row per location_id, team_id, case_type and route with any case
-- unit: cases
-- inputs: cases
-- columns:
--   location_id: location of the case
--   team_id: team of the case
--   case_type: case type
--   route: route
--   cases: cases with this combination
with final as (
    select location_id, team_id, case_type, route, count(*) as cases
    from cases
    group by all
)

select * from final
