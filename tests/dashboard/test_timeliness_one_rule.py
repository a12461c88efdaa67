"""Tijdigheid has one definition: decided at or before the legal term moved by suspension
(case_timeliness.decided_within_term). The overview tables, the indicator, the Overzicht
figures and the conversation snapshot all give the same value."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from dashboard import data
from dashboard.pdca.snapshots import duckdb_query, duckdb_tables, realised
from tests.sql.warehouse_fixtures import at, insert_events, insert_rows, new_warehouse, refreshed

FEBRUARY = (date(2024, 2, 1), date(2024, 3, 1))
UNIT = {"team_id": "T1", "location_id": "L1"}


def _case(
    case_id: str, received: str, decided: str, deadline: str, *between: dict
) -> tuple[list[dict], dict]:
    """Events of one case owned by E1 in team T1, and its legal term."""
    return (
        [
            {"case_id": case_id, "activity": "ontvangst", "event_at": at(received), **UNIT},
            {
                "case_id": case_id,
                "activity": "toewijzing",
                "lifecycle": "assign",
                "employee_id": "E1",
                "event_at": at(received),
                **UNIT,
            },
            *between,
            {
                "case_id": case_id,
                "activity": "beschikking",
                "employee_id": "E1",
                "event_at": at(decided),
                **UNIT,
            },
        ],
        {"case_id": case_id, "deadline_at": at(deadline), "decided_rule": "beschikking"},
    )


@pytest.fixture
def suspended_warehouse(tmp_path: Path) -> Path:
    """S: term 10 February, suspended 29 January to 5 February (7 days), so its term moves to
    17 February; decided 15 February: late against the raw term, in time against the moved
    one. L: no suspension, term 19 February, decided 20 February: late. Tijdigheid 50 %
    (the raw term would give 0 %)."""
    path = tmp_path / "warehouse.duckdb"
    con = new_warehouse(path)
    suspension = [
        {
            "case_id": "S",
            "activity": "opschorting",
            "lifecycle": lifecycle,
            "event_at": at(when),
            **UNIT,
        }
        for lifecycle, when in (
            ("suspend", "2024-01-29 12:00+01:00"),
            ("resume", "2024-02-05 12:00+01:00"),
        )
    ]
    cases = [
        _case(
            "S",
            "2024-01-15 09:00+01:00",
            "2024-02-15 09:00+01:00",
            "2024-02-10 09:00+01:00",
            *suspension,
        ),
        _case("L", "2024-01-02 09:00+01:00", "2024-02-20 09:00+01:00", "2024-02-19 09:00+01:00"),
    ]
    for events, _ in cases:
        insert_events(con, events)
    insert_rows(con, "case_attributes", [{**attributes, "load_id": 1} for _, attributes in cases])
    insert_rows(con, "locations", [{"location_id": "L1", "location_name": "Zwolle"}])
    insert_rows(con, "teams", [{"team_id": "T1", "team_name": "Team Noord", "location_id": "L1"}])
    refreshed(con).close()
    return path


def test_every_tijdigheid_counts_the_term_moved_by_suspension(
    suspended_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = duckdb.connect(str(suspended_warehouse), read_only=True)
    con.execute("set TimeZone='UTC'")
    try:
        assert con.sql(
            "select case_id, decided_within_term from case_timeliness order by case_id"
        ).fetchall() == [("L", False), ("S", True)]
        daily = con.sql(
            "select 100.0 * sum(decided_within_term) / sum(decided_with_term) from overview_daily"
        ).fetchall()[0][0]
        by_location = con.sql(
            "select 100.0 * sum(decided_within_term) / sum(decided_with_term)"
            " from overview_daily_by_location"
        ).fetchall()[0][0]
        indicator = con.sql(
            "select decision_month, within_term_pct from timeliness_monthly"
        ).fetchall()
        query, tables = duckdb_query(con), duckdb_tables(con)
        snapshots = {
            (unit_type, unit_id): realised(
                query, tables, unit_type, unit_id, "tijdigheid_pct", *FEBRUARY
            )
            for unit_type, unit_id in (
                ("organisatie", ""),
                ("locatie", "L1"),
                ("team", "T1"),
                ("medewerker", "E1"),
            )
        }
    finally:
        con.close()

    monkeypatch.setenv(data.WAREHOUSE_ENV, str(suspended_warehouse))
    month = data.Filters(start=FEBRUARY[0], end=FEBRUARY[1] - timedelta(days=1))
    kpis = data.overview_kpis(month)
    team_kpis = data.overview_kpis(data.Filters(start=month.start, end=month.end, teams=("T1",)))
    trend = data.monthly_trend(month)
    per_team = data.breakdown(month, "team_id")

    assert daily == by_location == 50.0
    assert indicator == [("2024-02", 50.0)]
    assert snapshots == dict.fromkeys(snapshots, 50.0)
    assert kpis["tijdigheid_pct"] == team_kpis["tijdigheid_pct"] == 50.0
    assert trend["tijdigheid_pct"].to_list() == [50.0]
    assert per_team["tijdigheid_pct"].to_list() == [50.0]


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, demo_warehouse: Path) -> Path:
    monkeypatch.setenv(data.WAREHOUSE_ENV, str(demo_warehouse))
    return demo_warehouse


def _indicator_by_month(where: str = "true") -> dict[date, float | None]:
    rows = data.query(
        f"""
        select strptime(decision_month || '-01', '%Y-%m-%d')::date as month,
               100.0 * sum(within_term_count) / nullif(sum(with_deadline_count), 0) as pct
        from timeliness_monthly where {where} group by all
        """
    )
    return dict(zip(rows["month"].to_list(), rows["pct"].to_list(), strict=True))


def test_overzicht_tijdigheid_equals_timeliness_monthly_on_the_demo(demo: Path) -> None:
    profile = data.data_profile()
    assert profile is not None and profile.first_day is not None and profile.last_day is not None
    # The whole months of the demo, one by one (the Overzicht figure) and as a trend.
    first = date(profile.first_day.year, profile.first_day.month, 1)
    last = date(profile.last_day.year, profile.last_day.month, 1) - timedelta(days=1)
    indicator = _indicator_by_month()
    trend = data.monthly_trend(data.Filters(start=first, end=last))
    months = trend.filter(trend["uitstroom"] > 0)
    assert months.height > 6
    for month, pct in zip(months["month"], months["tijdigheid_pct"], strict=True):
        assert pct == pytest.approx(indicator[month]), month
    april = date(2026, 4, 1)
    if april in indicator:
        kpis = data.overview_kpis(data.Filters(start=april, end=date(2026, 4, 30)))
        assert kpis["tijdigheid_pct"] == pytest.approx(indicator[april])
    # A location on its own: the by-location copy against the indicator's rows of it.
    location = data.filter_options()["locations"][0]
    chosen = data.Filters(start=first, end=last, locations=(location,))
    at_location = _indicator_by_month(f"location_id = '{location}'")
    trend = data.monthly_trend(chosen)
    for month, pct in zip(trend["month"], trend["tijdigheid_pct"], strict=True):
        if pct is not None:
            assert pct == pytest.approx(at_location[month]), (location, month)
