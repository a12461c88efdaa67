-- title_nl: Afgeronde zaken (productie) per maand
-- title_en: Decided cases (production) per month
-- definition: Decisions that ended an open period (afgerond / uitstroom) per month of the
--   decision (Europe/Amsterdam), attributed to the owner, team and location of the case at the
--   moment of the decision. A reopened case decided again counts again.
-- grain: one row per month, location_id, team_id, employee_id, case_type and route with decisions
-- unit: cases
-- inputs: case_decisions
-- period_column: month
-- columns:
--   month: YYYY-MM (Europe/Amsterdam)
--   location_id: location at the decision
--   team_id: team at the decision
--   employee_id: owner at the decision (null = decided while te plannen)
--   case_type: case type
--   route: route
--   decisions: decisions in the month
with final as (
    select month, location_id, team_id, employee_id, case_type, route, count(*) as decisions
    from case_decisions
    group by all
)

select * from final
