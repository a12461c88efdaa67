-- title_nl: Normatieve productie en productiviteit per week
-- title_en: Normative production and productivity per week
-- definition: Per employee and ISO week: normatieve productie = the sum of the norm times (valid
--   on the completion date) of the products the employee completed, in hours; productivity =
--   normatieve productie / direct hours booked in capacity. For a team or location divide the
--   sums, not the ratios. Null productivity where there are no direct hours.
-- grain: one row per employee_id and week_start
-- unit: hours, ratio
-- inputs: employee_weeks, work_item_days, capacity
-- period_column: week_start
-- columns:
--   week_start: Monday of the ISO week
--   employee_id: employee
--   team_id: employee's team that week
--   location_id: that team's location
--   completed_products: products completed
--   products_with_norm: of which with a norm
--   normative_hours: sum of norm times of the completed products
--   direct_hours: direct (productive) hours from capacity
--   productivity: normative_hours / direct_hours
with produced as (
    select
        employee_id,
        week_start,
        sum(completed_count)                                            as completed_products,
        coalesce(sum(completed_count) filter (where norm_minutes_each is not null), 0)
                                                                        as products_with_norm,
        sum(normative_minutes) / 60.0                                   as normative_hours
    from work_item_days
    where employee_id is not null
    group by employee_id, week_start
),

final as (
    select
        weeks.week_start,
        weeks.employee_id,
        weeks.team_id,
        weeks.location_id,
        coalesce(produced.completed_products, 0)::bigint           as completed_products,
        coalesce(produced.products_with_norm, 0)::bigint           as products_with_norm,
        coalesce(produced.normative_hours, 0)                      as normative_hours,
        capacity.direct_hours,
        coalesce(produced.normative_hours, 0) / nullif(capacity.direct_hours, 0) as productivity
    from employee_weeks as weeks
    left join produced
        on produced.employee_id = weeks.employee_id and produced.week_start = weeks.week_start
    left join capacity
        on capacity.employee_id = weeks.employee_id and capacity.week_start = weeks.week_start
)

select * from final
