"""The Locatie page shows one location at a time: every section holds that location's teams
and cases only, checked against the warehouse's own tables (the generator's demo: six
locations of two to four teams)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

LOCATION_PICK = "location_shown"


def _no_errors(at) -> None:
    assert not at.exception, [item.value for item in at.exception]
    assert not at.error, [item.value for item in at.error]


def _sql(warehouse: Path, sql: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.sql(sql, params=params or {}).fetchall()
    finally:
        con.close()


FAIRNESS, CAPACITY, TERM_WATCH = "Gini", "Contracturen", "Dagen tot termijn"


def _table(at, header: str):
    """The page's table with this column header (fairness, capacity, term watch)."""
    for frame in at.dataframe:
        if header in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {header!r}")


def _teams_with_workload(warehouse: Path, location: str) -> list[str]:
    rows = _sql(
        warehouse,
        """
        select distinct t.team_name
        from werklast_per_fte as w join teams as t using (team_id)
        where w.location_id = $location and w.werklast_weeks is not null
        order by 1
        """,
        {"location": location},
    )
    return [row[0] for row in rows]


def _distribution_groups(at) -> list[str]:
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    boxes = [spec for spec in charts if spec["data"] and spec["data"][0]["type"] == "box"]
    assert len(boxes) == 1 and len(boxes[0]["data"]) == 1  # one chart, one trace
    return list(boxes[0]["layout"]["yaxis"]["categoryarray"])


def test_the_page_opens_on_the_first_location_and_shows_only_its_teams(
    open_page, demo_warehouse: Path
) -> None:
    at = open_page(demo_warehouse, "locatie")
    _no_errors(at)
    pick = at.selectbox(key=LOCATION_PICK)
    locations = _sql(demo_warehouse, "select location_id, location_name from locations order by 1")
    assert pick.options == [name for _, name in locations]  # every location, by name
    assert pick.value == "AM"
    assert any(caption.value.endswith("locatie Amsterdam.") for caption in at.caption)

    expected = _teams_with_workload(demo_warehouse, "AM")
    assert expected == ["Amsterdam Naturalisatie", "Amsterdam Regulier verblijf"]
    fairness = _table(at, FAIRNESS)
    assert sorted(fairness["Team"]) == expected
    assert sorted(_distribution_groups(at)) == expected


def test_choosing_another_location_changes_every_section(open_page, demo_warehouse: Path) -> None:
    at = open_page(demo_warehouse, "locatie")
    at.selectbox(key=LOCATION_PICK).set_value("ZW").run()
    _no_errors(at)
    assert any(caption.value.endswith("locatie Zwolle.") for caption in at.caption)

    teams = _teams_with_workload(demo_warehouse, "ZW")
    assert len(teams) == 4 and all(team.startswith("Zwolle") for team in teams)
    assert sorted(_table(at, FAIRNESS)["Team"]) == teams
    assert sorted(_distribution_groups(at)) == teams
    # Capacity: only Zwolle's teams (those with capacity records in the period).
    capacity = _table(at, CAPACITY)
    assert set(capacity["Team"]) <= set(teams) and not capacity.empty
    # Term watch (30 days by default): exactly Zwolle's open cases that near their term.
    watch = _table(at, TERM_WATCH)
    near = _sql(
        demo_warehouse,
        "select case_id from open_case_deadlines"
        " where location_id = 'ZW' and days_left <= 30 order by days_left, case_id",
    )
    assert watch["Zaak"].tolist() == [row[0] for row in near]
    assert set(watch["Locatie"]) == {"Zwolle"}


def test_the_sidebar_filter_limits_the_locations_to_choose_from(
    open_page, demo_warehouse: Path
) -> None:
    at = open_page(demo_warehouse, "locatie", {"locatie": "ZW,DB"})
    _no_errors(at)
    pick = at.selectbox(key=LOCATION_PICK)
    assert (pick.options, pick.value) == (["Den Bosch", "Zwolle"], "DB")  # by id, as in the list
    assert sorted(_table(at, FAIRNESS)["Team"]) == _teams_with_workload(demo_warehouse, pick.value)


@pytest.mark.parametrize("horizon", [0, 90])
def test_the_term_watch_horizon_is_applied_in_the_warehouse(
    open_page, demo_warehouse: Path, horizon: int
) -> None:
    at = open_page(demo_warehouse, "locatie")
    at.selectbox(key=LOCATION_PICK).set_value("DB")
    at.slider(key="location_horizon").set_value(horizon).run()
    _no_errors(at)
    expected = _sql(
        demo_warehouse,
        "select count(*) from open_case_deadlines where location_id = 'DB' and days_left <= $d",
        {"d": horizon},
    )[0][0]
    assert expected > 0
    assert len(_table(at, TERM_WATCH)) == expected
    count = "1 zaak" if expected == 1 else f"{expected} zaken"
    assert any(caption.value == count for caption in at.caption)


def test_the_term_watch_says_one_case_in_the_singular(open_page, demo_warehouse: Path) -> None:
    # The first location and slider position (steps of 5 days) with exactly one case.
    location, horizon = _sql(
        demo_warehouse,
        """
        select location_id, horizon
        from open_case_deadlines, range(0, 181, 5) as horizons(horizon)
        where location_id is not null
        group by all
        having count(*) filter (days_left <= horizon) = 1
        order by location_id, horizon
        limit 1
        """,
        {},
    )[0]
    at = open_page(demo_warehouse, "locatie")
    at.selectbox(key=LOCATION_PICK).set_value(location)
    at.slider(key="location_horizon").set_value(horizon).run()
    _no_errors(at)
    assert len(_table(at, TERM_WATCH)) == 1
    assert any(caption.value == "1 zaak" for caption in at.caption)


def test_without_locations_the_page_shows_everything_without_a_choice(
    open_page, receipt_warehouse: Path
) -> None:
    at = open_page(receipt_warehouse, "locatie", {"van": "2011-01-01", "tot": "2011-12-31"})
    _no_errors(at)
    assert not [box for box in at.selectbox if box.key == LOCATION_PICK]
    teams = _sql(
        receipt_warehouse,
        "select distinct team_id from werklast_per_fte where open_case_count > 0 order by 1",
    )
    expected = sorted(row[0] or "(onbekend)" for row in teams)  # the teams of every location
    assert sorted(_table(at, FAIRNESS)["Team"]) == expected


def test_a_location_head_gets_their_own_location_only(open_page, demo_warehouse: Path) -> None:
    from dashboard.access.login import DEMO_ROLE_KEY, DEMO_UNIT_KEY
    from dashboard.access.scope import Role

    at = open_page(demo_warehouse, "locatie")
    role = Role.LOCATIEHOOFD.value
    at.selectbox(key=DEMO_ROLE_KEY).set_value(role).run()
    at.selectbox(key=f"{DEMO_UNIT_KEY}_{role}").set_value("TA").run()
    _no_errors(at)
    pick = at.selectbox(key=LOCATION_PICK)
    assert (pick.options, pick.value) == (["Ter Apel"], "TA")
    assert sorted(_table(at, FAIRNESS)["Team"]) == _teams_with_workload(demo_warehouse, "TA")
