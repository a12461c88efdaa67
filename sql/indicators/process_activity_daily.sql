-- title_nl: Afgeronde stappen per dag: herhalingen en bewerkingstijd
-- title_en: Completed steps per day: repeats and handling time
-- definition: Completed products (work_items) per day (Europe/Amsterdam), location, team, case
--   type, route, activity, norm and handling-time class of the product: how many, how many repeat
--   an earlier completion of the same activity in the same case (rework), first_repeats (the
--   second completion of the activity in its case: summed over a period, the cases whose first
--   repeat falls in it), and the handling and norm minutes of the products that have both (so
--   realised / norm adds up). handling_bin is a quarter-octave class of the handling minutes
--   (class b holds 2^(b/4) - 1 up to 2^((b+1)/4) - 1 minutes, class -1 zero minutes; null without a
--   handling time), so
--   a median read from the summed classes is exact to within about 10%.
-- grain: one row per completed_on, location_id, team_id, case_type, route, activity, norm_minutes and handling_bin
-- unit: products; minutes
-- inputs: work_item_steps
-- period_column: completed_on
-- columns:
--   completed_on: day of completion (Europe/Amsterdam)
--   location_id: location of the employee at completion
--   team_id: team of the employee at completion
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
        location_id, team_id, case_type, route, activity, norm_minutes,
        case when handling_minutes <= 0 then -1
             else floor(4 * log2(1 + handling_minutes))::integer end           as handling_bin,
        count(*)                                                                as products,
        count(*) filter (repeat_number > 1)                                     as repeats,
        count(*) filter (repeat_number = 2)                                     as first_repeats,
        sum(handling_minutes) filter (norm_minutes is not null)          as handling_minutes_with_norm,
        sum(norm_minutes) filter (handling_minutes is not null)          as norm_minutes_with_handling
    from work_item_steps
    group by all
)

select * from final
