-- definition: The moment the warehouse's data describe: the latest event. Ages, days left and
--   open-case lists are measured at this moment, so a historic log shows its own present.
-- grain: one row
-- unit: -
-- inputs: stg_case_event_summary
-- columns:
--   as_of_at: latest event instant (UTC); null on an empty warehouse
--   as_of_date: its date in Europe/Amsterdam
with latest as (
    select max(last_event_at) as as_of_at from stg_case_event_summary
),

final as (
    select
        as_of_at,
        (as_of_at at time zone 'Europe/Amsterdam')::date as as_of_date
    from latest
)

select * from final
