-- definition: Every completed product step (work_items) with its place in its case: the step
--   completed just before it in the same case (ordered by completion, then activity) and the wait
--   since, which completion of its activity in the case it is, and whether it is the first
--   transition of its step pair in the case. Computed per case once, so that the process tables
--   aggregate without sorting the work items again, and recomputed only for the cases a load
--   touches.
-- grain: one row per complete event
-- unit: -
-- inputs: work_items
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   activity: product (step)
--   completed_at: instant of completion (UTC)
--   completed_on: its date in Europe/Amsterdam
--   location_id: location at completion
--   team_id: team at completion
--   case_type: case type
--   route: route
--   handling_minutes: handling minutes of the product; null if none
--   norm_minutes: norm valid on completed_on; null if none
--   step_number: place of the step in its case, 1 = first completed
--   from_activity: the step completed just before it in the case; null for the first
--   wait_seconds: seconds since that step's completion; null for the first
--   repeat_number: which completion of its activity in the case it is, 1 = the first
--   first_of_transition: the first transition from_activity -> activity in the case; null for
--     the first step
with ordered as (
    select
        case_id, activity, completed_at, completed_on, location_id, team_id, case_type, route,
        handling_minutes, norm_minutes,
        row_number() over by_time                                              as step_number,
        lag(activity) over by_time                                             as from_activity,
        date_diff('second', lag(completed_at) over by_time, completed_at)      as wait_seconds
    from work_items
    window by_time as (partition by case_id order by completed_at, activity)
),

final as (
    select
        *,
        row_number() over (
            partition by case_id, activity order by completed_at, step_number
        )                                                                      as repeat_number,
        case
            when from_activity is not null then row_number() over (
                partition by case_id, from_activity, activity order by step_number
            ) = 1
        end                                                                    as first_of_transition
    from ordered
)

select * from final
