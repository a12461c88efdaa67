-- title_nl: Doorlooptijd per dag van beslissing, in klassen van een dag
-- title_en: Lead-time histogram per decision day
-- definition: Cases decided per day (Europe/Amsterdam) and per location, team, case type and route
--   of the case, counted per whole day of gross lead time (lead_time_bin = floor of the lead time
--   in days of 24 hours: bin 3 holds lead times from 3 up to 4 days). Counts add up over days and
--   units, so percentiles for any selection follow from the summed histogram: the pages place a
--   percentile by linear interpolation inside its one-day bin, exact to within a day.
-- grain: one row per decided_on, location_id, team_id, case_type, route and lead_time_bin
-- unit: cases
-- inputs: cases
-- period_column: decided_on
-- columns:
--   decided_on: day of the decision (Europe/Amsterdam)
--   location_id: location of the case
--   team_id: team of the case
--   case_type: case type
--   route: route
--   lead_time_bin: whole days of gross lead time (floor)
--   cases: cases decided on the day with that lead time
with decided as (
    select
        (decided_at at time zone 'Europe/Amsterdam')::date                       as decided_on,
        location_id, team_id, case_type, route,
        floor(date_diff('second', received_at, decided_at) / 86400.0)::integer  as lead_time_bin
    from cases
    where decided_at is not null and received_at is not null
),

final as (
    select decided_on, location_id, team_id, case_type, route, lead_time_bin,
           count(*) as cases
    from decided
    group by all
)

select * from final
-- in team order: only questions about teams read this table (the others read its copy per
-- location, lead_time_histogram_by_location), and DuckDB then skips the other teams' row groups
order by team_id, decided_on
