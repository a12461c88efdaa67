-- definition: Per case the legal term and the suspension of it, and the effective deadline that
--   timeliness is judged against. Three rules:
--   (1) A suspension (opschorting) stops a running term: the deadline moves by the suspended time
--       (Awb 4:15). Only a running term can be suspended: a suspension that starts after the term
--       lapsed (later than the deadline as moved by the suspensions before it) moves nothing
--       (Awb 4:15). A suspension that starts exactly on the deadline still counts: a decision at
--       that instant is in time, so the term is still running.
--   (2) A new decision after a court annuls the earlier one gets a new term of the same length,
--       counted from the ruling (Raad van State, 25-05-2022). In the
--       data an annulment shows as a heropening after a decision (beroep gegrond, pipelines/
--       schema.py): the term of a case whose last open period was opened by a heropening runs
--       from that heropening, for the length of the source's term (deadline_at minus received_at
--       in the Europe/Amsterdam calendar, extensions included), and only suspensions from then
--       on move it.
--   (3) The term lengths themselves come from the source (deadline_at); the demo uses 6 months
--       for asylum and nareis (nareis is an asylum application: IND news, 19-04-2022).
-- grain: one row per case_id
-- unit: seconds, working days
-- inputs: cases, case_open_periods, case_suspensions, calendar_days, calendar_hours, data_as_of
-- columns:
--   case_id: case
--   received_at: receipt (UTC)
--   decided_at: last decision; null = open
--   measured_to_at: decided_at, else the as-of moment
--   suspension_seconds: suspended time between received_at and measured_to_at
--   suspension_working_days: working days inside those suspensions (days after the start date, up to and including the end date)
--   deadline_at: legal term as the source gives it
--   term_started_at: start of the term that applies now: receipt, or the heropening (ruling) that opened the last open period
--   term_deadline_at: deadline of that term before suspension: deadline_at, or term_started_at plus the term's length
--   term_suspension_seconds: suspended time that moves that term (suspensions after term_started_at that start while it runs)
--   effective_deadline_at: term_deadline_at plus term_suspension_seconds
with last_periods as (
    select
        case_id,
        arg_max(opened_at, period_number) as opened_at,
        arg_max(opened_by, period_number) as opened_by
    from case_open_periods
    group by case_id
),

case_span as (
    select
        cases.case_id,
        cases.received_at,
        cases.decided_at,
        greatest(coalesce(cases.decided_at, data_as_of.as_of_at), cases.received_at) as measured_to_at,
        cases.deadline_at,
        case
            when last_periods.opened_by = 'heropening' then last_periods.opened_at
            else cases.received_at
        end                                                                            as term_started_at
    from cases
    cross join data_as_of
    left join last_periods on last_periods.case_id = cases.case_id
),

case_term as (
    select
        *,
        case
            when term_started_at = received_at then deadline_at
            else timezone(
                'Europe/Amsterdam',
                timezone('Europe/Amsterdam', term_started_at)
                    + age(timezone('Europe/Amsterdam', deadline_at), timezone('Europe/Amsterdam', received_at))
            )
        end as term_deadline_at
    from case_span
),

clipped_suspensions as (
    select
        case_term.case_id,
        greatest(suspensions.suspended_at, case_term.received_at)                        as from_at,
        least(coalesce(suspensions.resumed_at, case_term.measured_to_at), case_term.measured_to_at)
                                                                                           as to_at
    from case_suspensions as suspensions
    inner join case_term on case_term.case_id = suspensions.case_id
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

-- The suspensions of the current term, in order, each with the suspended time before it. Once
-- one starts after the (moved) deadline, every later one does too, so the running sum over all
-- earlier ones is the sum over the counted ones wherever it matters.
term_suspensions as (
    select
        case_term.case_id,
        case_term.term_deadline_at,
        greatest(clipped.from_at, case_term.term_started_at)                     as from_at,
        clipped.to_at
    from clipped_suspensions as clipped
    inner join case_term on case_term.case_id = clipped.case_id
    where clipped.to_at > greatest(clipped.from_at, case_term.term_started_at)
),

term_suspensions_ordered as (
    select
        *,
        coalesce(
            sum(epoch(to_at) - epoch(from_at)) over (
                partition by case_id order by from_at
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as seconds_before
    from term_suspensions
),

term_suspension_totals as (
    select case_id, sum(epoch(to_at) - epoch(from_at)) as term_suspension_seconds
    from term_suspensions_ordered
    where term_deadline_at is null
       or from_at <= term_deadline_at + to_microseconds((seconds_before * 1000000)::bigint)
    group by case_id
),

final as (
    select
        case_term.case_id,
        case_term.received_at,
        case_term.decided_at,
        case_term.measured_to_at,
        coalesce(suspension_totals.suspension_seconds, 0)           as suspension_seconds,
        coalesce(suspension_totals.suspension_working_days, 0)      as suspension_working_days,
        case_term.deadline_at,
        case_term.term_started_at,
        case_term.term_deadline_at,
        coalesce(term_suspension_totals.term_suspension_seconds, 0) as term_suspension_seconds,
        case_term.term_deadline_at
            + to_microseconds((coalesce(term_suspension_totals.term_suspension_seconds, 0) * 1000000)::bigint)
                                                                    as effective_deadline_at
    from case_term
    left join suspension_totals on suspension_totals.case_id = case_term.case_id
    left join term_suspension_totals on term_suspension_totals.case_id = case_term.case_id
)

select * from final
