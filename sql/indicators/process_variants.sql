-- title_nl: Meest voorkomende paden van beschikte zaken, per dag
-- title_en: Most common paths of decided cases, per day
-- definition: For every decided case with completed steps, its path: the sequence of its completed
--   steps (work_items, ordered by completion) joined by ' → '. Counted per day of the decision
--   (Europe/Amsterdam) and the location, team, case type and route of the case. Only the 200 most
--   common paths over the whole history are kept by name; the other cases are counted with path
--   null, so counts per day still add up to all decided cases with steps (the denominator of the
--   shares). A path outside the 200 most common overall cannot be among the most common shown.
-- grain: one row per decided_on, location_id, team_id, case_type, route and path
-- unit: cases
-- inputs: cases, case_paths
-- period_column: decided_on
-- columns:
--   decided_on: day of the decision (Europe/Amsterdam)
--   location_id: location of the case
--   team_id: team of the case
--   case_type: case type
--   route: route
--   path: the steps in order (null = a path outside the 200 most common)
--   cases: decided cases that followed it
with decided as (
    select
        (c.decided_at at time zone 'Europe/Amsterdam')::date as decided_on,
        c.location_id, c.team_id, c.case_type, c.route, paths.path
    from cases as c
    join case_paths as paths using (case_id)
    where c.decided_at is not null
),

common as (
    select path from decided group by path order by count(*) desc, path limit 200
),

final as (
    select
        decided_on, location_id, team_id, case_type, route,
        case when path in (select path from common) then path end as path,
        count(*) as cases
    from decided
    group by all
)

select * from final
