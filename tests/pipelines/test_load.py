"""The load path end to end on real DuckDB files: bad inputs, reconciliation, idempotence."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from pipelines.checks import discover_checks
from pipelines.errors import SourceError
from pipelines.load import load_files
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import connect_read_only
from tests.pipelines.conftest import (
    XES_HEADER,
    file_digest,
    run_cli,
    table_contents,
    write_csv,
    write_xes_gz,
    xes_log,
)

GOOD_ROW = ["c9", "ontvangst", "complete", "2024-05-01T09:00:00+02:00", "e9"]


def _missing_timestamp_column(tmp: Path) -> Path:
    header = [name for name in XES_HEADER if name != "time:timestamp"]
    return write_csv(tmp / "no_time.csv", header, [["c9", "ontvangst", "complete", "e9"]])


def _empty_file(tmp: Path) -> Path:
    path = tmp / "empty.csv"
    path.write_bytes(b"")
    return path


def _header_only(tmp: Path) -> Path:
    return write_csv(tmp / "header_only.csv", XES_HEADER, [])


def _truncated_gzip(tmp: Path) -> Path:
    document = xes_log({f"t{i}": [("A", "2024-01-01T10:00:00+01:00")] for i in range(200)})
    whole = gzip.compress(document.encode())
    path = tmp / "truncated.xes.gz"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _malformed_xml(tmp: Path) -> Path:
    document = xes_log({"t1": [("A", "2024-01-01T10:00:00+01:00")]})
    return write_xes_gz(tmp / "malformed.xes.gz", document.replace("</trace>", "</trase>"))


def _unknown_format(tmp: Path) -> Path:
    path = tmp / "events.json"
    path.write_text('[{"case": "c9"}]')
    return path


def _csv_named_parquet(tmp: Path) -> Path:
    path = tmp / "events.parquet"
    path.write_text(",".join(XES_HEADER) + "\n" + ",".join(GOOD_ROW) + "\n")
    return path


def _missing_mapped_column(tmp: Path) -> Path:
    return write_csv(tmp / "other.csv", ["Zaak", "Stap"], [["c9", "ontvangst"]])


# (id, builds the bad file, words the one-line error must contain)
REFUSED_FILES = [
    (
        "missing required column",
        _missing_timestamp_column,
        "missing required column 'time:timestamp'",
    ),
    ("missing column of a custom export", _missing_mapped_column, "missing required column"),
    ("empty file", _empty_file, "the file is empty"),
    ("header without rows", _header_only, "the file has no rows"),
    ("truncated gzip", _truncated_gzip, "truncated gzip"),
    ("malformed XML", _malformed_xml, "malformed.xes.gz"),
    ("unknown format", _unknown_format, "unknown format '.json'"),
    ("content does not match the name", _csv_named_parquet, "the content is not Parquet"),
]


@pytest.mark.parametrize(
    ("build", "expected"), [row[1:] for row in REFUSED_FILES], ids=[row[0] for row in REFUSED_FILES]
)
def test_a_refused_file_leaves_the_warehouse_byte_for_byte_unchanged(
    tmp_path: Path, warehouse: Path, base_file: Path, build: Callable[[Path], Path], expected: str
) -> None:
    load_files(warehouse, [base_file])
    before_contents, before_digest = table_contents(warehouse), file_digest(warehouse)
    bad = build(tmp_path)
    good = write_csv(tmp_path / "good.csv", XES_HEADER, [GOOD_ROW])

    with pytest.raises(SourceError) as raised:
        # The good file in the same load is not committed either: one load, one version.
        load_files(warehouse, [good, bad])

    assert expected in str(raised.value)
    assert raised.value.path.name == bad.name
    assert file_digest(warehouse) == before_digest
    assert table_contents(warehouse) == before_contents


@pytest.mark.parametrize(
    ("build", "expected"), [row[1:] for row in REFUSED_FILES], ids=[row[0] for row in REFUSED_FILES]
)
def test_cli_refuses_with_one_line_naming_the_file(
    tmp_path: Path, warehouse: Path, base_file: Path, build: Callable[[Path], Path], expected: str
) -> None:
    load_files(warehouse, [base_file])
    before = file_digest(warehouse)
    bad = build(tmp_path)

    result = run_cli("load", "--db", str(warehouse), str(bad))

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {bad.name}: ")
    assert expected in lines[0]
    assert file_digest(warehouse) == before


# (id, rows of the file, expected loaded / quarantined / duplicates, expected reasons)
ROW_PROBLEMS = [
    (
        "unparseable timestamp",
        [GOOD_ROW, ["c9", "besluit", "complete", "gisteren", "e9"]],
        (1, 1, 0),
        ["unparseable timestamp in time:timestamp: 'gisteren'"],
    ),
    (
        "empty case id and empty activity",
        [
            GOOD_ROW,
            ["", "besluit", "complete", "2024-05-02T09:00:00+02:00", "e9"],
            ["c9", "", "complete", "2024-05-02T09:00:00+02:00", "e9"],
        ],
        (1, 2, 0),
        ["empty activity (concept:name)", "empty case id (case:concept:name)"],
    ),
    (
        "empty timestamp",
        [GOOD_ROW, ["c9", "besluit", "complete", "", "e9"]],
        (1, 1, 0),
        ["empty timestamp (time:timestamp)"],
    ),
    (
        "duplicate rows within the file",
        [GOOD_ROW, GOOD_ROW, GOOD_ROW],
        (1, 0, 2),
        [],
    ),
    (
        "same event with another lifecycle spelling",
        [GOOD_ROW, ["c9", "ontvangst", "COMPLETE", "2024-05-01T07:00:00Z", "e9"]],
        (1, 0, 1),
        [],
    ),
]


@pytest.mark.parametrize(
    ("rows", "counts", "reasons"),
    [row[1:] for row in ROW_PROBLEMS],
    ids=[row[0] for row in ROW_PROBLEMS],
)
def test_bad_rows_are_counted_and_quarantined_with_a_reason(
    tmp_path: Path,
    warehouse: Path,
    rows: list[list[str]],
    counts: tuple[int, int, int],
    reasons: list[str],
) -> None:
    source = write_csv(tmp_path / "events.csv", XES_HEADER, rows)

    [result] = load_files(warehouse, [source])

    assert (result.rows_loaded, result.rows_quarantined, result.rows_duplicate) == counts
    assert result.rows_read == len(rows) == sum(counts)
    con = connect_read_only(warehouse)
    quarantined = con.sql("select reason, raw_row from quarantine order by reason").fetchall()
    loads = con.sql(
        "select rows_read, rows_loaded, rows_quarantined, rows_duplicate from loads"
    ).fetchall()
    events = con.sql("select count(*) from events").fetchall()[0][0]
    con.close()
    assert [reason for reason, _ in quarantined] == reasons
    for _, raw_row in quarantined:
        assert set(json.loads(raw_row)) == set(XES_HEADER)  # the row as read, every column
    assert loads == [(len(rows), *counts)]
    assert events == counts[0]


def test_loading_the_same_file_twice_adds_nothing(warehouse: Path, base_file: Path) -> None:
    [first] = load_files(warehouse, [base_file])
    after_first = table_contents(warehouse)

    [second] = load_files(warehouse, [base_file])

    assert (first.rows_loaded, first.rows_duplicate) == (3, 0)
    assert (second.rows_read, second.rows_loaded, second.rows_duplicate) == (3, 0, 3)
    after_second = table_contents(warehouse)
    assert after_second["events"] == after_first["events"]
    assert len(after_second["loads"]) == 2


def test_rows_already_loaded_count_as_duplicates(
    warehouse: Path, base_file: Path, events_csv: Callable[..., Path]
) -> None:
    load_files(warehouse, [base_file])
    update = events_csv(
        [
            ["c2", "ontvangst", "complete", "2024-03-05T08:00:00Z", "e2"],  # loaded before
            ["c2", "beschikking", "complete", "2024-03-20T10:00:00+01:00", "e2"],  # new
        ]
    )

    [result] = load_files(warehouse, [update])

    assert (result.rows_read, result.rows_loaded, result.rows_duplicate) == (2, 1, 1)
    con = connect_read_only(warehouse)
    assert con.sql("select count(*) from events").fetchall() == [(4,)]


def test_mixed_offsets_are_stored_as_utc_instants(warehouse: Path, events_csv) -> None:
    source = events_csv(
        [
            # The night the clocks go back: the same wall-clock time twice, an hour apart.
            ["c1", "a", "complete", "2011-10-30 02:30:00.000000+02:00", "e1"],
            ["c1", "b", "complete", "2011-10-30 02:30:00.000000+01:00", "e1"],
            ["c1", "c", "complete", "2011-11-24 15:36:51.302000+01:00", "e1"],
            ["c1", "d", "complete", "2011-10-11T13:45:40.276+02:00", "e1"],
            ["c1", "e", "complete", "2011-10-11T11:45:41Z", "e1"],
        ]
    )

    load_files(warehouse, [source])

    con = connect_read_only(warehouse)
    stored = dict(con.sql("select activity, event_at from events").fetchall())
    assert stored == {
        "a": datetime(2011, 10, 30, 0, 30, tzinfo=UTC),
        "b": datetime(2011, 10, 30, 1, 30, tzinfo=UTC),
        "c": datetime(2011, 11, 24, 14, 36, 51, 302000, tzinfo=UTC),
        "d": datetime(2011, 10, 11, 11, 45, 40, 276000, tzinfo=UTC),
        "e": datetime(2011, 10, 11, 11, 45, 41, tzinfo=UTC),
    }


def test_naive_timestamps_are_amsterdam_time_across_dst(warehouse: Path, events_csv) -> None:
    source = events_csv(
        [
            ["c1", "winter", "complete", "2024-01-15 09:00:00", "e1"],
            ["c1", "summer", "complete", "2024-07-15 09:00", "e1"],
            # 02:30 happens twice on 27 Oct 2024: taken as the first (summer time, +02:00).
            ["c1", "ambiguous", "complete", "2024-10-27 02:30:00", "e1"],
            ["c1", "date only", "complete", "2024-03-01", "e1"],
            # 02:30 does not exist on 31 Mar 2024 (clocks jump from 02:00 to 03:00).
            ["c1", "gap", "complete", "2024-03-31 02:30:00", "e1"],
        ]
    )

    [result] = load_files(warehouse, [source])

    con = connect_read_only(warehouse)
    stored = dict(con.sql("select activity, event_at from events").fetchall())
    assert stored == {
        "winter": datetime(2024, 1, 15, 8, 0, tzinfo=UTC),
        "summer": datetime(2024, 7, 15, 7, 0, tzinfo=UTC),
        "ambiguous": datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
        "date only": datetime(2024, 2, 29, 23, 0, tzinfo=UTC),
    }
    assert (result.rows_loaded, result.rows_quarantined) == (4, 1)
    assert con.sql("select reason from quarantine").fetchall() == [
        ("unparseable timestamp in time:timestamp: '2024-03-31 02:30:00'",)
    ]


def test_lifecycle_is_lower_cased_and_defaults_to_complete(tmp_path: Path, warehouse: Path) -> None:
    source = write_csv(
        tmp_path / "events.csv",
        ["case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition"],
        [["c1", "a", "2024-01-01T10:00:00Z", "START"], ["c1", "b", "2024-01-01T11:00:00Z", ""]],
    )

    load_files(warehouse, [source])

    con = connect_read_only(warehouse)
    assert con.sql("select activity, lifecycle from events order by activity").fetchall() == [
        ("a", "start"),
        ("b", "complete"),
    ]


def test_event_before_receipt_is_loaded_and_flagged(tmp_path: Path, warehouse: Path) -> None:
    source = write_csv(
        tmp_path / "events.csv",
        [*XES_HEADER, "case:startdate"],
        [
            ["c1", "voorbereiding", "complete", "2024-02-27T10:00:00+01:00", "e1", "2024-03-01"],
            ["c1", "ontvangst", "complete", "2024-03-01T09:00:00+01:00", "e1", "2024-03-01"],
            ["c2", "ontvangst", "complete", "2024-03-02T09:00:00+01:00", "e1", "2024-03-02"],
        ],
    )

    [result] = load_files(warehouse, [source], {"columns": {"received_at": "case:startdate"}})

    assert result.rows_loaded == 3
    con = connect_read_only(warehouse)
    check = discover_checks()["event_before_receipt"]
    flagged = con.sql(f"select case_id, activity from ({check})").fetchall()
    assert flagged == [("c1", "voorbereiding")]
    assert con.sql("select check_name, row_count from check_results order by 1").fetchall() == [
        ("decision_before_receipt", 0),
        ("duplicate_events", 0),
        ("event_before_receipt", 1),
        ("negative_durations", 0),
    ]


def test_several_files_are_one_load(
    tmp_path: Path, warehouse: Path, base_file: Path, events_csv
) -> None:
    other = events_csv([GOOD_ROW], name="other.csv")

    results = load_files(warehouse, [base_file, other])

    assert [r.source_file for r in results] == ["base.csv", "other.csv"]
    assert {r.load_id for r in results} == {1}
    assert [r.rows_loaded for r in results] == [3, 1]


def test_cli_load_prints_the_reconciliation(warehouse: Path, base_file: Path) -> None:
    result = run_cli("load", "--db", str(warehouse), str(base_file))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "base.csv: 3 rows read = 3 loaded + 0 quarantined + 0 duplicates (into events)"
    )


_PEAK_MEMORY_CHILD = """
import sys
from pipelines.load import load_files
[result] = load_files(sys.argv[1], [sys.argv[2]])
status = open('/proc/self/status').read().splitlines()
peak_kib = next(int(line.split()[1]) for line in status if line.startswith('VmHWM'))
print(result.rows_read, result.rows_loaded, peak_kib * 1024)
"""


@pytest.mark.slow
def test_a_large_file_streams_with_bounded_memory(tmp_path: Path) -> None:
    # 600,000 events whose case attribute is 2,500 characters wide: about 1.5 GB once in
    # memory. Streamed in batches of 20,000 rows, the load stays far below that.
    rows, width = 600_000, 2_500
    rng = np.random.default_rng(11)
    cases = rng.integers(0, 2_000, rows)
    frame = pl.DataFrame(
        {
            "case:concept:name": pl.Series(cases).cast(pl.String),
            "concept:name": pl.Series(rng.choice(["ontvangst", "gehoor", "beschikking"], rows)),
            # Seconds into 2024 (1,704,067,200 is its first second, UTC).
            "time:timestamp": pl.Series(
                (rng.integers(0, 365 * 86_400, rows) + 1_704_067_200) * 1000
            )
            .cast(pl.Datetime("ms"))
            .dt.replace_time_zone("UTC"),
            "org:resource": pl.Series(rng.integers(0, 300, rows)).cast(pl.String),
            "case:toelichting": pl.Series(cases).cast(pl.String).str.pad_start(width, "x"),
        }
    )
    in_memory_bytes = frame.estimated_size()
    source = tmp_path / "large.parquet"
    frame.write_parquet(source, row_group_size=20_000)
    del frame
    warehouse = tmp_path / "warehouse.duckdb"

    # A fresh interpreter, and its own high-water mark (VmHWM): ru_maxrss would include
    # the memory of this test process, which the child inherits at its start.
    child = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY_CHILD, str(warehouse), str(source)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "STURING_LOAD_BATCH_ROWS": "20000",
            "STURING_DUCKDB_MEMORY_LIMIT": "256MB",
        },
        timeout=300,
    )

    assert child.returncode == 0, child.stderr
    rows_read, rows_loaded, peak_bytes = (int(v) for v in child.stdout.split())
    assert (rows_read, rows_loaded) == (rows, rows)
    assert in_memory_bytes > 1.4e9
    assert peak_bytes < in_memory_bytes / 2, f"peak {peak_bytes / 2**20:.0f} MiB"


def test_a_reference_file_replaces_its_table(tmp_path: Path, warehouse: Path) -> None:
    header = ["employee_id", "employee_name", "role", "fte", "competences", "started_on"]
    first = write_csv(tmp_path / "employees.csv", header, [["m1", "An", "IND", "1", "", ""]])
    load_files(warehouse, [first])
    (tmp_path / "next").mkdir()
    second = write_csv(
        tmp_path / "next" / "employees.csv",
        header,
        [
            ["m2", "Bo", "beslismedewerker", "0,8", "asiel,nareis", "2023-02-01"],
            ["m3", "Cor", "beslismedewerker", "veel", "", ""],  # fte is not a number
            ["m2", "Bo (again)", "", "1", "", ""],  # same key: a duplicate
            ["", "Dirk", "", "1", "", ""],  # no id
        ],
    )

    [result] = load_files(warehouse, [second])

    assert (result.target_table, result.rows_read) == ("employees", 4)
    assert (result.rows_loaded, result.rows_quarantined, result.rows_duplicate) == (1, 2, 1)
    con = connect_read_only(warehouse)
    assert con.sql(
        "select employee_id, fte, competences, started_on from employees"
    ).fetchall() == [("m2", 0.8, "asiel,nareis", datetime(2023, 2, 1).date())]
    assert con.sql("select source_row, reason from quarantine order by 1").fetchall() == [
        (2, "unparseable number in fte: 'veel'"),
        (4, "empty employee_id"),
    ]


def test_a_reference_file_with_an_unknown_column_is_refused(tmp_path: Path, warehouse) -> None:
    path = write_csv(tmp_path / "teams.csv", ["team_id", "team_name", "colour"], [["t", "T", "r"]])

    with pytest.raises(SourceError, match="unexpected column 'colour' for table teams"):
        load_files(warehouse, [path])
    assert not warehouse.exists()
