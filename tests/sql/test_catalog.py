"""Every SQL model documents itself, and the indicator reader applies filters as parameters."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pipelines.indicators import (
    REQUIRED_FIELDS,
    IndicatorError,
    catalog,
    lead_time_percentiles,
    parse_header,
    read_indicator,
    werkvoorraad_as_of,
)
from pipelines.refresh import discover_models, refresh_derived
from pipelines.settings import SQL_DIR
from tests.sql.test_case_timeline import team_change_case
from tests.sql.test_lead_times import holiday_cases
from tests.sql.warehouse_fixtures import refreshed

MODEL_FIELDS = ("definition", "grain", "inputs", "columns")


def documented_columns(path: Path) -> list[str]:
    header = path.read_text(encoding="utf-8").split("\nwith ")[0]
    section = header.split("-- columns:")[1]
    return re.findall(r"^--\s{3}(\w+):", section, flags=re.MULTILINE)


def test_every_indicator_has_a_complete_header():
    indicators = catalog()
    assert len(indicators) == len(list((SQL_DIR / "indicators").glob("*.sql")))
    for entry in indicators.values():
        assert entry.title_nl and entry.title_en and entry.definition and entry.unit


@pytest.mark.parametrize("missing", REQUIRED_FIELDS)
def test_a_header_without_a_field_is_refused(tmp_path, missing):
    source = (SQL_DIR / "indicators" / "flow_monthly.sql").read_text(encoding="utf-8")
    kept = [
        line
        for line in source.splitlines()
        if not line.startswith(f"-- {missing}:")
        and not (missing == "columns" and re.match(r"^--\s{3}\w+:", line))
    ]
    broken = tmp_path / "flow_monthly.sql"
    broken.write_text("\n".join(kept), encoding="utf-8")
    with pytest.raises(IndicatorError, match=missing):
        parse_header(broken)


def test_every_model_documents_exactly_its_columns(con):
    refresh_derived(con)
    for model in discover_models():
        text = model.sql
        for field in MODEL_FIELDS:
            assert f"-- {field}:" in text, f"{model.path.name} lacks {field}"
        actual = [row[0] for row in con.sql(f"describe {model.name}").fetchall()]
        assert documented_columns(model.path) == actual, model.path.name


def test_an_empty_warehouse_materialises_every_table(con):
    """A log with no organisation, norms or capacity still gets every table (empty)."""
    refreshed_names = refresh_derived(con)
    assert set(refreshed_names) == {model.name for model in discover_models()}
    for name in catalog():
        assert read_indicator(con, name).height == 0


def test_read_indicator_filters_by_unit_and_month(con):
    team_change_case(con)
    refreshed(con)
    march_t2 = read_indicator(
        con,
        "flow_monthly_by_unit",
        {"team_id": ["T2"], "period": (dt.date(2024, 3, 1), dt.date(2024, 4, 1))},
    )
    assert march_t2.select("month", "team_id", "outflow").rows() == [("2024-03", "T2", 1)]
    february = read_indicator(
        con, "flow_monthly", {"period": (dt.date(2024, 2, 1), dt.date(2024, 3, 1))}
    )
    assert february["month"].to_list() == ["2024-02"]
    # A value that looks like SQL is only ever a parameter.
    assert read_indicator(con, "flow_monthly_by_unit", {"team_id": "T2' or '1'='1"}).height == 0


@pytest.mark.parametrize(
    ("name", "filters", "message"),
    [
        ("no_such_indicator", {}, "unknown indicator"),
        ("flow_monthly", {"team_id": "T1"}, "cannot be filtered by team_id"),
        ("flow_monthly", {"colour": "red"}, "unknown filter"),
        ("flow_monthly", {"period": (dt.date(2024, 2, 1), dt.date(2024, 1, 1))}, "empty"),
        ("flow_monthly", {"period": "2024"}, "first day"),
    ],
)
def test_read_indicator_refuses_bad_requests(con, name, filters, message):
    refresh_derived(con)
    with pytest.raises(IndicatorError, match=message):
        read_indicator(con, name, filters)


def test_werkvoorraad_as_of_matches_the_daily_series(con):
    team_change_case(con)
    refreshed(con)
    on_last_february = werkvoorraad_as_of(con, dt.date(2024, 2, 29))
    # The count is taken just before midnight: the move to T2 at 1 March 00:00 comes after it.
    assert on_last_february.select("state", "employee_id", "team_id", "case_count").rows() == [
        ("lopend", "E1", "T1", 1)
    ]
    daily = read_indicator(
        con, "werkvoorraad_daily", {"period": (dt.date(2024, 2, 29), dt.date(2024, 3, 1))}
    )
    assert daily.select("state", "team_id", "case_count").rows() == [("lopend", "T1", 1)]
    assert werkvoorraad_as_of(con, dt.date(2024, 2, 29), {"team_id": "T2"}).height == 0
    assert werkvoorraad_as_of(con, dt.date(2024, 3, 1), {"team_id": "T2"})[
        "case_count"
    ].to_list() == [1]


def test_lead_time_percentiles_by_any_grouping(con):
    holiday_cases(con)
    refreshed(con)
    stats = lead_time_percentiles(con, by=["decision_month"])
    assert stats.select("decision_month", "decided_count", "p50_lead_time_days").rows() == [
        ("2023-05", 1, 4.0),
        ("2024-12", 1, 5 + 5 / 24),
    ]
    with pytest.raises(IndicatorError):
        lead_time_percentiles(con, by=["employee_id; drop table cases"])
