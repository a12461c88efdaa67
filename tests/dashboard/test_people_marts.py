"""The per-employee and per-product rework of the Team and Medewerker pages, numbered among the
selected rows of work_item_repeats: by hand on three completions of one product, and equal to
numbering the same selection of all work_items on the demo data; the hours from the mart
capacity_weeks equal to joining capacity to employee_weeks; the open stock from
employee_stock_intervals equal to that from case_state_intervals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from polars.testing import assert_frame_equal

from dashboard import data
from dashboard.filters import year_before
from pipelines.refresh import apply_schema, refresh_derived
from tests.sql.test_work_item_repeats import repeated_product_cases

Q1 = data.Filters(start=date(2024, 1, 1), end=date(2024, 3, 31))


@pytest.fixture
def hand_built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Case A: 'beoordeling' by E1 (T1) 10 Jan, E2 (T2) 12 Feb, E1 (T1) 31 Mar; 'ontvangst'
    once, by nobody. Case B: 'beoordeling' once, by E1 (T1) 11 Jan."""
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("set TimeZone='UTC'")
    apply_schema(con)
    repeated_product_cases(con)
    refresh_derived(con)
    con.close()
    monkeypatch.setenv(data.WAREHOUSE_ENV, str(path))
    return path


def rework_of(frame, employee_id: str) -> tuple[int, int]:
    row = frame.filter(frame["employee_id"] == employee_id).row(0, named=True)
    return row["products"], row["rework_products"]


def test_employee_rework_counts_repeats_within_the_selected_rows(hand_built: Path) -> None:
    everyone = data.employee_figures(Q1)
    # A's 'beoordeling': E1 first, E2 second, E1 third.
    assert rework_of(everyone, "E1") == (3, 1)
    assert rework_of(everyone, "E2") == (1, 1)
    assert everyone.filter(everyone["employee_id"] == "E1")["rework_pct"][0] == pytest.approx(
        100 / 3
    )
    # Within team T2's rows E2's completion is the first one; within T1's, E1's March one
    # repeats E1's January one.
    t2 = data.employee_figures(data.Filters(start=Q1.start, end=Q1.end, teams=("T2",)))
    assert rework_of(t2, "E2") == (1, 0)
    t1 = data.employee_figures(data.Filters(start=Q1.start, end=Q1.end, teams=("T1",)))
    assert rework_of(t1, "E1") == (3, 1)
    # One employee: numbered within that employee's own rows.
    assert rework_of(data.employee_figures(Q1, employee_id="E2"), "E2") == (1, 0)
    # From February only: E2's completion is the first in the period.
    february = data.employee_figures(data.Filters(start=date(2024, 2, 1), end=Q1.end))
    assert rework_of(february, "E2") == (1, 0)
    assert rework_of(february, "E1") == (1, 1)


def test_monthly_rework_numbers_all_the_employees_work_then_counts_the_period(
    hand_built: Path,
) -> None:
    march = data.employee_monthly("E1", data.Filters(start=date(2024, 3, 1), end=Q1.end))
    assert march.select("month", "products", "rework_products").rows() == [("2024-03", 1, 1)]
    quarter = data.employee_monthly("E1", Q1)
    assert quarter.select("month", "products", "rework_products").rows() == [
        ("2024-01", 2, 0),
        ("2024-03", 1, 1),
    ]


def test_rework_per_product_numbers_all_work_then_counts_the_period(hand_built: Path) -> None:
    quarter = data.rework_by_activity(Q1)
    assert quarter.rows() == [("beoordeling", 4, 2, 1, 50.0)]
    from_february = data.rework_by_activity(data.Filters(start=date(2024, 2, 1), end=Q1.end))
    assert from_february.rows() == [("beoordeling", 2, 2, 1, 100.0)]
    assert data.rework_by_activity(data.Filters(start=Q1.start, end=date(2024, 1, 31))).is_empty()


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, demo_warehouse: Path) -> Path:
    monkeypatch.setenv(data.WAREHOUSE_ENV, str(demo_warehouse))
    return demo_warehouse


def test_numbering_in_work_item_repeats_equals_numbering_in_all_work_items(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "work_item_repeats" in data.tables()
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    options = data.filter_options()
    year = data.Filters(start=year_before(profile.last_day), end=profile.last_day)
    team = data.Filters(start=year.start, end=year.end, teams=(options["teams"][0],))
    manager = data.Viewer(role="teammanager", teams=frozenset({options["teams"][1]}))
    people = data.employee_figures(year)
    assert people["rework_products"].sum() > 0
    employee = people.sort("rework_products", descending=True)["employee_id"][0]
    calls = [
        lambda: data.employee_figures(year),
        lambda: data.employee_figures(team),
        lambda: data.employee_figures(year, manager),
        lambda: data.employee_figures(year, employee_id=employee),
        lambda: data.employee_monthly(employee, year),
        lambda: data.employee_monthly(employee, data.Filters()),
        lambda: data.rework_by_activity(year),
        lambda: data.rework_by_activity(team),
        lambda: data.rework_by_activity(year, manager),
    ]
    from_repeats = [call() for call in calls]
    monkeypatch.setattr(data, "_repeats_source", lambda: "work_items")
    for call, shown in zip(calls, from_repeats, strict=True):
        assert_frame_equal(shown, call(), check_exact=False, rel_tol=1e-12)


def test_capacity_from_capacity_weeks_equals_joining_capacity_to_employee_weeks(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "capacity_weeks" in data.tables()
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    options = data.filter_options()
    year = data.Filters(start=year_before(profile.last_day), end=profile.last_day)
    location = data.Filters(start=year.start, end=year.end, locations=(options["locations"][0],))
    manager = data.Viewer(role="teammanager", teams=frozenset({options["teams"][0]}))
    calls = [
        lambda: data.team_capacity(year),
        lambda: data.team_capacity(location),
        lambda: data.team_capacity(year, manager),
        lambda: data.employee_figures(year),
        lambda: data.employee_figures(location, manager),
    ]
    from_mart = [call() for call in calls]
    assert from_mart[0]["direct_hours"].sum() > 0
    monkeypatch.setattr(data, "_capacity_source", lambda: data._CAPACITY_JOIN)
    for call, shown in zip(calls, from_mart, strict=True):
        assert_frame_equal(shown, call(), check_exact=False, rel_tol=1e-12)


def test_open_stock_from_employee_stock_intervals_equals_case_state_intervals(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "employee_stock_intervals" in data.tables()
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    options = data.filter_options()
    year = data.Filters(start=year_before(profile.last_day), end=profile.last_day)
    earlier = data.Filters(start=year.start, end=year_before(profile.last_day))
    chosen = data.Filters(start=year.start, end=year.end, case_types=(options["case_types"][0],))
    manager = data.Viewer(role="teammanager", teams=frozenset({options["teams"][0]}))
    people = data.employee_figures(year)
    assert people["open_cases"].sum() > 0
    employee = people.sort("open_cases", descending=True)["employee_id"][0]
    calls = [
        lambda: data.employee_figures(year),
        lambda: data.employee_figures(earlier),
        lambda: data.employee_figures(chosen, manager),
        lambda: data.employee_figures(year, employee_id=employee),
    ]
    from_mart = [call() for call in calls]
    monkeypatch.setattr(data, "_stock_source", lambda: "case_state_intervals")
    for call, shown in zip(calls, from_mart, strict=True):
        assert_frame_equal(shown, call(), check_exact=False, rel_tol=1e-12)
