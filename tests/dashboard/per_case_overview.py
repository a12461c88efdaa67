"""The overview figures computed case by case from the `cases` mart: the independent
computation that the pre-aggregated tables behind the Overzicht page are checked against.
Tijdigheid counts a decision at or before the legal term moved by suspension
(case_terms.effective_deadline_at), as timeliness_monthly does."""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard import data


def with_terms(scoped: str) -> str:
    """The cases in scope with their effective deadline (the legal term moved by suspension)."""
    return f"""
        select scoped.*, terms.effective_deadline_at
        from ({scoped}) as scoped
        left join case_terms as terms on terms.case_id = scoped.case_id
    """


def overview_kpis_from_cases(
    filters: data.Filters, viewer: data.Viewer = data.LOCAL_VIEWER
) -> dict[str, Any]:
    """Instroom, uitstroom, tijdigheid and doorlooptijd p50/p90 in the period; werkvoorraad,
    its median age and the open cases past their term at the end of the period."""
    scoped, params = data._scoped_cases(filters, viewer)
    return data.query(
        f"""
        with scoped as ({with_terms(scoped)}),
        decided as (
            select * from scoped where decided_at >= $start and decided_at < $end
        ),
        open_at_end as (
            select * from scoped
            where received_at < $end and (decided_at is null or decided_at >= $end)
        )
        select
            (select count(*) from scoped
              where received_at >= $start and received_at < $end)        as instroom,
            (select count(*) from decided)                               as uitstroom,
            (select 100.0 * avg((decided_at <= effective_deadline_at)::int)
               from decided where deadline_at is not null)               as tijdigheid_pct,
            (select quantile_cont(lead_time_days, 0.5) from decided)     as doorlooptijd_p50_days,
            (select quantile_cont(lead_time_days, 0.9) from decided)     as doorlooptijd_p90_days,
            (select avg(lead_time_days) from decided)                    as doorlooptijd_mean_days,
            (select count(*) from open_at_end)                           as werkvoorraad,
            (select median(date_diff('second', received_at, $end) / 86400.0)
               from open_at_end)                                         as ouderdom_median_days,
            (select count(*) from open_at_end where deadline_at < $end)  as past_term
        """,
        params,
    ).row(0, named=True)


def monthly_trend_from_cases(
    filters: data.Filters, viewer: data.Viewer = data.LOCAL_VIEWER
) -> pl.DataFrame:
    """One row per month of the period: instroom, uitstroom, werkvoorraad at month end,
    tijdigheid [%] and doorlooptijd p50/p90 [days] of that month's decisions."""
    scoped, params = data._scoped_cases(filters, viewer)
    return data.query(
        f"""
        with scoped as ({with_terms(scoped)}),
        months as (
            select
                month_start::date                                               as month,
                timezone('Europe/Amsterdam', month_start)                       as month_from,
                timezone('Europe/Amsterdam', month_start + interval 1 month)    as month_to
            from range(
                date_trunc('month', timezone('Europe/Amsterdam', $start)),
                timezone('Europe/Amsterdam', $end),
                interval 1 month
            ) as r(month_start)
        ),
        received as (
            select date_trunc('month', timezone('Europe/Amsterdam', received_at))::date as month,
                   count(*) as instroom
            from scoped where received_at >= $start and received_at < $end group by 1
        ),
        decided as (
            select
                date_trunc('month', timezone('Europe/Amsterdam', decided_at))::date as month,
                count(*)                                                          as uitstroom,
                100.0 * avg((decided_at <= effective_deadline_at)::int)           as tijdigheid_pct,
                quantile_cont(lead_time_days, 0.5)                      as doorlooptijd_p50_days,
                quantile_cont(lead_time_days, 0.9)                      as doorlooptijd_p90_days
            from scoped where decided_at >= $start and decided_at < $end group by 1
        ),
        stock as (
            select months.month, count(scoped.case_id) as werkvoorraad
            from months
            left join scoped
              on scoped.received_at < months.month_to
             and (scoped.decided_at is null or scoped.decided_at >= months.month_to)
            group by 1
        ),
        final as (
            select
                months.month,
                coalesce(received.instroom, 0)   as instroom,
                coalesce(decided.uitstroom, 0)   as uitstroom,
                stock.werkvoorraad,
                decided.tijdigheid_pct,
                decided.doorlooptijd_p50_days,
                decided.doorlooptijd_p90_days
            from months
            left join received using (month)
            left join decided using (month)
            left join stock using (month)
        )
        select * from final order by month
        """,
        params,
    )


