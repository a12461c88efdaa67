-- definition: The stretches of case_state_intervals in which a case has an owner (lopend,
--   opgeschort), with only the columns an employee's open stock needs, ordered by team and
--   employee: one team's or one employee's stock at any instant is then read from a few row
--   groups instead of every interval of every case. Werkvoorraad of an employee as of instant t:
--   the rows with valid_from <= t < valid_to.
-- grain: one row per case and stretch of unchanged state, owner, team and location, with an owner
-- unit: -
-- inputs: case_state_intervals
-- columns:
--   employee_id: owner
--   team_id: owner's team at the time
--   location_id: location at the time
--   case_type: case type of the case
--   route: route of the case
--   state: lopend or opgeschort
--   valid_from: start of the interval (UTC instant, inclusive)
--   valid_to: end of the interval (exclusive); null = still so
with final as (
    select employee_id, team_id, location_id, case_type, route, state, valid_from, valid_to
    from case_state_intervals
    where employee_id is not null
)

select * from final order by team_id, employee_id
