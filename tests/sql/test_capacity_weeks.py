"""capacity_weeks: the capacity records with the employee's team and location of the week."""

from __future__ import annotations

import datetime as dt

from pipelines.refresh import refresh_derived
from tests.sql.warehouse_fixtures import assert_rows, insert_rows

JAN_8, JAN_15 = dt.date(2024, 1, 8), dt.date(2024, 1, 15)


def test_each_capacity_week_carries_the_team_of_that_week(con):
    insert_rows(
        con,
        "teams",
        [{"team_id": "T1", "team_name": "Team 1", "location_id": "L1"},
         {"team_id": "T2", "team_name": "Team 2", "location_id": "L2"}],
    )  # fmt: skip
    # E1 moves from T1 to T2 on Monday 15 January; E2 belongs to no team and did no work.
    insert_rows(
        con,
        "employee_teams",
        [{"employee_id": "E1", "team_id": "T1", "valid_from": dt.date(2024, 1, 1),
          "valid_to": JAN_15},
         {"employee_id": "E1", "team_id": "T2", "valid_from": JAN_15, "valid_to": None}],
    )  # fmt: skip
    insert_rows(
        con,
        "capacity",
        [
            {"employee_id": employee, "week_start": week, "contract_hours": contract,
             "available_hours": available, "direct_hours": direct, "indirect_hours": 2.0,
             "absence_hours": absence, "leave_hours": 1.0}
            for employee, week, contract, available, direct, absence in (
                ("E1", JAN_8, 36.0, 32.0, 24.0, 4.0),
                ("E1", JAN_15, 36.0, 20.0, 16.0, 16.0),
                ("E2", JAN_8, 18.0, 16.0, 12.0, 0.0),
            )
        ],
    )  # fmt: skip
    refresh_derived(con)
    assert_rows(
        con,
        "select employee_id, week_start, team_id, location_id, contract_hours, available_hours,"
        " direct_hours, absence_hours from capacity_weeks order by all",
        [
            ("E1", JAN_8, "T1", "L1", 36.0, 32.0, 24.0, 4.0),
            ("E1", JAN_15, "T2", "L2", 36.0, 20.0, 16.0, 16.0),
            ("E2", JAN_8, None, None, 18.0, 16.0, 12.0, 0.0),
        ],
    )
    # Stored in team order (no team last), so that a team's weeks lie in few row groups.
    stored = con.sql("select team_id from capacity_weeks").fetchall()
    assert stored == [("T1",), ("T2",), (None,)]
