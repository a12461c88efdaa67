"""A warehouse built by an earlier version of the product, brought up to date without a load:
`python -m pipelines refresh` rebuilds what other SQL built (and what reads it) in a new
version of the file, and leaves an up-to-date warehouse untouched."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.errors import SourceError
from pipelines.refresh import discover_models, refresh_derived
from pipelines.upgrade import outdated_tables, refresh_warehouse
from pipelines.warehouse import connect_read_only, warehouse_version
from tests.sql.test_case_timeline import team_change_case
from tests.sql.warehouse_fixtures import new_warehouse


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = new_warehouse(path)
    team_change_case(con)
    refresh_derived(con)
    con.close()
    return path


def built_by_an_earlier_version(path: Path, table: str) -> None:
    """Record `table` as built from other SQL, and give it a row that SQL would not give."""
    con = duckdb.connect(str(path))
    con.execute("update derived_tables set definition = 'earlier' where table_name = ?", [table])
    con.execute(f"update {table} set wait_seconds = -1")
    con.close()


def negative_waits(path: Path) -> int:
    con = connect_read_only(path)
    try:
        query = "select count(*) from work_item_steps where wait_seconds < 0"
        return con.sql(query).fetchall()[0][0]
    finally:
        con.close()


def test_an_up_to_date_warehouse_is_left_alone(warehouse: Path) -> None:
    before = warehouse_version(warehouse)
    assert outdated_tables(warehouse) == []
    assert refresh_warehouse(warehouse) == []
    assert warehouse_version(warehouse) == before


def test_tables_from_an_earlier_version_are_rebuilt_in_a_new_version(warehouse: Path) -> None:
    built_by_an_earlier_version(warehouse, "work_item_steps")
    assert outdated_tables(warehouse) == ["work_item_steps"]
    assert negative_waits(warehouse) > 0
    before = warehouse_version(warehouse)

    steps = []
    written = refresh_warehouse(warehouse, status=steps.append)

    assert written[0] == "work_item_steps"
    assert {"case_paths", "process_transitions"} <= set(written)
    assert "work_items" not in written  # it reads nothing that changed
    assert warehouse_version(warehouse) != before
    assert negative_waits(warehouse) == 0
    assert outdated_tables(warehouse) == []
    assert steps == ["refreshing the derived tables", "writing the new version of the warehouse"]


def test_full_rebuilds_every_table(warehouse: Path) -> None:
    written = refresh_warehouse(warehouse, full=True)
    assert sorted(written) == sorted(model.name for model in discover_models())


def test_there_must_be_a_warehouse(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such warehouse"):
        refresh_warehouse(tmp_path / "nothing.duckdb")
    assert not (tmp_path / "nothing.duckdb").exists()


def test_the_command_says_what_it_rebuilt(warehouse: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    current = runner.invoke(app, ["refresh", "--db", str(warehouse)])
    assert current.exit_code == 0
    assert current.output == "warehouse.duckdb: the derived tables are up to date\n"

    built_by_an_earlier_version(warehouse, "work_item_steps")
    rebuilt = runner.invoke(app, ["refresh", "--db", str(warehouse)])
    assert rebuilt.exit_code == 0
    assert rebuilt.output.startswith("warehouse.duckdb: rebuilt ")
    assert "derived tables: work_item_steps, " in rebuilt.output

    whole = runner.invoke(app, ["refresh", "--db", str(warehouse), "--full"])
    models = len(discover_models())
    assert whole.output == f"warehouse.duckdb: rebuilt all {models} derived tables\n"

    missing = runner.invoke(app, ["refresh", "--db", str(tmp_path / "nothing.duckdb")])
    assert missing.exit_code == 1
    assert "error: nothing.duckdb: no such warehouse" in missing.output


def change(path: Path, statement: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(statement)
    con.close()


def test_an_edited_dwangsom_configuration_is_filled_in_with_what_reads_it(warehouse: Path) -> None:
    # The stored rules no longer match config/dwangsom.yaml: as after an edit of the file.
    change(warehouse, "update dwangsom_rules set applies = not applies")
    assert outdated_tables(warehouse) == ["dwangsom_rules"]
    written = refresh_warehouse(warehouse)
    assert "dwangsom_exposure" in written
    assert "work_items" not in written
    assert outdated_tables(warehouse) == []


def test_new_holiday_rules_refill_the_calendar_and_rebuild_what_reads_a_changed_day(
    warehouse: Path,
) -> None:
    # Calendar made by other rules that give the same days and hours: nothing to do, and
    # the file is left as it is.
    change(warehouse, "update calendar_source set fingerprint = 'earlier rules'")
    assert outdated_tables(warehouse) == []
    before = warehouse_version(warehouse)
    assert refresh_warehouse(warehouse) == []
    assert warehouse_version(warehouse) == before
    # Other rules that made a day differ: the tables that read the calendar are rebuilt.
    change(warehouse, "update calendar_days set is_working_day = not is_working_day")
    assert outdated_tables(warehouse) == ["calendar_days"]
    written = refresh_warehouse(warehouse)
    assert {"stg_work_items", "case_terms"} <= set(written)
    assert outdated_tables(warehouse) == []


def test_time_zone_rules_that_move_an_hour_rebuild_what_reads_the_hours(
    warehouse: Path,
) -> None:
    # Another time-zone database (a newer Polars) that puts one hour on another date.
    change(warehouse, "update calendar_source set fingerprint = 'earlier time zones'")
    change(
        warehouse,
        "update calendar_hours set local_date = local_date + 1"
        " where utc_hour = (select min(utc_hour) from calendar_hours)",
    )
    assert outdated_tables(warehouse) == ["calendar_days"]
    written = refresh_warehouse(warehouse)
    assert "stg_work_items" in written  # its local dates come from the hour table
    assert outdated_tables(warehouse) == []
    con = connect_read_only(warehouse)
    try:
        first_hour = con.sql(
            "select local_date = (make_timestamptz(utc_hour * 3600000000)"
            " at time zone 'Europe/Amsterdam')::date from calendar_hours"
            " order by utc_hour limit 1"
        ).fetchall()
    finally:
        con.close()
    assert first_hour == [(True,)]
