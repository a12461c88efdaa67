"""Data-quality checks: each query returns exactly the rows that break its rule."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.checks import CHECKS_DIR, count_check_rows, discover_checks
from pipelines.load import load_files
from pipelines.warehouse import connect_read_only
from tests.pipelines.conftest import XES_HEADER, run_cli, write_csv

HEADER = [*XES_HEADER, "case:startdate", "case:enddate"]
MAPPING = {"columns": {"received_at": "case:startdate", "decided_at": "case:enddate"}}


def test_every_check_file_has_a_header_comment() -> None:
    names = sorted(path.stem for path in CHECKS_DIR.glob("*.sql"))
    assert names == [
        "decision_before_receipt",
        "duplicate_events",
        "event_before_receipt",
        "negative_durations",
    ]
    for path in CHECKS_DIR.glob("*.sql"):
        assert path.read_text().startswith(f"-- {path.stem}: ")


# (id, rows: case, activity, timestamp, received, decided; expected counts per check)
SITUATIONS = [
    (
        "clean case",
        [["c1", "ontvangst", "2024-03-01T10:00:00Z", "2024-03-01", "2024-03-10"]],
        {"decision_before_receipt": 0, "negative_durations": 0, "event_before_receipt": 0},
    ),
    (
        "decision before receipt",
        [["c1", "ontvangst", "2024-03-01T10:00:00Z", "2024-03-01", "2024-02-20"]],
        {"decision_before_receipt": 1, "negative_durations": 1, "event_before_receipt": 0},
    ),
    (
        "two events before receipt",
        [
            ["c1", "voorbereiding", "2024-02-01T10:00:00Z", "2024-03-01", ""],
            ["c1", "intake", "2024-02-02T10:00:00Z", "2024-03-01", ""],
            ["c1", "ontvangst", "2024-03-01T10:00:00Z", "2024-03-01", ""],
        ],
        {"decision_before_receipt": 0, "negative_durations": 0, "event_before_receipt": 2},
    ),
]


@pytest.mark.parametrize(
    ("rows", "expected"), [row[1:] for row in SITUATIONS], ids=[row[0] for row in SITUATIONS]
)
def test_checks_count_the_rule_breaking_rows(
    tmp_path: Path, warehouse: Path, rows: list[list[str]], expected: dict[str, int]
) -> None:
    source = write_csv(
        tmp_path / "events.csv",
        HEADER,
        [
            [case, activity, "complete", at, "e1", received, decided]
            for case, activity, at, received, decided in rows
        ],
    )

    [result] = load_files(warehouse, [source], MAPPING)

    assert result.rows_loaded == len(rows)  # flagged rows are loaded, not refused
    con = connect_read_only(warehouse)
    counts = count_check_rows(con)
    stored = dict(
        con.sql("select check_name, row_count from check_results where load_id = 1").fetchall()
    )
    con.close()
    assert counts == {**expected, "duplicate_events": 0}
    assert stored == counts


def test_duplicate_events_check_finds_a_key_stored_twice(warehouse: Path, base_file) -> None:
    load_files(warehouse, [base_file])
    # A copy of the warehouse with one event stored twice, as a faulty writer would leave it.
    copy = warehouse.with_name("copy.duckdb")
    copy.write_bytes(warehouse.read_bytes())
    writable = duckdb.connect(str(copy))
    writable.execute("insert into events select * from events limit 1")
    query = discover_checks()["duplicate_events"]

    assert writable.sql(f"select copies from ({query})").fetchall() == [(2,)]


def test_cli_checks_prints_each_count(warehouse: Path, base_file) -> None:
    load_files(warehouse, [base_file])

    result = run_cli("checks", "--db", str(warehouse))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "decision_before_receipt: 0",
        "duplicate_events: 0",
        "event_before_receipt: 0",
        "negative_durations: 0",
    ]
