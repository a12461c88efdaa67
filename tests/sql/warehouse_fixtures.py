"""Build tiny warehouses by hand: events, case attributes and reference rows inserted directly.

The indicator tests compare whole frames against values computed by hand from these rows, so
the rows stay few and every timestamp is written out with its Europe/Amsterdam offset.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines.refresh import apply_schema, refresh_derived

EVENT_DEFAULTS: dict[str, Any] = {
    "lifecycle": "complete",
    "employee_id": None,
    "team_id": None,
    "location_id": None,
    "effort_minutes": None,
    "source_event_id": None,
    "load_id": 1,
}


def at(text: str) -> dt.datetime:
    """An instant from ISO text with offset, e.g. '2024-03-31 00:00+01:00'."""
    return dt.datetime.fromisoformat(text)


def new_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """An empty warehouse file with the base tables."""
    con = duckdb.connect(str(path))
    con.execute("set TimeZone='UTC'")
    apply_schema(con)
    return con


def insert_events(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Append events; each row needs case_id, activity, event_at (an aware datetime)."""
    start = con.sql("select count(*) from events").fetchall()[0][0]
    frame = pl.DataFrame(
        [
            {**EVENT_DEFAULTS, **row, "source_file": "fixture", "source_row": start + number}
            for number, row in enumerate(rows, start=1)
        ],
        schema_overrides={"event_at": pl.Datetime("us", "UTC"), "effort_minutes": pl.Float64},
        infer_schema_length=None,
    )
    con.register("fixture_events", frame)
    con.execute(
        """
        insert into events by name
        select *, md5_number(source_file || source_row::varchar) as event_key
        from fixture_events
        """
    )
    con.unregister("fixture_events")


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Append reference rows (or case attributes) by column name."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    con.register("fixture_rows", frame)
    con.execute(f"insert into {table} by name select * from fixture_rows")
    con.unregister("fixture_rows")


def refreshed(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The connection after a full refresh of the derived tables."""
    refresh_derived(con)
    return con


def table(con: duckdb.DuckDBPyConnection, query: str) -> pl.DataFrame:
    """A query's result as a Polars frame."""
    return con.sql(query).pl()


def assert_rows(con: duckdb.DuckDBPyConnection, query: str, expected: list[dict[str, Any]]) -> None:
    """The query's whole result equals the expected rows (same columns, order as the query's)."""
    from polars.testing import assert_frame_equal

    actual = con.sql(query).pl()
    expected_frame = pl.DataFrame(expected, schema=actual.schema, orient="row")
    assert_frame_equal(actual, expected_frame)


def utc(text: str) -> dt.datetime:
    """A UTC instant from ISO text without offset, e.g. '2024-03-30 23:00'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
