-- title_nl: Verzuim
-- title_en: Absence (sick leave)
-- definition: Per employee and ISO week: absence hours / contract hours x 100 (verzuim; leave is
--   not absence). For a team or location divide the summed hours.
-- grain: one row per employee_id and week_start with capacity
-- unit: percent
-- inputs: capacity, employee_weeks
-- period_column: week_start
-- columns:
--   week_start: Monday of the ISO week
--   employee_id: employee
--   team_id: employee's team that week
--   location_id: that team's location
--   contract_hours: contract hours
--   absence_hours: absence (sick) hours
--   absence_pct: absence_hours / contract_hours x 100
with final as (
    select
        capacity.week_start,
        capacity.employee_id,
        weeks.team_id,
        weeks.location_id,
        capacity.contract_hours,
        capacity.absence_hours,
        100.0 * capacity.absence_hours / nullif(capacity.contract_hours, 0) as absence_pct
    from capacity
    left join employee_weeks as weeks
        on weeks.employee_id = capacity.employee_id and weeks.week_start = capacity.week_start
)

select * from final
