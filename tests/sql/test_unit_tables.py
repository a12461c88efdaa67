"""The small tables the dashboard's pick lists and access checks read instead of the cases."""

from __future__ import annotations

from pipelines.refresh import refresh_derived
from tests.sql.test_case_timeline import OPEN_RULE, team_change_case
from tests.sql.warehouse_fixtures import at, insert_events, insert_rows


def test_team_members_seen_holds_every_team_an_owner_worked_in(con):
    # E1 owns case M in T1 until 1 March, then in T2 (employee_teams); E2 owns N in T1.
    team_change_case(con)
    insert_events(
        con,
        [
            {"case_id": "N", "activity": "ontvangst", "location_id": "L1",
             "event_at": at("2024-02-22 09:00+01:00")},
            {"case_id": "N", "activity": "toewijzing", "lifecycle": "assign", "employee_id": "E2",
             "team_id": "T1", "location_id": "L1", "event_at": at("2024-02-23 09:00+01:00")},
        ],
    )  # fmt: skip
    insert_rows(con, "case_attributes", [{"case_id": "N", **OPEN_RULE}])
    refresh_derived(con)
    rows = con.sql("select employee_id, team_id from team_members_seen order by all").fetchall()
    assert rows == [("E1", "T1"), ("E1", "T2"), ("E2", "T1")]


def test_case_groups_count_the_cases_per_combination(con):
    team_change_case(con)
    for case_id in ("N", "O"):
        insert_events(
            con,
            [{"case_id": case_id, "activity": "ontvangst", "location_id": "L1",
              "event_at": at("2024-02-22 09:00+01:00")}],
        )  # fmt: skip
    refresh_derived(con)
    groups = con.sql(
        "select location_id, team_id, case_type, route, cases from case_groups order by all"
    ).fetchall()
    cases = con.sql(
        "select location_id, team_id, case_type, route, count(*) from cases group by all"
        " order by all"
    ).fetchall()
    assert groups == cases
    # M: the team and location of the cases mart (the latest event naming one: T1 at L1);
    # N and O: received at L1 and never assigned.
    assert groups == [("L1", "T1", None, None, 1), ("L1", None, None, None, 2)]
