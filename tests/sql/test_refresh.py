"""The incremental refresh falls back to a full one where recomputing some cases is not enough."""

from __future__ import annotations

import datetime as dt

from pipelines.refresh import refresh_derived
from tests.sql.test_case_timeline import team_change_case
from tests.sql.warehouse_fixtures import at, insert_events, insert_rows

INTERVALS = "select case_id, team_id, valid_from from case_state_intervals order by all"


def second_load(con) -> None:
    """A later load (load_id 2): a new case P assigned to E1."""
    insert_events(
        con,
        [
            {"case_id": "P", "activity": "ontvangst", "event_at": at("2024-03-02 09:00+01:00"),
             "load_id": 2},
            {"case_id": "P", "activity": "toewijzing", "lifecycle": "assign", "employee_id": "E1",
             "event_at": at("2024-03-03 09:00+01:00"), "load_id": 2},
        ],
    )  # fmt: skip


def record_load(con, load_id: int, target_table: str) -> None:
    moment = at("2024-03-04 09:00+01:00")
    insert_rows(
        con,
        "loads",
        [{"load_id": load_id, "source_file": f"{target_table}.csv", "source_format": "csv",
          "target_table": target_table, "started_at": moment, "finished_at": moment,
          "rows_read": 1, "rows_loaded": 1, "rows_quarantined": 0, "rows_duplicate": 0}],
    )  # fmt: skip


def test_a_load_of_events_recomputes_only_its_cases(con):
    team_change_case(con)
    refresh_derived(con)
    # A stored row of an untouched case that differs from what the model would give stays as it
    # is: proof that the untouched case was not recomputed.
    con.execute("update stg_case_event_summary set event_count = 99 where case_id = 'M'")
    second_load(con)
    record_load(con, 2, "events")
    refresh_derived(con, changed_load_id=2)
    counts = con.sql("select case_id, event_count from stg_case_event_summary order by 1")
    assert counts.fetchall() == [("M", 99), ("P", 2)]


def test_a_load_that_replaces_a_reference_table_refreshes_everything(con):
    team_change_case(con)
    refresh_derived(con)
    second_load(con)
    # E1 moved to T2 earlier than first recorded: every case of E1 changes, not only case P.
    con.execute("delete from employee_teams")
    insert_rows(
        con,
        "employee_teams",
        [{"employee_id": "E1", "team_id": "T2", "valid_from": dt.date(2024, 1, 1),
          "valid_to": None}],
    )  # fmt: skip
    record_load(con, 2, "employee_teams")
    refresh_derived(con, changed_load_id=2)
    teams = {row[1] for row in con.sql(INTERVALS).fetchall() if row[1] is not None}
    assert teams == {"T2"}


def test_a_stored_table_with_other_columns_is_rebuilt_in_full(con):
    team_change_case(con)
    refresh_derived(con)
    con.execute("alter table stg_case_event_summary drop column decision_event_count")
    second_load(con)
    refresh_derived(con, changed_load_id=2)
    columns = [row[0] for row in con.sql("describe stg_case_event_summary").fetchall()]
    assert "decision_event_count" in columns
    assert con.sql("select count(*) from stg_case_event_summary").fetchall() == [(2,)]
