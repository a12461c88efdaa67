-- title_nl: Prognose: instroom, werkvoorraad en benodigde capaciteit
-- title_en: Forecast: inflow, open stock and the capacity it needs
-- definition: Per month, case type and route: the last twelve complete months as they were
--   (complete = before the as-of month) and the three calendar months after the as-of month as
--   forecast. Normal (forecast) inflow = the mean monthly inflow of the last three complete
--   months (fewer where the data start later; a month without inflow counts as 0). Small short
--   peak = the highest monthly inflow of the last twelve complete months, at least the normal
--   inflow. Pace = the mean monthly outflow (decisions) of the same three months. Projected open
--   stock at the end of a forecast month = open now + (normal inflow - pace) x the months from the
--   as-of date to that month's end (days / 30.4375), at least 0. Capacity needed [fte] = inflow
--   x the norm hours of a decided case of the type (case_norms_today: today's norms) / the
--   productive hours of one fte in a month (direct hours per week of the last four capacity
--   weeks up to the as-of date, divided by the fte of the employees with those weeks, x 4.348
--   weeks); for past months: what their inflow would need today. Available fte and the flexible
--   pool (10% of it: the IND's plan for small peaks) are those of the whole organisation, the
--   same on every row. Large extreme peaks are beyond a forecast (emergency plan). Capacity
--   columns are null where norms or capacity are missing; there are no rows before the data
--   hold one complete month.
-- grain: one row per month, case type and route: the last twelve complete months with inflow, outflow or open cases, and the three months after the as-of month for every case type and route of those or open now
-- unit: cases, fte
-- inputs: flow_monthly_by_unit, case_norms_today, capacity, employees, data_as_of
-- columns:
--   month: YYYY-MM (Europe/Amsterdam)
--   is_forecast: true for the three months after the as-of month, false for complete months
--   case_type: case type
--   route: route
--   inflow: cases received or reopened in the month; forecast: the normal inflow
--   outflow: decisions in the month; forecast: the pace
--   open_at_month_end: open at the end of the month; forecast: projected at normal inflow and pace
--   open_now: forecast only: open cases at the as-of date
--   inflow_peak: forecast only: small short peak, the highest monthly inflow of the last twelve complete months
--   basis_months: forecast only: complete months the normal inflow and the pace are the mean of (1 to 3)
--   norm_hours_per_case: norm hours of a decided case of this type, at today's norms
--   fte_needed: fte whose productive hours in a month handle the month's inflow
--   fte_needed_peak: forecast only: the same for the peak inflow
--   productive_hours_per_fte_week: direct hours per week of one fte (last four capacity weeks)
--   available_fte: fte of the employees with capacity in those weeks, whole organisation
--   flex_pool_fte: 10% of available_fte (flexibele schil)
with as_of as (
    select
        as_of_date,
        date_trunc('month', as_of_date)::date as as_of_month_start
    from data_as_of
    where as_of_date is not null
),

flow as (
    select
        strptime(month || '-01', '%Y-%m-%d')::date as month_start,
        case_type,
        route,
        sum(inflow)            as inflow,
        sum(outflow)           as outflow,
        sum(open_at_month_end) as open_at_month_end
    from flow_monthly_by_unit
    group by all
),

basis as (
    select
        as_of.*,
        greatest(
            as_of.as_of_month_start - interval 3 month, (select min(month_start) from flow)
        )::date as recent_start,
        greatest(
            as_of.as_of_month_start - interval 12 month, (select min(month_start) from flow)
        )::date as peak_start
    from as_of
),

per_type as (
    select
        flow.case_type,
        flow.route,
        sum(flow.inflow) filter (where flow.month_start >= basis.recent_start
                                   and flow.month_start < basis.as_of_month_start)
                                                                    as recent_inflow,
        sum(flow.outflow) filter (where flow.month_start >= basis.recent_start
                                    and flow.month_start < basis.as_of_month_start)
                                                                    as recent_outflow,
        max(flow.inflow) filter (where flow.month_start >= basis.peak_start
                                   and flow.month_start < basis.as_of_month_start)
                                                                    as peak_inflow,
        sum(flow.open_at_month_end) filter (where flow.month_start = basis.as_of_month_start)
                                                                    as open_now,
        datediff('month', any_value(basis.recent_start), any_value(basis.as_of_month_start))
                                                                    as basis_months
    from flow
    cross join basis
    where flow.month_start >= basis.peak_start
      and flow.month_start <= basis.as_of_month_start
      and (flow.inflow > 0 or flow.outflow > 0 or flow.open_at_month_end > 0)
    group by flow.case_type, flow.route
),

norm_per_type as (
    select distinct case_type, expected_norm_minutes / 60.0 as norm_hours_per_case
    from case_norms_today
    where expected_norm_minutes is not null
),

-- the same four weeks as werklast_per_fte: those starting after the Monday four weeks before
-- the as-of week's, up to the as-of date
recent_weeks as (
    select capacity.employee_id, capacity.week_start, capacity.direct_hours
    from capacity
    cross join as_of
    where capacity.week_start <= as_of.as_of_date
      and capacity.week_start > date_trunc('week', as_of.as_of_date)::date - 28
),

recent_capacity as (
    select sum(direct_hours) / count(distinct week_start) as direct_hours_per_week
    from recent_weeks
),

recent_fte as (
    select sum(employees.fte) as available_fte
    from employees
    where employees.employee_id in (select employee_id from recent_weeks)
),

organisation as (
    select
        recent_fte.available_fte,
        recent_capacity.direct_hours_per_week / nullif(recent_fte.available_fte, 0)
            as productive_hours_per_fte_week
    from recent_capacity
    cross join recent_fte
),

forecast_months as (
    select
        (as_of.as_of_month_start + to_months(ahead))::date        as month_start,
        (as_of.as_of_month_start + to_months(ahead + 1))::date    as next_month_start,
        as_of.as_of_date
    from as_of
    cross join range(1, 4) as months(ahead)
),

history as (
    select
        flow.month_start,
        false                                                       as is_forecast,
        flow.case_type,
        flow.route,
        flow.inflow::double                                         as inflow,
        flow.outflow::double                                        as outflow,
        flow.open_at_month_end::double                              as open_at_month_end,
        null::bigint                                                as open_now,
        null::double                                                as inflow_peak,
        null::bigint                                                as basis_months
    from flow
    cross join basis
    where flow.month_start >= basis.peak_start
      and flow.month_start < basis.as_of_month_start
      and (flow.inflow > 0 or flow.outflow > 0 or flow.open_at_month_end > 0)
),

forecast as (
    select
        forecast_months.month_start,
        true                                                        as is_forecast,
        per_type.case_type,
        per_type.route,
        coalesce(per_type.recent_inflow, 0) / per_type.basis_months as inflow,
        coalesce(per_type.recent_outflow, 0) / per_type.basis_months
                                                                    as outflow,
        greatest(
            coalesce(per_type.open_now, 0)
            + (coalesce(per_type.recent_inflow, 0) - coalesce(per_type.recent_outflow, 0))
              / per_type.basis_months
              * (forecast_months.next_month_start - forecast_months.as_of_date - 1) / 30.4375,
            0
        )                                                           as open_at_month_end,
        coalesce(per_type.open_now, 0)::bigint                      as open_now,
        greatest(
            coalesce(per_type.peak_inflow, 0),
            coalesce(per_type.recent_inflow, 0) / per_type.basis_months
        )                                                           as inflow_peak,
        per_type.basis_months
    from per_type
    cross join forecast_months
    where per_type.basis_months > 0
),

final as (
    select
        strftime(months.month_start, '%Y-%m')                       as month,
        months.is_forecast,
        months.case_type,
        months.route,
        months.inflow,
        months.outflow,
        months.open_at_month_end,
        months.open_now,
        months.inflow_peak,
        months.basis_months,
        norm_per_type.norm_hours_per_case,
        months.inflow * norm_per_type.norm_hours_per_case
            / nullif(organisation.productive_hours_per_fte_week * 365.25 / 12 / 7, 0)
                                                                    as fte_needed,
        months.inflow_peak * norm_per_type.norm_hours_per_case
            / nullif(organisation.productive_hours_per_fte_week * 365.25 / 12 / 7, 0)
                                                                    as fte_needed_peak,
        organisation.productive_hours_per_fte_week,
        organisation.available_fte,
        0.10 * organisation.available_fte                           as flex_pool_fte
    from (select * from history union all by name select * from forecast) as months
    cross join organisation
    left join norm_per_type on norm_per_type.case_type is not distinct from months.case_type
    -- history only where a forecast follows: no complete month, no rows at all
    where exists (select 1 from forecast)
)

select * from final
