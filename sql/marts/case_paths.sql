-- definition: The path of every case with completed steps: its completed steps (work_item_steps)
--   in the order of completion (then activity), joined by ' → '.
-- grain: one row per case_id with at least one completed step
-- unit: -
-- inputs: work_item_steps
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   path: the steps in order
--   steps: number of steps in the path
with final as (
    select
        case_id,
        string_agg(activity, ' → ' order by step_number)   as path,
        count(*)                                            as steps
    from work_item_steps
    group by case_id
)

select * from final
