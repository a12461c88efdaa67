-- title_nl: Overgangen tussen stappen met wachttijd, per dag
-- title_en: Directly-follows transitions with waiting time, per day
-- definition: For every case, each completed step (work_items, ordered by completion) and the
--   step completed next in the same case form one transition; it is counted on the day
--   (Europe/Amsterdam) the next step was completed, for the location, team, case type and route
--   of that next step. Waiting time = time between the two completions. Per day, unit, step pair
--   and waiting-time class (wait_bin: a quarter-octave class of the wait in minutes, class b
--   holds waits from 2^(b/4) - 1 up to 2^((b+1)/4) - 1 minutes, class -1 waits of zero, so a median
--   read from the summed classes is exact to within about 10%): the transitions, the sum of their waits in days (an
--   exact mean), and first_in_case: transitions that are the first of that step pair in their
--   case (summed over a period: the cases whose first such transition falls in it).
-- grain: one row per completed_on, location_id, team_id, case_type, route, from_activity, to_activity and wait_bin
-- unit: transitions; days
-- inputs: work_item_steps
-- period_column: completed_on
-- columns:
--   completed_on: day the next step was completed (Europe/Amsterdam)
--   location_id: location of the next step
--   team_id: team of the next step
--   case_type: case type
--   route: route
--   from_activity: the step completed first
--   to_activity: the step completed next in the same case
--   wait_bin: waiting-time class (quarter octaves of minutes + 1; -1 = no wait)
--   transitions: transitions
--   first_in_case: transitions that are the first of their step pair in the case
--   wait_days_sum: sum of the waiting times [days]
with steps as (
    select
        completed_on,
        location_id, team_id, case_type, route, from_activity, activity as to_activity,
        -- simultaneous completions get a class of their own, so they read as exactly zero
        case when wait_seconds <= 0 then -1
             else floor(4 * log2(1 + wait_seconds / 60.0))::integer end        as wait_bin,
        wait_seconds / 86400.0                                                 as wait_days,
        first_of_transition                                                    as is_first
    from work_item_steps
    where from_activity is not null
),

final as (
    select
        completed_on, location_id, team_id, case_type, route, from_activity, to_activity,
        wait_bin,
        count(*)                            as transitions,
        count(*) filter (is_first)          as first_in_case,
        sum(wait_days)                      as wait_days_sum
    from steps
    group by all
)

select * from final
