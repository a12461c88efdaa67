"""After a load the refresh writes only what the load can have changed: it keeps the tables
whose inputs did not change, recomputes the touched cases where that is enough, and rebuilds
the rest (and every table built by other SQL) in full."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from pipelines.refresh import (
    apply_schema,
    discover_models,
    model_inputs,
    outdated_models,
    refresh_derived,
    refresh_outdated,
)
from pipelines.settings import SQL_DIR
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


def tampered_summary(con) -> None:
    """A stored row of case M that differs from what the model gives: it stays only as long as
    the table is not rebuilt, or case M recomputed."""
    con.execute("update stg_case_event_summary set event_count = 99 where case_id = 'M'")


def event_counts_after_second_load(con) -> list[tuple[str, int]]:
    second_load(con)
    record_load(con, 2, "events")
    refresh_derived(con, changed_load_id=2)
    return con.sql("select case_id, event_count from stg_case_event_summary order by 1").fetchall()


def test_a_load_of_events_recomputes_only_its_cases(con):
    team_change_case(con)
    refresh_derived(con)
    tampered_summary(con)
    assert event_counts_after_second_load(con) == [("M", 99), ("P", 2)]
    # The rows of the changed cases it kept while it ran are gone.
    assert con.sql("select count(*) from duckdb_tables() where temporary").fetchall() == [(0,)]


def test_a_load_that_replaces_a_reference_table_rebuilds_what_reads_it(con):
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


def test_a_load_of_capacity_alone_keeps_every_table_that_does_not_read_it(con):
    team_change_case(con)
    refresh_derived(con)
    tampered_summary(con)
    insert_rows(
        con,
        "capacity",
        [{"employee_id": "E1", "week_start": dt.date(2024, 2, 26), "contract_hours": 36.0,
          "available_hours": 30.0, "direct_hours": 24.0, "absence_hours": 2.0}],
    )  # fmt: skip
    record_load(con, 2, "capacity")
    written = refresh_derived(con, changed_load_id=2)
    assert "capacity_weeks" in written
    assert "stg_case_event_summary" not in written and "work_items" not in written
    summary = con.sql("select event_count from stg_case_event_summary where case_id = 'M'")
    assert summary.fetchall() == [(99,)]
    weeks = con.sql("select employee_id, week_start, team_id, direct_hours from capacity_weeks")
    assert weeks.fetchall() == [("E1", dt.date(2024, 2, 26), "T1", 24.0)]


def test_a_table_built_by_other_sql_is_rebuilt_in_full(con):
    team_change_case(con)
    refresh_derived(con)
    tampered_summary(con)
    # As after an upgrade that changed the model's SQL but not its columns.
    con.execute(
        "update derived_tables set definition = 'an earlier version' "
        "where table_name = 'stg_case_event_summary'"
    )
    assert event_counts_after_second_load(con) == [("M", 3), ("P", 2)]


def test_a_refresh_records_the_sql_of_every_table_it_wrote(con):
    team_change_case(con)
    written = refresh_derived(con)
    stored = dict(con.sql("select table_name, definition from derived_tables").fetchall())
    assert sorted(stored) == sorted(written) == sorted(model.name for model in discover_models())
    assert (
        stored["cases"] == hashlib.md5((SQL_DIR / "marts" / "cases.sql").read_bytes()).hexdigest()
    )
    # A refresh after a load that changed nothing the models read writes nothing.
    record_load(con, 2, "locations")
    assert refresh_derived(con, changed_load_id=2) == []
    assert con.sql("select count(*) from derived_tables").fetchall() == [(len(stored),)]
    # Unless a table is missing: then it is built again.
    con.execute("drop table capacity_weeks")
    record_load(con, 3, "locations")
    assert refresh_derived(con, changed_load_id=3) == ["capacity_weeks"]


def readers_of(names: set[str]) -> set[str]:
    """`names` and every model that reads one of them, directly or through other models."""
    models = discover_models()
    found = set(names)
    for model in models:  # refresh order: a model comes after everything it reads
        if model_inputs(model, found):
            found.add(model.name)
    return found


def test_after_an_upgrade_the_tables_built_by_other_sql_and_their_readers_are_rebuilt(con):
    team_change_case(con)
    refresh_derived(con)
    assert outdated_models(con) == []
    assert refresh_outdated(con) == []
    steps = con.sql("select * from work_item_steps order by all").fetchall()
    # An earlier version built work_items; lead_times did not exist yet.
    con.execute("update derived_tables set definition = 'earlier' where table_name = 'work_items'")
    con.execute("drop table lead_times")
    con.execute("update work_item_steps set wait_seconds = -1")
    con.execute("update cases set route = 'kept'")
    assert set(outdated_models(con)) == {"work_items", "lead_times"}
    order = [model.name for model in discover_models()]
    assert outdated_models(con) == sorted(outdated_models(con), key=order.index)

    written = refresh_outdated(con)

    assert set(written) == readers_of({"work_items", "lead_times"})
    assert {"work_item_steps", "process_transitions", "lead_time_stats"} <= set(written)
    assert con.sql("select * from work_item_steps order by all").fetchall() == steps
    # cases reads neither, so its (tampered) rows are kept.
    assert "cases" not in written
    assert con.sql("select distinct route from cases").fetchall() == [("kept",)]
    assert outdated_models(con) == []


def test_a_warehouse_from_before_the_definitions_were_recorded_is_rebuilt_whole(con):
    team_change_case(con)
    refresh_derived(con)
    con.execute("drop table derived_tables")
    assert outdated_models(con) == [model.name for model in discover_models()]
    apply_schema(con)
    assert sorted(refresh_outdated(con)) == sorted(model.name for model in discover_models())
    assert outdated_models(con) == []


def test_a_model_reads_the_tables_its_sql_names_as_whole_words(con):
    apply_schema(con)
    tables = {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}
    tables |= {model.name for model in discover_models()}
    for model in discover_models():
        text = "\n".join(
            line.split("--", 1)[0] for line in model.sql.splitlines()
        )  # comments out, as the refresh does
        expected = {
            name
            for name in tables
            if name != model.name and re.search(rf"\b{re.escape(name)}\b", text)
        }
        assert model_inputs(model, tables) == expected, model.name
    # Part of a longer name is not a name: the forecast reads case_norms_today, not case_norms.
    forecast = next(model for model in discover_models() if model.name == "inflow_forecast")
    assert model_inputs(forecast, {"case_norms", "case_norms_today"}) == {"case_norms_today"}
