-- title_nl: Doorlooptijd: gemiddelde en percentielen
-- title_en: Lead time: mean and percentiles
-- definition: Mean and the 50th, 80th and 90th percentile (linear interpolation) of the lead
--   time of the cases decided in a month, gross and net of suspension, per case type, route and
--   location. Percentiles do not add up: for another grouping compute them from lead_times
--   (pipelines.indicators.lead_time_percentiles does, with the same definition).
-- grain: one row per decision_month, case_type, route and location_id
-- unit: days
-- inputs: lead_times
-- period_column: decision_month
-- columns:
--   decision_month: month of the decision (YYYY-MM)
--   case_type: case type
--   route: route
--   location_id: location
--   decided_count: cases decided
--   mean_lead_time_days: mean gross lead time
--   p50_lead_time_days: median gross lead time
--   p80_lead_time_days: 80th percentile gross
--   p90_lead_time_days: 90th percentile gross
--   mean_net_lead_time_days: mean net lead time
--   p50_net_lead_time_days: median net lead time
--   p80_net_lead_time_days: 80th percentile net
--   p90_net_lead_time_days: 90th percentile net
--   mean_lead_time_working_days: mean gross lead time in working days
with final as (
    select
        decision_month,
        case_type,
        route,
        location_id,
        count(*)                                    as decided_count,
        avg(lead_time_days)                         as mean_lead_time_days,
        quantile_cont(lead_time_days, 0.5)          as p50_lead_time_days,
        quantile_cont(lead_time_days, 0.8)          as p80_lead_time_days,
        quantile_cont(lead_time_days, 0.9)          as p90_lead_time_days,
        avg(net_lead_time_days)                     as mean_net_lead_time_days,
        quantile_cont(net_lead_time_days, 0.5)      as p50_net_lead_time_days,
        quantile_cont(net_lead_time_days, 0.8)      as p80_net_lead_time_days,
        quantile_cont(net_lead_time_days, 0.9)      as p90_net_lead_time_days,
        avg(lead_time_working_days)                 as mean_lead_time_working_days
    from lead_times
    group by all
)

select * from final
