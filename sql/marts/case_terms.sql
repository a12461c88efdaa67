-- definition: Per case the legal term and the suspension of it: the suspended time between receipt
--   and the decision (or, for an open case, the data's as-of moment), and the effective deadline:
--   the deadline moved by that suspended time, since a suspension stops the term (Awb 4:15).
-- grain: one row per case_id
-- unit: seconds, working days
-- inputs: cases, case_suspensions, calendar_days, calendar_hours, data_as_of
-- columns:
--   case_id: case
--   received_at: receipt (UTC)
--   decided_at: last decision; null = open
--   measured_to_at: decided_at, else the as-of moment
--   suspension_seconds: suspended time between received_at and measured_to_at
--   suspension_working_days: working days inside those suspensions (days after the start date, up to and including the end date)
--   deadline_at: legal term as the source gives it
--   effective_deadline_at: deadline_at plus suspension_seconds
with case_span as (
    select
        cases.case_id,
        cases.received_at,
        cases.decided_at,
        greatest(coalesce(cases.decided_at, data_as_of.as_of_at), cases.received_at) as measured_to_at,
        cases.deadline_at
    from cases
    cross join data_as_of
),

clipped_suspensions as (
    select
        case_span.case_id,
        greatest(suspensions.suspended_at, case_span.received_at)                        as from_at,
        least(coalesce(suspensions.resumed_at, case_span.measured_to_at), case_span.measured_to_at)
                                                                                           as to_at
    from case_suspensions as suspensions
    inner join case_span on case_span.case_id = suspensions.case_id
),

suspension_totals as (
    select
        clipped.case_id,
        sum(epoch(clipped.to_at) - epoch(clipped.from_at))                  as suspension_seconds,
        sum(to_day.working_day_number - from_day.working_day_number)        as suspension_working_days
    from clipped_suspensions as clipped
    inner join calendar_hours as from_hour
        on from_hour.utc_hour = epoch_us(clipped.from_at) // 3600000000
    inner join calendar_days as from_day on from_day.calendar_date = from_hour.local_date
    inner join calendar_hours as to_hour
        on to_hour.utc_hour = epoch_us(clipped.to_at) // 3600000000
    inner join calendar_days as to_day on to_day.calendar_date = to_hour.local_date
    where clipped.to_at > clipped.from_at
    group by clipped.case_id
),

final as (
    select
        case_span.case_id,
        case_span.received_at,
        case_span.decided_at,
        case_span.measured_to_at,
        coalesce(suspension_totals.suspension_seconds, 0)       as suspension_seconds,
        coalesce(suspension_totals.suspension_working_days, 0)  as suspension_working_days,
        case_span.deadline_at,
        case_span.deadline_at
            + to_microseconds((coalesce(suspension_totals.suspension_seconds, 0) * 1000000)::bigint)
                                                                as effective_deadline_at
    from case_span
    left join suspension_totals on suspension_totals.case_id = case_span.case_id
)

select * from final
