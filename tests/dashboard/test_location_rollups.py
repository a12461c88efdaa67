"""The per-location copies of the team-grain daily tables (sql/marts/*_by_location.sql): each
holds its table's figures summed over teams, the dashboard reads them only where no team is
asked for, and every overview and process figure read from them equals the same figure read
from the team-grain table, on the demo data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from polars.testing import assert_frame_equal

from dashboard import data
from dashboard.filters import year_before
from pipelines.settings import SQL_DIR

ROLLED_UP = sorted(
    path.stem.removesuffix("_by_location") for path in (SQL_DIR / "marts").glob("*_by_location.sql")
)


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, demo_warehouse: Path) -> Path:
    monkeypatch.setenv(data.WAREHOUSE_ENV, str(demo_warehouse))
    return demo_warehouse


def test_the_rolled_up_tables_are_the_ones_the_dashboard_reads_most() -> None:
    assert ROLLED_UP == [
        "lead_time_histogram",
        "open_stock_by_receipt",
        "overview_daily",
        "process_activity_daily",
        "process_transitions",
        "process_variants",
    ]


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> type of `table`, in column order."""
    return dict(
        con.sql(
            "select column_name, data_type from duckdb_columns() where table_name = $t"
            " order by column_index",
            params={"t": table},
        ).fetchall()
    )


@pytest.mark.parametrize("table", ROLLED_UP)
def test_each_copy_is_its_table_summed_over_teams(demo: Path, table: str) -> None:
    con = duckdb.connect(str(demo), read_only=True)
    try:
        copy_columns = column_types(con, f"{table}_by_location")
        kinds = column_types(con, table)
        # a column added to the table and not to its copy would be missing from every
        # question that names no team; the sums keep the table's types
        assert list(copy_columns.items()) == [(n, t) for n, t in kinds.items() if n != "team_id"]
        measures = [
            name
            for name, kind in kinds.items()
            if kind in ("BIGINT", "DOUBLE") and name != "norm_minutes"  # norm: a key
        ]
        keys = [name for name in copy_columns if name not in measures]
        assert "location_id" in keys and measures
        # sums of doubles in another order may differ in the last bits
        summed = ", ".join(
            f"round(sum({name}), 6) as {name}" if kinds[name] == "DOUBLE" else f"sum({name})"
            for name in measures
        )
        # every key combination and every sum, both ways round
        difference = con.sql(
            f"""
            select count(*) from (
                (select {", ".join(keys)}, {summed} from {table} group by all
                 except all
                 select {", ".join(keys)}, {summed} from {table}_by_location group by all)
                union all
                (select {", ".join(keys)}, {summed} from {table}_by_location group by all
                 except all
                 select {", ".join(keys)}, {summed} from {table} group by all)
            )
            """
        ).fetchall()[0][0]
        rows = con.sql(f"select count(*) from {table}_by_location").fetchall()[0][0]
        base = con.sql(f"select count(*) from {table}").fetchall()[0][0]
    finally:
        con.close()
    assert difference == 0
    assert 0 < rows <= base


def scenarios() -> list[tuple[data.Filters, data.Viewer]]:
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    options = data.filter_options()
    end = profile.last_day
    year = data.Filters(start=year_before(end), end=end)
    location = options["locations"][0]
    head = data.Viewer(role="locatiehoofd", locations=frozenset({location}))
    return [
        (year, data.LOCAL_VIEWER),
        (data.Filters(), data.LOCAL_VIEWER),
        (data.Filters(start=date(end.year - 1, 3, 17), end=date(end.year - 1, 11, 12)), head),
        (
            data.Filters(start=year.start, end=end, case_types=(options["case_types"][0],)),
            data.LOCAL_VIEWER,
        ),
        (data.Filters(start=year.start, end=end, locations=(location,)), data.LOCAL_VIEWER),
    ]


