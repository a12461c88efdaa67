-- title_nl: Doorlooptijd per zaak
-- title_en: Lead time per case
-- definition: For every decided case, the time from receipt to the last decision: gross (elapsed
--   time, in days of 24 hours), net of suspension (opschorting), in calendar days (difference
--   of the dates in Europe/Amsterdam) and in working days (weekdays that are no Dutch public
--   holiday, after the date of receipt up to and including the date of decision; net subtracts
--   the working days inside suspensions). A reopened case runs from its first receipt to its
--   last decision. Cases open now have no row.
-- grain: one row per decided case
-- unit: days
-- inputs: cases, case_terms, case_timeliness, calendar_days, calendar_hours
-- period_column: decided_on
-- columns:
--   case_id: case
--   case_type: case type
--   route: route
--   location_id: location of the case's latest event that names one
--   received_at: receipt (UTC)
--   decided_at: last decision (UTC)
--   decided_on: date of the decision (Europe/Amsterdam)
--   decision_month: month of the decision (YYYY-MM)
--   reopen_count: reopenings of the case
--   lead_time_seconds: gross elapsed seconds from receipt to decision
--   lead_time_days: gross elapsed days (seconds / 86,400)
--   suspension_days: suspended days between receipt and decision
--   net_lead_time_days: lead_time_days minus suspension_days
--   lead_time_calendar_days: decided_on minus the date of receipt
--   lead_time_working_days: working days after the date of receipt up to and including decided_on
--   net_lead_time_working_days: lead_time_working_days minus working days in suspension
--   within_term: decided at or before the effective deadline (case_timeliness.decided_within_term;
--     null where the case has no deadline)
with decided as (
    select
        cases.case_id,
        cases.case_type,
        cases.route,
        cases.location_id,
        cases.received_at,
        cases.decided_at,
        cases.reopen_count,
        received_hour.local_date                                  as received_on,
        decided_hour.local_date                                   as decided_on,
        terms.suspension_seconds,
        terms.suspension_working_days,
        timeliness.decided_within_term
    from cases
    inner join case_terms as terms on terms.case_id = cases.case_id
    inner join case_timeliness as timeliness on timeliness.case_id = cases.case_id
    -- Local dates through the hour table: cheaper than a time-zone conversion per row.
    left join calendar_hours as received_hour
        on received_hour.utc_hour = epoch_us(cases.received_at) // 3600000000
    left join calendar_hours as decided_hour
        on decided_hour.utc_hour = epoch_us(cases.decided_at) // 3600000000
    where cases.decided_at is not null
),

final as (
    select
        decided.case_id,
        decided.case_type,
        decided.route,
        decided.location_id,
        decided.received_at,
        decided.decided_at,
        decided.decided_on,
        strftime(decided.decided_on, '%Y-%m')                                  as decision_month,
        decided.reopen_count,
        epoch(decided.decided_at) - epoch(decided.received_at)                 as lead_time_seconds,
        (epoch(decided.decided_at) - epoch(decided.received_at)) / 86400.0     as lead_time_days,
        decided.suspension_seconds / 86400.0                                   as suspension_days,
        (epoch(decided.decided_at) - epoch(decided.received_at) - decided.suspension_seconds)
            / 86400.0                                                          as net_lead_time_days,
        date_diff('day', decided.received_on, decided.decided_on)              as lead_time_calendar_days,
        decided_day.working_day_number - received_day.working_day_number       as lead_time_working_days,
        decided_day.working_day_number - received_day.working_day_number
            - decided.suspension_working_days                                  as net_lead_time_working_days,
        decided.decided_within_term                                            as within_term
    from decided
    inner join calendar_days as received_day on received_day.calendar_date = decided.received_on
    inner join calendar_days as decided_day on decided_day.calendar_date = decided.decided_on
)

select * from final
-- in order of decision: the Proces page samples the decisions of a period, and DuckDB then
-- reads only that period's row groups
order by decided_on
