-- title_nl: Bewerkingstijd ten opzichte van de norm
-- title_en: Handling time against the norm
-- definition: Per month of completion, product (activity), case type and employee: the handling
--   time of the completed products (booked effort, else start-to-complete time) and the norm time
--   valid on the completion date. realisation_vs_norm = handling minutes / norm minutes, over
--   the products that have both (1.0 = exactly the norm).
-- grain: one row per month, activity, case_type, employee_id, team_id and location_id with completed products
-- unit: minutes
-- inputs: work_items
-- period_column: month
-- columns:
--   month: month of completion (YYYY-MM, Europe/Amsterdam)
--   activity: product
--   case_type: case type
--   employee_id: employee who completed it
--   team_id: employee's team at completion
--   location_id: location
--   completed_count: products completed
--   timed_count: of which with a handling time
--   handling_minutes: sum of handling times
--   mean_handling_minutes: mean handling time of the timed products
--   norm_minutes: sum of norm times of the products that have a handling time and a norm
--   timed_handling_minutes_with_norm: sum of handling times of those same products
--   realisation_vs_norm: timed_handling_minutes_with_norm / norm_minutes
with final as (
    select
        month,
        activity,
        case_type,
        employee_id,
        team_id,
        location_id,
        count(*)                                                              as completed_count,
        count(handling_minutes)                                               as timed_count,
        sum(handling_minutes)                                                 as handling_minutes,
        avg(handling_minutes)                                                 as mean_handling_minutes,
        sum(norm_minutes) filter (where handling_minutes is not null)         as norm_minutes,
        sum(handling_minutes) filter (where norm_minutes is not null)         as timed_handling_minutes_with_norm,
        sum(handling_minutes) filter (where norm_minutes is not null)
            / nullif(sum(norm_minutes) filter (where handling_minutes is not null), 0)
                                                                              as realisation_vs_norm
    from work_items
    group by all
)

select * from final
