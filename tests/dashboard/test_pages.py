"""Every page on every kind of warehouse: the demo, a small real log, a fresh install and no
warehouse at all. No page may raise; the figures shown must be the indicator module's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard.filters import year_before
from dashboard.formatting import month_label, number, percent
from pipelines.indicators import read_indicator
from tests.dashboard.conftest import PAGES

RECEIPT_PERIOD = {"van": "2011-01-01", "tot": "2011-12-31"}


def _no_errors(at) -> None:
    assert not at.exception, [item.value for item in at.exception]
    assert not at.error, [item.value for item in at.error]


def _metric(at, label: str) -> str:
    values = [metric.value for metric in at.metric if metric.label.startswith(label)]
    assert values, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return values[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_real_log(open_page, receipt_warehouse: Path, page: str) -> None:
    _no_errors(open_page(receipt_warehouse, page, RECEIPT_PERIOD))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_demo(open_page, demo_warehouse: Path, page: str) -> None:
    _no_errors(open_page(demo_warehouse, page))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_a_fresh_install(open_page, empty_warehouse: Path, page: str) -> None:
    at = open_page(empty_warehouse, page)
    _no_errors(at)
    if page not in ("laden", "datakwaliteit"):
        assert any("Laad een export" in info.value for info in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_without_a_warehouse(open_page, missing_warehouse: Path, page: str) -> None:
    at = open_page(missing_warehouse, page)
    _no_errors(at)
    if page != "laden":
        assert any("nog geen gegevensbestand" in info.value for info in at.info)


def test_overview_shows_the_indicator_numbers(open_page, receipt_warehouse: Path) -> None:
    at = open_page(receipt_warehouse, "overzicht", RECEIPT_PERIOD)
    _no_errors(at)
    con = duckdb.connect(str(receipt_warehouse), read_only=True)
    period = (date(2011, 1, 1), date(2012, 1, 1))
    decided = read_indicator(con, "lead_times", {"period": period})
    stock = read_indicator(con, "werkvoorraad_daily", {"period": (date(2011, 12, 31), period[1])})
    con.close()
    assert _metric(at, "Uitstroom") == number(decided.height)
    within = decided.filter(decided["within_term"].is_not_null())
    assert _metric(at, "Tijdigheid") == percent(100 * within["within_term"].mean())
    assert _metric(at, "Werkvoorraad") == number(stock["case_count"].sum())


def test_overview_says_what_the_real_log_lacks(open_page, receipt_warehouse: Path) -> None:
    at = open_page(receipt_warehouse, "overzicht", RECEIPT_PERIOD)
    infos = " ".join(info.value for info in at.info)
    assert "productiedoelen" in infos
    assert "organisatie" not in infos or "Per locatie" not in infos  # teams exist, locations not


def test_url_parameters_set_the_filters(open_page, receipt_warehouse: Path) -> None:
    params = {"van": "2011-03-01", "tot": "2011-03-31", "team": "Group 1"}
    at = open_page(receipt_warehouse, "overzicht", params)
    _no_errors(at)
    chosen = at.session_state["filters"]
    assert (chosen.start, chosen.end, chosen.teams) == (
        date(2011, 3, 1),
        date(2011, 3, 31),
        ("Group 1",),
    )
    con = duckdb.connect(str(receipt_warehouse), read_only=True)
    expected = con.sql(
        """
        select count(*) from cases
        where team_id = 'Group 1'
          and decided_at >= timezone('Europe/Amsterdam', timestamp '2011-03-01')
          and decided_at < timezone('Europe/Amsterdam', timestamp '2011-04-01')
        """
    ).fetchall()[0][0]
    con.close()
    assert _metric(at, "Uitstroom") == number(expected)


def test_the_language_switch_speaks_english(open_page, receipt_warehouse: Path) -> None:
    at = open_page(receipt_warehouse, "overzicht", {**RECEIPT_PERIOD, "taal": "en"})
    _no_errors(at)
    assert at.title[0].value == "Overview"
    assert any(metric.label == "Timeliness" for metric in at.metric)


def test_location_spread_matches_the_workload_indicator(open_page, receipt_warehouse: Path) -> None:
    at = open_page(receipt_warehouse, "locatie", RECEIPT_PERIOD)
    _no_errors(at)
    con = duckdb.connect(str(receipt_warehouse), read_only=True)
    workload = read_indicator(con, "werklast_per_fte", {"team_id": "Group 1"})
    con.close()
    owners = workload.filter(workload["open_case_count"] > 0)
    table = at.dataframe[0].value  # spread within each team
    row = table[table["Team"] == "Group 1"].iloc[0]
    assert row["Medewerkers"] == owners.height
    assert row["Gem. open zaken"] == pytest.approx(owners["open_case_count"].mean(), abs=0.05)


def test_period_defaults_to_the_last_year_of_data(open_page, receipt_warehouse: Path) -> None:
    at = open_page(receipt_warehouse, "overzicht")
    chosen = at.session_state["filters"]
    assert chosen.start == year_before(chosen.end)
    # ... and is written to the URL, so a copied link shows the same view.
    written = {key: _single(value) for key, value in at.query_params.items()}
    assert written == {"van": chosen.start.isoformat(), "tot": chosen.end.isoformat()}


def _single(value: str | list[str]) -> str:
    return value[0] if isinstance(value, list) else value


def test_the_unfair_team_stands_out_on_the_location_page(open_page, demo_warehouse: Path) -> None:
    from pipelines.generator.config import PLANTED

    con = duckdb.connect(str(demo_warehouse), read_only=True)
    fairness = read_indicator(con, "fairness_team").sort(
        "coefficient_of_variation", descending=True, nulls_last=True
    )
    name = con.sql(
        "select team_name, location_id from teams where team_id = $id",
        params={"id": PLANTED.unfair_team},
    )
    team_name, location = name.fetchall()[0]
    con.close()
    at = open_page(demo_warehouse, "locatie")
    at.selectbox(key="location_shown").set_value(location).run()  # the page shows one location
    _no_errors(at)
    assert fairness["team_id"][0] == PLANTED.unfair_team
    expected = f"{team_name} heeft de grootste spreiding"
    warnings = [warning.value for warning in at.warning if "grootste spreiding" in warning.value]
    assert warnings and expected in warnings[0]
    assert number(fairness["coefficient_of_variation"][0], 2) in warnings[0]


def test_the_tight_norm_tops_handling_time_against_norm(open_page, demo_warehouse: Path) -> None:
    from pipelines.generator.config import PLANTED

    at = open_page(demo_warehouse, "proces")
    _no_errors(at)
    tables = [frame.value for frame in at.dataframe]
    handling = next(table for table in tables if "Bewerkingstijd / norm (%)" in table.columns)
    worst = handling.sort_values("Bewerkingstijd / norm (%)", ascending=False).iloc[0]
    assert worst["Stap"] == PLANTED.tight_norm_activity
    assert worst["Bewerkingstijd / norm (%)"] > 120


def test_the_overview_breaks_down_by_location_or_by_team(open_page, demo_warehouse: Path) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    # one row per unit, and one for the cases not (yet) with a team
    locations, teams = con.sql(
        "select count(distinct location_id), count(distinct coalesce(team_id, '-')) from cases"
    ).fetchall()[0]
    con.close()
    at = open_page(demo_warehouse, "overzicht")
    _no_errors(at)
    # the drill-down is the last table of the page
    assert at.dataframe[-1].value.shape[0] == locations
    at.segmented_control(key="overview_breakdown").set_value("team").run()
    _no_errors(at)
    assert at.dataframe[-1].value.shape[0] == teams


def test_the_overview_forecast_is_the_indicator(open_page, demo_warehouse: Path) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    rows = read_indicator(con, "inflow_forecast")
    con.close()
    ahead = rows.filter(rows["is_forecast"])
    first = ahead.filter(ahead["month"] == ahead["month"].min())
    last = ahead.filter(ahead["month"] == ahead["month"].max())
    at = open_page(demo_warehouse, "overzicht")
    _no_errors(at)
    label = month_label(first["month"][0])
    assert _metric(at, f"Instroom {label}") == number(first["inflow"].sum())
    assert _metric(at, f"Benodigd {label}") == f"{number(first['fte_needed'].sum(), 1)} fte"
    assert _metric(at, "Beschikbaar") == f"{number(first['available_fte'][0], 1)} fte"
    assert _metric(at, "Werkvoorraad eind") == number(last["open_at_month_end"].sum())
    table = next(
        frame.value for frame in at.dataframe if "Fte nodig bij piek" in frame.value.columns
    )
    assert table.shape[0] == first.height
    assert any("drukste maand van het afgelopen jaar" in item.value for item in at.markdown)


def test_the_forecast_is_for_the_whole_organisation_only(open_page, demo_warehouse: Path) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    location = con.sql("select min(location_id) from cases").fetchall()[0][0]
    con.close()
    at = open_page(demo_warehouse, "overzicht", {"locatie": location})
    _no_errors(at)
    assert any("voor de hele organisatie" in item.value for item in at.info)
    assert not [m.label for m in at.metric if m.label.startswith("Benodigd")]


def test_the_goals_page_shows_what_the_forecast_asks(open_page, demo_warehouse: Path) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    rows = read_indicator(con, "inflow_forecast")
    con.close()
    ahead = (
        rows.filter(rows["is_forecast"])
        .group_by("month")
        .agg(pl.col("inflow").sum(), pl.col("outflow").sum(), pl.col("open_at_month_end").sum())
        .sort("month")
    )
    at = open_page(demo_warehouse, "pdca_doelen", {"eenheid": "organisatie"})
    _no_errors(at)
    inflow, pace = ahead["inflow"][0], ahead["outflow"][0]
    sentence = next(item.value for item in at.markdown if "gelijk te houden" in item.value)
    assert f"ongeveer {number(inflow)} beslissingen per maand" in sentence
    assert f"{number(pace)} per maand" in sentence
    assert ("groeit" if round(inflow - pace) > 0 else "daalt") in sentence
    table = next(frame.value for frame in at.dataframe if "Open eind maand" in frame.value.columns)
    assert table["Maand"].to_list() == [month_label(month) for month in ahead["month"]]
    # Whole cases in the table: rounded, as shown.
    assert table["Instroom (prognose)"].to_list() == pytest.approx(
        ahead["inflow"].to_list(), abs=0.5
    )
    assert table["Open eind maand"].to_list() == pytest.approx(
        ahead["open_at_month_end"].to_list(), abs=0.5
    )


def test_the_goals_page_of_a_team_says_the_forecast_is_organisation_wide(
    open_page, demo_warehouse: Path
) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    team = con.sql("select min(team_id) from cases").fetchall()[0][0]
    con.close()
    at = open_page(demo_warehouse, "pdca_doelen", {"eenheid": "team", "id": team})
    _no_errors(at)
    assert any("niet per locatie, team of medewerker" in item.value for item in at.caption)
    assert not [frame for frame in at.dataframe if "Open eind maand" in frame.value.columns]


def test_the_forecast_without_norms_or_capacity_says_so(open_page, receipt_warehouse) -> None:
    at = open_page(receipt_warehouse, "overzicht", RECEIPT_PERIOD)
    _no_errors(at)
    assert _metric(at, "Benodigd") == "–"
    assert any("normtijden of capaciteit" in item.value for item in at.info)