def breakdown_from_cases(
    filters: data.Filters, by: str, viewer: data.Viewer = data.LOCAL_VIEWER
) -> pl.DataFrame:
    """The overview figures per location or per team (`by` = location_id | team_id)."""
    if by not in ("location_id", "team_id", "case_type", "route"):
        raise ValueError(f"cannot break down by {by!r}")
    scoped, params = data._scoped_cases(filters, viewer)
    return data.query(
        f"""
        with scoped as ({with_terms(scoped)}),
        final as (
            select
                {by}                                                           as unit,
                count(*) filter (received_at >= $start and received_at < $end) as instroom,
                count(*) filter (decided_at >= $start and decided_at < $end)   as uitstroom,
                count(*) filter (received_at < $end
                                 and (decided_at is null or decided_at >= $end)) as werkvoorraad,
                count(*) filter (received_at < $end
                                 and (decided_at is null or decided_at >= $end)
                                 and deadline_at < $end)                       as past_term,
                100.0 * avg((decided_at <= effective_deadline_at)::int)
                    filter (decided_at >= $start and decided_at < $end)       as tijdigheid_pct,
                quantile_cont(lead_time_days, 0.5)
                    filter (decided_at >= $start and decided_at < $end) as doorlooptijd_p50_days,
                quantile_cont(lead_time_days, 0.9)
                    filter (decided_at >= $start and decided_at < $end) as doorlooptijd_p90_days
            from scoped
            group by 1
        )
        select * from final order by werkvoorraad desc, unit
        """,
        params,
    )


def production_vs_target_from_cases(
    filters: data.Filters, viewer: data.Viewer = data.LOCAL_VIEWER
) -> pl.DataFrame:
    """Per production-target period overlapping the chosen period: decisions realised in it
    against the funded target (p x q), for the case types and locations in scope."""
    if not data.has_rows("production_targets"):
        return pl.DataFrame()
    scoped, params = data._scoped_cases(filters, viewer)
    return data.query(
        f"""
        with scoped as ({with_terms(scoped)}),
        targets as (
            select
                period_start, period_end, case_type, location_id,
                sum(target_decisions) as target_decisions
            from production_targets as c
            where period_end > $start::date and period_start < $end::date
              and (case_type is null or {data._target_scope(filters, "case_type")})
              and (location_id is null or {data._target_scope(filters, "location_id")})
            group by all
        ),
        data_end as (
            select max(last_event_at) as last_event_at from cases
        ),
        final as (
            select
                targets.period_start,
                targets.period_end,
                coalesce(targets.case_type, '') as case_type,
                coalesce(targets.location_id, '') as location_id,
                targets.target_decisions::bigint as target_decisions,
                -- a period the data does not cover to its end gets the covered share of its
                -- target, so a quarter that has just begun is not shown as missed
                targets.target_decisions * least(
                    1.0,
                    greatest(
                        0.0,
                        date_diff(
                            'day',
                            targets.period_start,
                            timezone('Europe/Amsterdam', any_value(data_end.last_event_at))::date
                                + 1
                        )
                    ) / date_diff('day', targets.period_start, targets.period_end)
                ) as target_pro_rata,
                count(scoped.case_id) as decisions
            from targets
            cross join data_end
            left join scoped
              on timezone('Europe/Amsterdam', scoped.decided_at)::date >= targets.period_start
             and timezone('Europe/Amsterdam', scoped.decided_at)::date < targets.period_end
             and (targets.case_type is null or scoped.case_type = targets.case_type)
             and (targets.location_id is null or scoped.location_id = targets.location_id)
            group by targets.period_start, targets.period_end, targets.case_type,
                     targets.location_id, targets.target_decisions
        )
        select * from final order by period_start, case_type, location_id
        """,
        {**params, **data._target_params(filters)},
    )
