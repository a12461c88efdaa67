-- title_nl: Herhaling (rework) per product
-- title_en: Rework per product
-- definition: Per product (activity) and case type: of the cases in which the product was
--   completed, the share in which it was completed more than once (rework, e.g. the check-and-
--   adjust loops T02/T03 in a permit process), and the completions beyond the first.
-- grain: one row per activity and case_type
-- unit: percent
-- inputs: stg_case_products
-- columns:
--   activity: product
--   case_type: case type
--   case_count: cases in which the product was completed
--   rework_case_count: cases in which it was completed more than once
--   completion_count: completions in all
--   repeat_completion_count: completions beyond the first per case
--   rework_share_pct: rework_case_count / case_count x 100
with final as (
    select
        activity,
        case_type,
        count(*)                                                   as case_count,
        count(*) filter (where completion_count > 1)               as rework_case_count,
        sum(completion_count)::bigint                              as completion_count,
        sum(completion_count - 1)::bigint                          as repeat_completion_count,
        100.0 * count(*) filter (where completion_count > 1) / count(*) as rework_share_pct
    from stg_case_products
    group by activity, case_type
)

select * from final
