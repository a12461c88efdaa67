-- title_nl: Eerlijke verdeling van werklast over teams per locatie
-- title_en: Fairness of workload across the teams of a location
-- definition: Each team's werklast (its remaining norm hours / its productive hours per week,
--   over the employees with both known) and the spread of it over the teams of each location at
--   the as-of date: coefficient of variation, max / median and Gini, as in fairness_team.
-- grain: one row per location_id
-- unit: ratio
-- inputs: werklast_per_fte
-- columns:
--   location_id: location
--   team_count: teams with a werklast
--   mean_werklast_weeks: mean team werklast
--   median_werklast_weeks: median team werklast
--   max_werklast_weeks: highest team werklast
--   coefficient_of_variation: population standard deviation / mean
--   max_over_median: max / median
--   gini: Gini coefficient of the team werklast
with team_werklast as (
    select
        location_id,
        team_id,
        sum(remaining_norm_hours) / nullif(sum(productive_hours_per_week), 0) as werklast_weeks
    from werklast_per_fte
    where werklast_weeks is not null and team_id is not null
    group by location_id, team_id
),

ranked as (
    select
        *,
        row_number() over (partition by location_id order by werklast_weeks) as rank_number
    from team_werklast
    where werklast_weeks is not null
),

final as (
    select
        location_id,
        count(*)                                            as team_count,
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
    group by location_id
)

select * from final
