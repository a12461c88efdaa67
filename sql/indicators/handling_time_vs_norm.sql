-- title_nl: Bewerkingstijd ten opzichte van de norm
-- title_en: Handling time against the norm
-- definition: Per month of completion, product (activity), case type and employee: the handling
--   time of the completed products (booked effort, else start-to-complete time) and the norm time
--   valid on the completion date. realisation_vs_norm = handling minutes / norm minutes, over
--   the products that have both (1.0 = exactly the norm).
-- grain: one row per month, activity, case_type, employee_id, team_id and location_id with completed products
-- unit: minutes
-- inputs: work_item_days
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
        sum(completed_count)::bigint                                          as completed_count,
        sum(timed_count)::bigint                                              as timed_count,
        sum(handling_minutes)                                                 as handling_minutes,
        sum(handling_minutes) / nullif(sum(timed_count), 0)                   as mean_handling_minutes,
        sum(timed_norm_minutes)                                               as norm_minutes,
        sum(timed_handling_minutes_with_norm)                                 as timed_handling_minutes_with_norm,
        sum(timed_handling_minutes_with_norm) / nullif(sum(timed_norm_minutes), 0)
                                                                              as realisation_vs_norm
    from work_item_days
    group by all
)

select * from final
