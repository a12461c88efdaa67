-- title_nl: Directe uren als deel van de beschikbare uren
-- title_en: Direct hours as a share of available hours
-- definition: Per employee and ISO week: direct (productive) hours / available hours x 100. For a
--   team or location divide the summed hours.
-- grain: one row per employee_id and week_start with capacity
-- unit: percent
-- inputs: capacity, employee_weeks
-- period_column: week_start
-- columns:
--   week_start: Monday of the ISO week
--   employee_id: employee
--   team_id: employee's team that week
--   location_id: that team's location
--   available_hours: hours available for work
--   direct_hours: direct (productive) hours
--   direct_hours_pct: direct_hours / available_hours x 100
with final as (
    select
        capacity.week_start,
        capacity.employee_id,
        weeks.team_id,
        weeks.location_id,
        capacity.available_hours,
        capacity.direct_hours,
        100.0 * capacity.direct_hours / nullif(capacity.available_hours, 0) as direct_hours_pct
    from capacity
    left join employee_weeks as weeks
        on weeks.employee_id = capacity.employee_id and weeks.week_start = capacity.week_start
)

select * from final
