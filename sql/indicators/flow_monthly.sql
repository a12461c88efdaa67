-- title_nl: Instroom, uitstroom en werkvoorraad per maand
-- title_en: Inflow, outflow and open stock per month
-- definition: Per calendar month (Europe/Amsterdam): inflow = open periods that start in the month
--   (new cases at receipt plus reopened cases at their heropening: a reopening is inflow of the
--   reopened stock); outflow = open periods that a decision ends in the month; open at month end
--   = open periods started before the end of the month and not ended before it. The identity
--   open_at_month_end = open_at_month_start + inflow - outflow holds exactly, and
--   open_at_month_start equals the previous month's open_at_month_end.
-- grain: one row per month, whole organisation
-- unit: cases
-- inputs: case_open_periods, calendar_days, calendar_hours, data_as_of
-- period_column: month
-- columns:
--   month: YYYY-MM (Europe/Amsterdam)
--   inflow: open periods started in the month (received + reopened)
--   inflow_received: of which new cases (receipt)
--   inflow_reopened: of which reopenings after a decision
--   outflow: open periods ended by a decision in the month (uitstroom)
--   open_at_month_start: open at the start of the month
--   open_at_month_end: open at the end of the month (werkvoorraad)
with movements as (
    select
        opened_hour.month,
        1                                                           as inflow,
        case when periods.opened_by = 'ontvangst' then 1 else 0 end  as inflow_received,
        case when periods.opened_by = 'heropening' then 1 else 0 end as inflow_reopened,
        0                                                           as outflow
    from case_open_periods as periods
    left join calendar_hours as opened_hour
        on opened_hour.utc_hour = epoch_us(periods.opened_at) // 3600000000
    union all
    select closed_hour.month, 0, 0, 0, 1
    from case_open_periods as periods
    inner join calendar_hours as closed_hour
        on closed_hour.utc_hour = epoch_us(periods.closed_at) // 3600000000
),

months as (
    select distinct calendar_days.month
    from calendar_days
    where calendar_days.month between (select min(month) from movements)
                                  and greatest(
                                      (select max(month) from movements),
                                      (select strftime(as_of_date, '%Y-%m') from data_as_of)
                                  )
),

per_month as (
    select
        months.month,
        coalesce(sum(movements.inflow), 0)::bigint          as inflow,
        coalesce(sum(movements.inflow_received), 0)::bigint as inflow_received,
        coalesce(sum(movements.inflow_reopened), 0)::bigint as inflow_reopened,
        coalesce(sum(movements.outflow), 0)::bigint         as outflow
    from months
    left join movements on movements.month = months.month
    group by months.month
),

final as (
    select
        month,
        inflow,
        inflow_received,
        inflow_reopened,
        outflow,
        (sum(inflow - outflow) over by_month - (inflow - outflow))::bigint as open_at_month_start,
        (sum(inflow - outflow) over by_month)::bigint                      as open_at_month_end
    from per_month
    window by_month as (order by month rows between unbounded preceding and current row)
)

select * from final
