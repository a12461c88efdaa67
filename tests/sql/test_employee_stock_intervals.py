"""employee_stock_intervals: the owned stretches of case_state_intervals, ordered by team."""

from __future__ import annotations

from pipelines.refresh import refresh_derived
from tests.sql.test_case_timeline import open_case, team_change_case
from tests.sql.warehouse_fixtures import assert_rows, utc


def test_the_owned_intervals_by_team_and_employee(con):
    # E1 moves from T1 to T2 at local midnight 1 March (29 Feb 23:00 UTC), which ends an
    # interval in both of E1's cases. M: owned from 21 Feb, decided 10 March. A: owned from
    # 12 January, still open. The unowned stretches before the assignments are left out.
    team_change_case(con)
    open_case(con)
    refresh_derived(con)
    assert_rows(
        con,
        "select employee_id, team_id, location_id, case_type, route, state, valid_from, valid_to"
        " from employee_stock_intervals order by all nulls last",
        [
            ("E1", "T1", "L1", "regulier", None, "lopend", utc("2024-01-12 09:00"),
             utc("2024-02-29 23:00")),
            ("E1", "T1", "L1", None, None, "lopend", utc("2024-02-21 08:00"),
             utc("2024-02-29 23:00")),
            ("E1", "T2", "L2", "regulier", None, "lopend", utc("2024-02-29 23:00"), None),
            ("E1", "T2", "L2", None, None, "lopend", utc("2024-02-29 23:00"),
             utc("2024-03-10 08:00")),
        ],
    )  # fmt: skip
    # Stored in team order, so that a team's rows lie in few row groups.
    stored = con.sql("select team_id from employee_stock_intervals").fetchall()
    assert stored == [("T1",), ("T1",), ("T2",), ("T2",)]