CALLS = {
    "overview_kpis": lambda f, v: data.overview_kpis(f, v),
    "monthly_trend": lambda f, v: data.monthly_trend(f, v),
    "breakdown per location": lambda f, v: data.breakdown(f, "location_id", v),
    "breakdown per case type": lambda f, v: data.breakdown(f, "case_type", v),
    "production_vs_target": lambda f, v: data.production_vs_target(f, v),
    "transitions": lambda f, v: data.transitions(f, v),
    "process_rework": lambda f, v: data.process_rework(f, v),
    "handling_by_activity": lambda f, v: data.handling_by_activity(f, v),
    "top_paths": lambda f, v: data.top_paths(f, v, limit=200),
}


@pytest.mark.parametrize("name", CALLS)
def test_figures_from_the_copies_equal_the_team_grain_tables(
    demo: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    call = CALLS[name]
    cases = scenarios()
    for chosen, viewer in cases:
        assert data._grain("overview_daily", chosen, viewer).endswith("_by_location")
    shown = [call(chosen, viewer) for chosen, viewer in cases]
    monkeypatch.setattr(data, "_grain", lambda table, *args, **kwargs: table)
    for (chosen, viewer), figures in zip(cases, shown, strict=True):
        expected = call(chosen, viewer)
        if isinstance(figures, dict):
            assert figures == pytest.approx(expected, rel=1e-12, nan_ok=True)
        else:
            assert not expected.is_empty() or name == "production_vs_target"
            assert_frame_equal(figures, expected, check_exact=False, rel_tol=1e-12)


def test_a_team_anywhere_in_the_question_reads_the_team_grain_table(demo: Path) -> None:
    options = data.filter_options()
    team = options["teams"][0]
    year = data.Filters(start=date(2024, 1, 1), end=date(2024, 12, 31))
    manager = data.Viewer(role="teammanager", teams=frozenset({team}))
    both = data.Viewer(role="locatiehoofd", locations=frozenset({"X"}), teams=frozenset({team}))
    assert data._grain("process_transitions", year, data.LOCAL_VIEWER) == (
        "process_transitions_by_location"
    )
    chosen_team = data.Filters(start=year.start, end=year.end, teams=(team,))
    assert data._grain("process_transitions", chosen_team, data.LOCAL_VIEWER) == (
        "process_transitions"
    )
    assert data._grain("process_transitions", year, manager) == "process_transitions"
    assert data._grain("overview_daily", year, data.LOCAL_VIEWER, "team_id") == "overview_daily"
    # a location head's scope is the location itself, which the copy has
    assert data._grain("overview_daily", year, both) == "overview_daily_by_location"
    # a table without a copy is read as it is
    assert data._grain("work_item_days", year, data.LOCAL_VIEWER) == "work_item_days"


def test_employees_in_scope_without_employee_months_reads_work_item_days(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = data.data_profile()
    assert profile is not None and profile.last_day is not None
    chosen = data.Filters(start=date(profile.last_day.year - 1, 3, 17), end=profile.last_day)
    shown = data.employees_in_scope(chosen)
    original = data._table_or
    monkeypatch.setattr(
        data,
        "_table_or",
        lambda table, older: older if table == "employee_months" else original(table, older),
    )
    assert_frame_equal(data.employees_in_scope(chosen), shown)


@pytest.mark.parametrize("name", ["werklast_per_fte", "complexity_mix", "fairness_team"])
def test_a_location_heads_indicator_rows_are_those_of_the_location_and_its_teams(
    demo: Path, name: str
) -> None:
    location = data.filter_options()["locations"][0]
    con = duckdb.connect(str(demo), read_only=True)
    teams = sorted(
        team
        for (team,) in con.sql(
            "select team_id from teams where location_id = $l", params={"l": location}
        ).fetchall()
    )
    everything = con.sql(f"select * from {name}").pl()
    con.close()
    assert teams
    # the location restricts on its own; its teams are no second condition
    head = data.Viewer(role="locatiehoofd", locations=frozenset({location}), teams=frozenset(teams))
    shown = data.indicator(name, data.Filters(), head, in_period=False)
    expected = everything.filter(everything["location_id"] == location)
    assert not expected.is_empty()
    assert_frame_equal(shown.sort(shown.columns), expected.sort(expected.columns))
