-- definition: A case's state and owner over time, inside its open periods. te_plannen: open, no
--   owner; lopend: open with an owner; opgeschort: open and the legal term suspended (the owner is
--   kept). The owner's team is the team of employee_teams on that date (Europe/Amsterdam
--   midnight), else the team named by the assigning event; the location is the team's location,
--   else the one named by the assigning event, else the case's. A reassignment, a team change of
--   the owner, a suspension or its end, a decision and a reopening each end an interval.
--   Werkvoorraad as of instant t: the intervals with valid_from <= t < valid_to.
-- grain: one row per case and stretch of unchanged state, owner, team and location
-- unit: -
-- inputs: case_open_periods, case_owner_events, case_suspensions, employee_teams, teams, cases
-- refresh: incremental by case_id
-- columns:
--   case_id: case
--   period_number: open period (1 = from receipt, 2.. = after a reopening)
--   state: te_plannen, lopend or opgeschort
--   employee_id: owner (null when te_plannen)
--   team_id: owner's team at the time
--   location_id: location at the time
--   case_type: case type of the case
--   route: route of the case
--   valid_from: start of the interval (UTC instant, inclusive)
--   valid_to: end of the interval (exclusive); null = still so
with membership as (
    select
        employee_id,
        team_id,
        timezone('Europe/Amsterdam', valid_from::timestamp) as member_from,
        timezone('Europe/Amsterdam', valid_to::timestamp)   as member_to
    from employee_teams
),

owner_employees as (
    select distinct case_id, employee_id
    from case_owner_events
    where employee_id is not null
),

team_changes as (
    select owner_employees.case_id, membership.member_from as change_at
    from owner_employees
    inner join membership on membership.employee_id = owner_employees.employee_id
    union all
    select owner_employees.case_id, membership.member_to
    from owner_employees
    inner join membership on membership.employee_id = owner_employees.employee_id
    where membership.member_to is not null
),

change_points as (
    select case_id, opened_at as change_at from case_open_periods
    union
    select case_id, closed_at from case_open_periods where closed_at is not null
    union
    select case_id, owned_from from case_owner_events
    union
    select case_id, suspended_at from case_suspensions
    union
    select case_id, resumed_at from case_suspensions where resumed_at is not null
    union
    select case_id, change_at from team_changes
),

points_in_period as (
    select
        change_points.case_id,
        change_points.change_at,
        periods.period_number,
        lead(change_points.change_at) over (
            partition by change_points.case_id order by change_points.change_at
        ) as next_change_at,
        periods.closed_at
    from change_points
    asof left join case_open_periods as periods
        on periods.case_id = change_points.case_id
       and change_points.change_at >= periods.opened_at
),

open_points as (
    select * from points_in_period
    where period_number is not null and (closed_at is null or change_at < closed_at)
),

with_owner as (
    select
        open_points.*,
        owners.employee_id,
        owners.team_id     as event_team_id,
        owners.location_id as event_location_id,
        suspensions.suspended_at is not null
            and (suspensions.resumed_at is null or open_points.change_at < suspensions.resumed_at)
                           as is_suspended
    from open_points
    asof left join case_owner_events as owners
        on owners.case_id = open_points.case_id
       and open_points.change_at >= owners.owned_from
    asof left join case_suspensions as suspensions
        on suspensions.case_id = open_points.case_id
       and open_points.change_at >= suspensions.suspended_at
),

with_team as (
    select
        with_owner.*,
        case
            when membership.member_to is null or with_owner.change_at < membership.member_to
                then membership.team_id
        end as member_team_id
    from with_owner
    asof left join membership
        on membership.employee_id = with_owner.employee_id
       and with_owner.change_at >= membership.member_from
),

stated as (
    select
        with_team.case_id,
        with_team.period_number,
        case
            when with_team.is_suspended then 'opgeschort'
            when with_team.employee_id is not null then 'lopend'
            else 'te_plannen'
        end                                                              as state,
        with_team.employee_id,
        case
            when with_team.employee_id is not null
                then coalesce(with_team.member_team_id, with_team.event_team_id)
        end                                                              as team_id,
        coalesce(
            case
                when with_team.employee_id is not null
                    then coalesce(teams.location_id, with_team.event_location_id)
            end,
            cases.location_id
        )                                                                as location_id,
        cases.case_type,
        cases.route,
        with_team.change_at                                              as valid_from,
        with_team.next_change_at                                         as valid_to
    from with_team
    left join teams
        on teams.team_id = coalesce(with_team.member_team_id, with_team.event_team_id)
    inner join cases on cases.case_id = with_team.case_id
),

-- Consecutive intervals with the same state, owner, team and location become one.
flagged as (
    select
        *,
        case
            when lag(valid_to) over by_time = valid_from
             and lag(period_number) over by_time = period_number
             and lag(state) over by_time = state
             and lag(employee_id) over by_time is not distinct from employee_id
             and lag(team_id) over by_time is not distinct from team_id
             and lag(location_id) over by_time is not distinct from location_id
                then 0
            else 1
        end as starts_island
    from stated
    window by_time as (partition by case_id order by valid_from)
),

islands as (
    select *, sum(starts_island) over (partition by case_id order by valid_from) as island
    from flagged
),

final as (
    select
        case_id,
        any_value(period_number) as period_number,
        any_value(state)         as state,
        any_value(employee_id)   as employee_id,
        any_value(team_id)       as team_id,
        any_value(location_id)   as location_id,
        any_value(case_type)     as case_type,
        any_value(route)         as route,
        min(valid_from)          as valid_from,
        case when count(valid_to) = count(*) then max(valid_to) end as valid_to
    from islands
    group by case_id, island
)

select * from final
