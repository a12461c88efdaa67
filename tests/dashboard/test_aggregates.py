"""The overview and process figures read from the pre-aggregated tables equal the per-case
computation they replace, on the demo data: counts exactly, percentiles to within their class."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import data
from dashboard.filters import year_before
from tests.dashboard import per_case_overview as per_case

COUNTS = ("instroom", "uitstroom", "werkvoorraad", "past_term")


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, demo_warehouse: Path) -> Path:
    monkeypatch.setenv(data.WAREHOUSE_ENV, str(demo_warehouse))
    return demo_warehouse


def periods() -> list[data.Filters]:
    """The default year, a month with a team and a case type chosen, and all time."""
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    end = profile.last_day
    team = data.filter_options()["teams"][0]
    case_type = data.filter_options()["case_types"][0]
    month_start = date(end.year, end.month, 1)
    return [
        data.Filters(start=year_before(end), end=end),
        data.Filters(start=month_start, end=end, teams=(team,), case_types=(case_type,)),
        data.Filters(),
    ]


def test_the_overview_figures_equal_the_per_case_computation(demo: Path) -> None:
    assert {"overview_daily", "lead_time_histogram", "open_stock_by_receipt"} <= set(data.tables())
    for chosen in periods():
        new = data.overview_kpis(chosen)
        old = per_case.overview_kpis_from_cases(chosen, data.LOCAL_VIEWER)
        assert {key: new[key] for key in COUNTS} == {key: old[key] for key in COUNTS}
        assert new["tijdigheid_pct"] == pytest.approx(old["tijdigheid_pct"])
        assert new["doorlooptijd_mean_days"] == pytest.approx(old["doorlooptijd_mean_days"])
        for key in ("doorlooptijd_p50_days", "doorlooptijd_p90_days", "ouderdom_median_days"):
            assert new[key] == pytest.approx(old[key], abs=1.0), key


def test_the_trend_and_breakdown_equal_the_per_case_computation(demo: Path) -> None:
    counts = ["month", "instroom", "uitstroom", "werkvoorraad"]
    for chosen in periods()[:2]:  # the stock before the first month counts in every month
        trend = data.monthly_trend(chosen)
        oracle = per_case.monthly_trend_from_cases(chosen, data.LOCAL_VIEWER)
        assert_frame_equal(trend.select(counts), oracle.select(counts))
    chosen = periods()[0]
    new = data.monthly_trend(chosen)
    old = per_case.monthly_trend_from_cases(chosen, data.LOCAL_VIEWER)
    assert_frame_equal(new.select("tijdigheid_pct"), old.select("tijdigheid_pct"))
    gaps = (new["doorlooptijd_p90_days"] - old["doorlooptijd_p90_days"]).abs().drop_nulls()
    assert gaps.len() > 0 and gaps.max() <= 1.0
    for by in ("location_id", "team_id"):
        new = data.breakdown(chosen, by).sort("unit")
        old = per_case.breakdown_from_cases(chosen, by, data.LOCAL_VIEWER).sort("unit")
        assert_frame_equal(new.select("unit", *COUNTS), old.select("unit", *COUNTS))
        gaps = (new["doorlooptijd_p50_days"] - old["doorlooptijd_p50_days"]).abs().drop_nulls()
        assert gaps.max() <= 1.0


def test_production_against_target_equals_the_per_case_computation(demo: Path) -> None:
    for chosen in periods():
        new = data.production_vs_target(chosen)
        old = per_case.production_vs_target_from_cases(chosen, data.LOCAL_VIEWER)
        assert_frame_equal(new, old, check_dtypes=False)


def test_transitions_and_rework_equal_a_full_count_of_the_work_items(demo: Path) -> None:
    chosen = periods()[0]
    con = duckdb.connect(str(demo), read_only=True)
    con.execute("set TimeZone='UTC'")
    params = {"first": chosen.start, "last": chosen.end}
    steps = con.sql(
        """
        with ordered as (
            select activity as to_activity, completed_at,
                   lag(activity) over (partition by case_id order by completed_at, activity)
                       as from_activity
            from work_items
        )
        select from_activity, to_activity, count(*) as transitions from ordered
        where from_activity is not null
          and (completed_at at time zone 'Europe/Amsterdam')::date between $first and $last
        group by all
        """,
        params=params,
    ).pl()
    repeats = con.sql(
        """
        with ranked as (
            select completed_at, activity,
                   row_number() over (partition by case_id, activity order by completed_at) as n
            from work_items
        )
        select activity, count(*) as products, count(*) filter (n > 1) as repeats from ranked
        where (completed_at at time zone 'Europe/Amsterdam')::date between $first and $last
        group by all having count(*) filter (n > 1) > 0
        """,
        params=params,
    ).pl()
    con.close()
    key = ["from_activity", "to_activity"]
    shown = data.transitions(chosen).select(*key, "transitions").sort(key)
    assert_frame_equal(shown, steps.sort(key), check_dtypes=False)
    rework = data.process_rework(chosen).select("activity", "products", "repeats")
    assert_frame_equal(rework.sort("activity"), repeats.sort("activity"), check_dtypes=False)


def test_handling_per_product_equals_the_work_items(demo: Path) -> None:
    chosen = periods()[0]
    con = duckdb.connect(str(demo), read_only=True)
    con.execute("set TimeZone='UTC'")
    expected = con.sql(
        """
        select
            activity,
            count(*) as products,
            100.0 * sum(handling_minutes) filter (norm_minutes is not null)
                / sum(norm_minutes) filter (handling_minutes is not null) as handling_vs_norm_pct,
            -- norms are a few exact values: the median product's norm
            quantile_disc(norm_minutes, 0.5) as norm_minutes
        from work_items
        where completed_on between $first and $last
        group by activity
        """,
        params={"first": chosen.start, "last": chosen.end},
    ).pl()
    con.close()
    shown = data.handling_by_activity(chosen).sort("activity")
    expected = expected.sort("activity")
    assert shown["activity"].to_list() == expected["activity"].to_list()
    assert shown["products"].to_list() == expected["products"].to_list()
    for column in ("handling_vs_norm_pct", "norm_minutes"):
        for got, want in zip(shown[column], expected[column], strict=True):
            assert (got is None) if want is None else got == pytest.approx(want, rel=1e-9), column


def test_paths_shares_add_up_over_the_decided_cases(demo: Path) -> None:
    paths = data.top_paths(periods()[0], limit=200)
    assert not paths.is_empty()
    assert paths["share_pct"].sum() <= 100.0 + 1e-9
    assert paths["cases"].is_sorted(descending=True)
    assert paths.filter(pl.col("path").is_null()).is_empty()


def employee_periods() -> list[data.Filters]:
    """The default year (whole months up to the last day with data), a period that starts
    and ends inside a month, one inside a single month, two partial months, all time."""
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    end = profile.last_day
    return [
        periods()[0],
        data.Filters(start=date(end.year - 1, 3, 17), end=date(end.year - 1, 11, 12)),
        data.Filters(start=date(end.year - 1, 6, 5), end=date(end.year - 1, 6, 20)),
        data.Filters(start=date(end.year - 1, 6, 5), end=date(end.year - 1, 7, 20)),
        data.Filters(start=date(end.year - 1, 6, 1), end=date(end.year - 1, 6, 30)),
        data.Filters(),
    ]


@pytest.mark.parametrize("which", range(6))
def test_employees_in_scope_from_the_aggregates_equal_the_work_items(
    demo: Path, which: int
) -> None:
    chosen = employee_periods()[which]
    first = chosen.start or date(1900, 1, 1)
    last = chosen.end or date(2999, 12, 31)
    con = duckdb.connect(str(demo), read_only=True)
    con.execute("set TimeZone='UTC'")
    expected = con.sql(
        """
        select employee_id, arg_max(team_id, completed_at) as team_id
        from work_items
        where employee_id is not null
          and (completed_at at time zone 'Europe/Amsterdam')::date between $first and $last
        group by employee_id
        """,
        params={"first": first, "last": last},
    ).pl()
    con.close()
    assert expected.height > 0
    shown = data.employees_in_scope(chosen).select("employee_id", "team_id")
    assert_frame_equal(shown.sort("employee_id"), expected.sort("employee_id"))


@pytest.mark.parametrize(
    ("first", "last", "whole"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), (date(2025, 1, 1), date(2026, 1, 1))),
        (date(2025, 1, 15), date(2025, 3, 10), (date(2025, 2, 1), date(2025, 3, 1))),
        (date(2025, 1, 15), date(2025, 1, 20), (date(2025, 2, 1), date(2025, 2, 1))),
        (date(2025, 1, 15), date(2025, 2, 20), (date(2025, 2, 1), date(2025, 2, 1))),
        (date(2024, 12, 1), date(2025, 2, 28), (date(2024, 12, 1), date(2025, 3, 1))),
        (date(2025, 12, 2), date(2025, 12, 31), (date(2026, 1, 1), date(2026, 1, 1))),
    ],
)
def test_whole_months_of_a_period(first: date, last: date, whole: tuple[date, date]) -> None:
    assert data._whole_months(first, last) == whole


def test_the_lead_time_sample_is_drawn_from_the_selection(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = periods()[0]
    case_type = data.filter_options()["case_types"][0]
    one_type = data.Filters(start=chosen.start, end=chosen.end, case_types=(case_type,))
    con = duckdb.connect(str(demo), read_only=True)
    lead_times = con.sql(
        "select lead_time_days from lead_times"
        " where case_type = $type and decided_on between $first and $last",
        params={"type": case_type, "first": chosen.start, "last": chosen.end},
    ).pl()
    con.close()
    assert lead_times.height > 300
    # Fewer cases than the sample size: every case of the selection is in it.
    sample, total = data.lead_time_sample(one_type)
    assert total == lead_times.height
    assert sorted(sample["lead_time_days"].to_list()) == sorted(
        lead_times["lead_time_days"].to_list()
    )
    # More: the sample has its full size, of the selection only.
    monkeypatch.setattr(data, "PROCESS_SAMPLE_CASES", 300)
    sample, total = data.lead_time_sample(one_type)
    assert total == lead_times.height
    assert sample.height == 300
    assert sample["case_type"].unique().to_list() == [case_type]
