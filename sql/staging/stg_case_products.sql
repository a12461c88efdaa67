-- definition: How often each product (activity) was completed in each case, for rework and for the
--   remaining work of open cases.
-- grain: one row per case_id and activity
-- unit: products
-- inputs: stg_work_items
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   activity: product (step)
--   case_type: case type of the case
--   completion_count: times the product was completed in the case
with final as (
    select case_id, activity, any_value(case_type) as case_type, count(*) as completion_count
    from stg_work_items
    group by case_id, activity
)

select * from final
