"""The page benchmark visits the pages as one location head and one team manager as well."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.benchmarks import bench_pages


def test_roles_are_the_busiest_location_and_its_largest_team(demo_warehouse: Path) -> None:
    roles = bench_pages.roles_to_measure(demo_warehouse)
    assert [role for role, _ in roles] == ["locatiehoofd", "teammanager"]
    location, team = roles[0][1], roles[1][1]
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    teams_per_location = dict(
        con.sql("select location_id, count(*) from teams group by all").fetchall()
    )
    members = dict(
        con.sql(
            "select team_id, count(*) from employee_teams where team_id in"
            " (select team_id from teams where location_id = $location) group by all",
            params={"location": location},
        ).fetchall()
    )
    con.close()
    assert teams_per_location[location] == max(teams_per_location.values())
    assert members[team] == max(members.values())


def test_every_page_a_team_manager_may_open_is_timed(demo_warehouse: Path) -> None:
    role = bench_pages.roles_to_measure(demo_warehouse)[1]
    timings = bench_pages.measure_pages(demo_warehouse, 1, cold=True, role=role)
    assert set(timings) == set(bench_pages.PAGES) - set(bench_pages.BEHEER_PAGES)
    assert all(len(seconds) == 1 and seconds[0] > 0 for seconds in timings.values())


def test_a_log_without_organisation_has_no_roles_to_time(receipt_warehouse: Path) -> None:
    assert bench_pages.roles_to_measure(receipt_warehouse) == []
