-- title_nl: Eerlijke verdeling van werklast binnen teams
-- title_en: Fairness of workload within teams
-- definition: Spread of werklast_weeks over the employees of each team at the as-of date:
--   coefficient of variation (population standard deviation / mean), max / median, and the Gini
--   coefficient (0 = everyone the same workload, towards 1 = all work with one person). Only
--   employees with a werklast (norms and capacity known) count.
-- grain: one row per team_id (and its location)
-- unit: ratio
-- inputs: werklast_per_fte
-- columns:
--   team_id: team
--   location_id: location
--   employee_count: employees with a werklast
--   mean_werklast_weeks: mean werklast
--   median_werklast_weeks: median werklast
--   max_werklast_weeks: highest werklast
--   coefficient_of_variation: population standard deviation / mean
--   max_over_median: max / median
--   gini: Gini coefficient of werklast_weeks
with ranked as (
    select
        team_id,
        location_id,
        werklast_weeks,
        row_number() over (partition by team_id, location_id order by werklast_weeks) as rank_number
    from werklast_per_fte
    where werklast_weeks is not null and team_id is not null
),

final as (
    select
        team_id,
        location_id,
        count(*)                                            as employee_count,
        avg(werklast_weeks)                                 as mean_werklast_weeks,
        median(werklast_weeks)                              as median_werklast_weeks,
        max(werklast_weeks)                                 as max_werklast_weeks,
        stddev_pop(werklast_weeks) / nullif(avg(werklast_weeks), 0)
                                                            as coefficient_of_variation,
        max(werklast_weeks) / nullif(median(werklast_weeks), 0)
                                                            as max_over_median,
        2.0 * sum(rank_number * werklast_weeks) / nullif(count(*) * sum(werklast_weeks), 0)
            - (count(*) + 1.0) / count(*)                   as gini
    from ranked
    group by team_id, location_id
)

select * from final
