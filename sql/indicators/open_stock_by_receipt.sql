-- title_nl: Zaken per dag van ontvangst en dag van afsluiting
-- title_en: Cases per receipt day and close day
-- definition: Cases per day of receipt and day of closing (Europe/Amsterdam; the decision, or the
--   receipt when the recorded decision lies before it; null while open) and per location, team,
--   case type and route of the case. The cases open at the end of any day D are those received up
--   to D and not closed up to D, with their receipt day: the age of the open stock at any date
--   follows from these rows, exact to within a day, without reading the cases.
-- grain: one row per received_on, closed_on, location_id, team_id, case_type and route
-- unit: cases
-- inputs: cases
-- period_column: received_on
-- columns:
--   received_on: day of receipt (Europe/Amsterdam)
--   closed_on: day the case left the open stock (Europe/Amsterdam); null = open now
--   location_id: location of the case
--   team_id: team of the case
--   case_type: case type
--   route: route
--   cases: cases received and closed on those days
with timeline as (
    select
        (received_at at time zone 'Europe/Amsterdam')::date as received_on,
        (case when decided_at is not null then greatest(received_at, decided_at) end
            at time zone 'Europe/Amsterdam')::date            as closed_on,
        location_id, team_id, case_type, route
    from cases
    where received_at is not null
),

final as (
    select received_on, closed_on, location_id, team_id, case_type, route, count(*) as cases
    from timeline
    group by all
)

select * from final
-- in team order: only questions about teams read this table (the others read its copy per
-- location, open_stock_by_receipt_by_location), and DuckDB then skips the other teams' row groups
order by team_id, received_on
