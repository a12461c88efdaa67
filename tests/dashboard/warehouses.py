"""Warehouses the dashboard tests run against, built once per test session.

Built through the product's own load path where it exists (`pipelines.load.load_files`,
`python -m pipelines demo`); the small real log `receipt.csv` is the fallback demo.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl

from pipelines.refresh import apply_schema, refresh_derived
from pipelines.settings import PROJECT_ROOT

RECEIPT = PROJECT_ROOT / "data" / "real" / "receipt.csv"
RECEIPT_MAPPING = PROJECT_ROOT / "mappings" / "receipt.yaml"


def build_demo(path: Path) -> Path:
    """The demo warehouse of the generator (`python -m pipelines demo`)."""
    subprocess.run(
        [sys.executable, "-m", "pipelines", "demo", "--db", str(path)],
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    return path


def demo_available() -> bool:
    """Whether the generator's demo command and the load path it runs exist."""
    if importlib.util.find_spec("pipelines.load") is None:
        return False
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", "demo", "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    return result.returncode == 0


def build_receipt(path: Path) -> Path:
    """A warehouse with only `receipt.csv` loaded: no organisation, norms or capacity."""
    try:
        from pipelines.load import load_files
    except ImportError:
        return _load_receipt_directly(path)
    mapping = RECEIPT_MAPPING if RECEIPT_MAPPING.exists() else None
    load_files(path, [RECEIPT], mapping)
    return path


def build_empty(path: Path) -> Path:
    """A warehouse with the schema and derived tables but no rows (a fresh install)."""
    con = duckdb.connect(str(path))
    con.execute("set TimeZone='UTC'")
    apply_schema(con)
    refresh_derived(con)
    con.close()
    return path


def _load_receipt_directly(path: Path) -> Path:
    # Stand-in until the load path lands: the same canonical tables, written directly.
    raw = pl.read_csv(RECEIPT, infer_schema=False)
    stamp = pl.col("time:timestamp").str.to_datetime(time_zone="UTC")
    events = raw.with_row_index("source_row", offset=1).select(
        pl.col("case:concept:name").alias("case_id"),
        pl.col("concept:name").alias("activity"),
        pl.col("lifecycle:transition").str.to_lowercase().alias("lifecycle"),
        stamp.alias("event_at"),
        pl.col("org:resource").alias("employee_id"),
        pl.when(pl.col("org:group") == "EMPTY")
        .then(None)
        .otherwise(pl.col("org:group"))
        .alias("team_id"),
        pl.lit(None, pl.String).alias("location_id"),
        pl.lit(None, pl.Float64).alias("effort_minutes"),
        pl.col("concept:instance").alias("source_event_id"),
        pl.lit("receipt.csv").alias("source_file"),
        pl.col("source_row").cast(pl.Int64),
        pl.lit(1, pl.Int32).alias("load_id"),
    )
    cases = raw.group_by("case:concept:name").agg(
        pl.col("case:deadline").first(),
        pl.col("case:enddate").first(),
        pl.col("case:startdate").first(),
    )
    attributes = cases.select(
        pl.col("case:concept:name").alias("case_id"),
        pl.col("case:startdate").str.to_datetime(time_zone="UTC").alias("received_at"),
        pl.col("case:deadline").str.to_datetime(time_zone="UTC").alias("deadline_at"),
        pl.col("case:enddate").str.to_datetime(time_zone="UTC").alias("decided_at"),
        pl.lit(json.dumps({})).alias("attributes"),
        pl.lit("case:startdate").alias("received_rule"),
        pl.lit("case:enddate").alias("decided_rule"),
        pl.lit(1, pl.Int32).alias("load_id"),
    )
    con = duckdb.connect(str(path))
    con.execute("set TimeZone='UTC'")
    apply_schema(con)
    con.register("new_events", events)
    con.register("new_attributes", attributes)
    con.execute(
        "insert into events select md5_number(case_id || activity || event_at::varchar "
        "|| source_row::varchar) as event_key, * from new_events"
    )
    con.execute("insert into case_attributes by name select * from new_attributes")
    con.execute(
        "insert into loads values (1, 'receipt.csv', 'csv', 'events', now(), now(), "
        f"{events.height}, {events.height}, 0, 0, 'case:startdate', 'case:enddate', null)"
    )
    _refresh_what_builds(con)  # the calendar spans the cases, so the marts come first
    from pipelines.holiday_calendar import fill_calendar_days

    fill_calendar_days(con)
    _refresh_what_builds(con)
    con.close()
    return path


def _refresh_what_builds(con: duckdb.DuckDBPyConnection) -> None:
    # Derived tables are added file by file; build each one that builds, in order.
    from pipelines.refresh import discover_models

    for model in discover_models():
        try:
            con.execute(f"create or replace table {model.name} as\n{model.sql}")
        except duckdb.Error:
            continue
