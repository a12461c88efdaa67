-- title_nl: Ouderdom en termijnbewaking van open zaken
-- title_en: Age and deadline monitoring of open cases
-- definition: Every case open at the as-of moment (the latest event in the warehouse) with its
--   state and owner, its age since receipt (calendar days, gross and net of suspension), the days
--   left until the effective deadline (legal term moved by suspension; negative = past term), and
--   whether it will pass its term at the current pace. Current pace rule: the median net lead
--   time of the cases of the same case type and route decided in the 180 days up to the as-of
--   date; the case is projected to be decided that long after receipt plus its suspension so
--   far, and never before the as-of date; it will pass its term when that projection lies after
--   the effective deadline. Null where the case has no deadline or the route no recent decisions.
-- grain: one row per open case
-- unit: days
-- inputs: cases, case_terms, case_state_intervals, lead_times, data_as_of
-- columns:
--   case_id: case
--   state: te_plannen, lopend or opgeschort
--   employee_id: owner
--   team_id: team
--   location_id: location
--   case_type: case type
--   route: route
--   received_at: receipt (UTC)
--   age_days: calendar days from the date of receipt to the as-of date
--   net_age_days: elapsed days since receipt minus suspended days
--   deadline_at: legal term of the source
--   effective_deadline_at: deadline moved by the suspension so far
--   days_left: calendar days from the as-of date to the effective deadline's date (negative = past)
--   is_past_term: the effective deadline has passed
--   pace_p50_net_days: the route's recent median net lead time (the pace)
--   projected_decided_at: receipt + suspension so far + pace, not before the as-of moment
--   will_pass_term: projected_decided_at after the effective deadline
with recent_pace as (
    select
        lead_times.case_type,
        lead_times.route,
        quantile_cont(lead_times.net_lead_time_days, 0.5) as pace_p50_net_days
    from lead_times
    cross join data_as_of
    where lead_times.decided_on > data_as_of.as_of_date - 180
    group by all
),

current_state as (
    select * from case_state_intervals where valid_to is null
),

measured as (
    select
        cases.case_id,
        current_state.state,
        current_state.employee_id,
        current_state.team_id,
        current_state.location_id,
        cases.case_type,
        cases.route,
        cases.received_at,
        date_diff(
            'day', (cases.received_at at time zone 'Europe/Amsterdam')::date, data_as_of.as_of_date
        )                                                                   as age_days,
        (epoch(data_as_of.as_of_at) - epoch(cases.received_at) - terms.suspension_seconds)
            / 86400.0                                                       as net_age_days,
        cases.deadline_at,
        terms.effective_deadline_at,
        date_diff(
            'day',
            data_as_of.as_of_date,
            (terms.effective_deadline_at at time zone 'Europe/Amsterdam')::date
        )                                                                   as days_left,
        terms.effective_deadline_at < data_as_of.as_of_at                    as is_past_term,
        recent_pace.pace_p50_net_days,
        -- greatest() skips nulls, so a route without a pace must stay without a projection.
        case
            when recent_pace.pace_p50_net_days is not null then greatest(
                cases.received_at + to_microseconds(
                    ((terms.suspension_seconds + recent_pace.pace_p50_net_days * 86400)
                        * 1000000)::bigint
                ),
                data_as_of.as_of_at
            )
        end                                                                 as projected_decided_at
    from cases
    cross join data_as_of
    inner join case_terms as terms on terms.case_id = cases.case_id
    inner join current_state on current_state.case_id = cases.case_id
    left join recent_pace
        on recent_pace.case_type is not distinct from cases.case_type
       and recent_pace.route is not distinct from cases.route
    where cases.is_open
),

final as (
    select
        *,
        projected_decided_at > effective_deadline_at as will_pass_term
    from measured
)

select * from final
