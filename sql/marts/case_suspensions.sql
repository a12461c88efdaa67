-- definition: Suspensions (opschorting) of the legal term: from a suspend event to the next resume
--   event of the case. A suspend while suspended and a resume while not suspended change nothing.
-- grain: one row per suspension
-- unit: -
-- inputs: stg_case_milestones
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   suspended_at: start of the suspension (UTC instant)
--   resumed_at: end of the suspension; null = still suspended
with sequenced as (
    select
        case_id,
        event_at,
        milestone,
        lag(milestone) over (partition by case_id order by event_at, milestone = 'suspend') as previous
    from stg_case_milestones
    where milestone in ('suspend', 'resume')
),

starts as (
    select case_id, event_at, row_number() over (partition by case_id order by event_at) as number
    from sequenced
    where milestone = 'suspend' and (previous is null or previous = 'resume')
),

ends as (
    select case_id, event_at, row_number() over (partition by case_id order by event_at) as number
    from sequenced
    where milestone = 'resume' and previous = 'suspend'
),

final as (
    select
        starts.case_id,
        starts.event_at as suspended_at,
        ends.event_at   as resumed_at
    from starts
    left join ends on ends.case_id = starts.case_id and ends.number = starts.number
)

select * from final
