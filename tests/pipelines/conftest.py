"""Fixtures for the load path: small source files written per test, warehouse snapshots."""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import connect_read_only

XES_HEADER = [
    "case:concept:name",
    "concept:name",
    "lifecycle:transition",
    "time:timestamp",
    "org:resource",
]

# Tables a load writes; a failed load must leave every one of them as it was.
LOADED_TABLES = ("events", "case_attributes", "loads", "quarantine", "check_results", "employees")


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A CSV file with this header and these rows (all values as written)."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def xes_log(traces: dict[str, list[tuple[str, str]]]) -> str:
    """An XES document: case id -> [(activity, timestamp), ...]."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">']
    for case_id, events in traces.items():
        parts.append(f'<trace><string key="concept:name" value="{case_id}"/>')
        for activity, timestamp in events:
            parts.append(
                f'<event><string key="concept:name" value="{activity}"/>'
                f'<date key="time:timestamp" value="{timestamp}"/>'
                '<string key="lifecycle:transition" value="complete"/></event>'
            )
        parts.append("</trace>")
    parts.append("</log>\n")
    return "\n".join(parts)


def write_xes_gz(path: Path, document: str) -> Path:
    path.write_bytes(gzip.compress(document.encode("utf-8")))
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Path of a warehouse file that does not exist yet, in this test's own directory."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def events_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write an events CSV with XES standard column names; rows are lists of 5 values."""

    def make(rows: list[list[str]], name: str = "events.csv") -> Path:
        return write_csv(tmp_path / name, XES_HEADER, rows)

    return make


@pytest.fixture
def base_file(events_csv: Callable[..., Path]) -> Path:
    """Two cases, three events: what a warehouse holds before the load under test."""
    return events_csv(
        [
            ["c1", "ontvangst", "complete", "2024-03-01T09:00:00+01:00", "e1"],
            ["c1", "beschikking", "complete", "2024-04-02T10:00:00+02:00", "e1"],
            ["c2", "ontvangst", "complete", "2024-03-05T09:00:00+01:00", "e2"],
        ],
        name="base.csv",
    )


def table_contents(db: Path) -> dict[str, list[tuple]]:
    """Every row of the tables a load writes, sorted: equal dicts mean equal contents."""
    con = connect_read_only(db)
    try:
        present = {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}
        return {
            table: sorted(con.sql(f"select * from {table}").fetchall(), key=repr)
            for table in LOADED_TABLES
            if table in present
        }
    finally:
        con.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m pipelines ARGUMENTS...` as a user runs it, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
