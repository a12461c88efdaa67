"""work_item_repeats: the completions of products completed more than once in their case."""

from __future__ import annotations

import duckdb

from pipelines.refresh import refresh_derived
from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, utc


def repeated_product_cases(con: duckdb.DuckDBPyConnection) -> None:
    """Case A: 'beoordeling' completed by E1 (T1) in January, again by E2 (T2) in February and
    once more by E1 in March; 'ontvangst' once. Case B: 'beoordeling' once, by E1."""
    insert_events(
        con,
        [
            {"case_id": "A", "activity": "ontvangst", "event_at": at("2024-01-05 09:00+01:00")},
            {"case_id": "A", "activity": "beoordeling", "employee_id": "E1", "team_id": "T1",
             "location_id": "L1", "event_at": at("2024-01-10 09:00+01:00")},
            {"case_id": "A", "activity": "beoordeling", "employee_id": "E2", "team_id": "T2",
             "location_id": "L2", "event_at": at("2024-02-12 10:00+01:00")},
            {"case_id": "A", "activity": "beoordeling", "employee_id": "E1", "team_id": "T1",
             "location_id": "L1", "event_at": at("2024-03-31 23:30+02:00")},
            {"case_id": "B", "activity": "ontvangst", "event_at": at("2024-01-06 09:00+01:00")},
            {"case_id": "B", "activity": "beoordeling", "employee_id": "E1", "team_id": "T1",
             "location_id": "L1", "event_at": at("2024-01-11 09:00+01:00")},
        ],
    )  # fmt: skip
    insert_rows(
        con,
        "case_attributes",
        [
            {"case_id": case_id, "case_type": "regulier", "route": "normaal", "load_id": 1}
            for case_id in ("A", "B")
        ],
    )


def test_only_the_products_completed_more_than_once_in_a_case_are_kept(con):
    repeated_product_cases(con)
    refresh_derived(con)
    # The March completion falls on 31 March in Amsterdam (21:30 UTC): month 2024-03.
    assert_rows(
        con,
        "select case_id, activity, completed_at, month, employee_id, team_id, location_id,"
        " case_type, route from work_item_repeats order by completed_at",
        [
            ("A", "beoordeling", utc("2024-01-10 08:00"), "2024-01", "E1", "T1", "L1",
             "regulier", "normaal"),
            ("A", "beoordeling", utc("2024-02-12 09:00"), "2024-02", "E2", "T2", "L2",
             "regulier", "normaal"),
            ("A", "beoordeling", utc("2024-03-31 21:30"), "2024-03", "E1", "T1", "L1",
             "regulier", "normaal"),
        ],
    )  # fmt: skip


def test_a_second_completion_in_a_later_load_adds_both_rows(con):
    insert_events(
        con,
        [{"case_id": "C", "activity": "beoordeling", "employee_id": "E1", "team_id": "T1",
          "location_id": "L1", "event_at": at("2024-01-10 09:00+01:00")}],
    )  # fmt: skip
    refresh_derived(con)
    assert con.sql("select count(*) from work_item_repeats").fetchall() == [(0,)]
    insert_events(
        con,
        [{"case_id": "C", "activity": "beoordeling", "employee_id": "E2", "team_id": "T1",
          "location_id": "L1", "event_at": at("2024-01-20 09:00+01:00"), "load_id": 2}],
    )  # fmt: skip
    refresh_derived(con, changed_load_id=2)
    rows = con.sql("select employee_id from work_item_repeats order by completed_at").fetchall()
    assert rows == [("E1",), ("E2",)]
