-- definition: process_activity_daily summed over the teams of each location, in day order: the
--   same figures for every selection that names no team (everything, a location, a case type, a
--   route) from many times fewer rows. The dashboard reads it unless a team filter, a breakdown
--   per team or a viewer who sees only some teams needs process_activity_daily itself.
-- grain: one row per completed_on, location_id, case_type, route, activity, norm_minutes and handling_bin
-- unit: as process_activity_daily
-- inputs: process_activity_daily
-- columns:
--   completed_on: day of completion (Europe/Amsterdam)
--   location_id: location
--   case_type: case type
--   route: route
--   activity: product (step)
--   norm_minutes: norm valid for the product (null = none)
--   handling_bin: handling-time class (quarter octaves of minutes + 1; -1 = zero; null = none)
--   products: completed products
--   repeats: products that repeat an earlier completion of the activity in the case
--   first_repeats: second completions of the activity in the case
--   handling_minutes_with_norm: handling minutes of products with both handling time and norm
--   norm_minutes_with_handling: norm minutes of products with both handling time and norm
with final as (
    select
        completed_on,
        location_id,
        case_type,
        route,
        activity,
        norm_minutes,
        handling_bin,
        sum(products)::bigint                   as products,
        sum(repeats)::bigint                    as repeats,
        sum(first_repeats)::bigint              as first_repeats,
        sum(handling_minutes_with_norm)::double as handling_minutes_with_norm,
        sum(norm_minutes_with_handling)::double as norm_minutes_with_handling
    from process_activity_daily
    group by all
)

select * from final
order by completed_on, location_id
