"""Readers: format from the name, checked against the content; raw frames per format."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import SourceError
from pipelines.load import load_files
from pipelines.readers import detect_format, open_source, preview_source
from pipelines.warehouse import connect_read_only
from tests.pipelines.conftest import XES_HEADER, write_csv, xes_log

ROW = ["c1", "ontvangst", "complete", "2024-03-01T09:00:00+01:00", "e1"]

# (file name, content, detected format)
RECOGNISED = [
    ("events.csv", b"a,b\n1,2\n", "csv"),
    ("EVENTS.CSV", b"a,b\n1,2\n", "csv"),
    ("log.xes", b'<?xml version="1.0"?><log/>', "xes"),
    ("log.xes.gz", gzip.compress(b"<log/>"), "xes.gz"),
]

# (id, file name, content, words of the error)
REFUSED = [
    ("unknown extension", "events.txt", b"a,b\n", "unknown format '.txt'"),
    ("no extension", "events", b"a,b\n", "unknown format 'events'"),
    ("empty", "events.csv", b"", "the file is empty"),
    ("gzip named csv", "events.csv", gzip.compress(b"a,b\n"), "the content is binary"),
    ("csv named xes.gz", "log.xes.gz", b"a,b\n", "the content is not gzip"),
    ("csv named xlsx", "sheet.xlsx", b"a,b\n", "the content is not Excel"),
    ("text named xes", "log.xes", b"a,b\n", "the content is not XML"),
    ("truncated parquet", "events.parquet", b"PAR1\x00\x00", "truncated (no footer)"),
]


@pytest.mark.parametrize(("name", "content", "expected"), RECOGNISED)
def test_format_is_recognised(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


@pytest.mark.parametrize(
    ("name", "content", "expected"), [row[1:] for row in REFUSED], ids=[row[0] for row in REFUSED]
)
def test_unreadable_formats_are_refused(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(SourceError) as raised:
        detect_format(path)
    assert expected in str(raised.value)
    assert raised.value.path == path


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "nowhere.csv")


def test_csv_columns_are_read_as_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", ["case", "amount", "when"], [["007", "1,5", "2024-01-01"]])

    frame = preview_source(path)

    assert frame.schema == pl.Schema({"case": pl.String, "amount": pl.String, "when": pl.String})
    assert frame.rows() == [("007", "1,5", "2024-01-01")]


def test_csv_is_read_in_batches(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", XES_HEADER, [ROW] * 25)

    heights = [batch.height for batch in open_source(path).batches(batch_rows=10)]

    assert sum(heights) == 25
    assert max(heights) <= 10


def test_excel_sheet_loads_like_csv(tmp_path: Path, warehouse: Path) -> None:
    path = tmp_path / "events.xlsx"
    pl.DataFrame(
        {
            "case:concept:name": ["c1", "c1"],
            "concept:name": ["ontvangst", "beschikking"],
            # A real date cell (naive: Amsterdam time) and a text cell with an offset.
            "time:timestamp": [datetime(2024, 3, 1, 9, 0), datetime(2024, 4, 2, 10, 0)],
            "org:resource": ["e1", "e2"],
        }
    ).write_excel(path)

    assert open_source(path).format == "xlsx"
    [result] = load_files(warehouse, [path])

    assert (result.rows_read, result.rows_loaded, result.source_format) == (2, 2, "xlsx")
    con = connect_read_only(warehouse)
    stored = con.sql("select strftime(event_at, '%Y-%m-%dT%H:%MZ') from events order by 1")
    assert stored.fetchall() == [("2024-03-01T08:00Z",), ("2024-04-02T08:00Z",)]


def test_parquet_keeps_typed_timestamps(tmp_path: Path, warehouse: Path) -> None:
    path = tmp_path / "events.parquet"
    pl.DataFrame(
        {
            "case:concept:name": [1, 2],  # numbers as case ids become text
            "concept:name": ["a", "b"],
            "time:timestamp": pl.Series(
                [datetime(2024, 3, 1, 9, 0), datetime(2024, 7, 1, 9, 0)]
            ).dt.replace_time_zone("Europe/Amsterdam"),
        }
    ).write_parquet(path)

    assert open_source(path).total_rows == 2
    load_files(warehouse, [path])

    con = connect_read_only(warehouse)
    stored = con.sql("select case_id, strftime(event_at, '%H:%MZ') from events order by 1")
    assert stored.fetchall() == [("1", "08:00Z"), ("2", "07:00Z")]


def test_xes_gz_loads_with_standard_names(tmp_path: Path, warehouse: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(
        gzip.compress(
            xes_log(
                {
                    "t1": [("A", "2024-01-01T10:00:00.000+01:00"), ("B", "2024-01-02T10:00:00Z")],
                    "t2": [("A", "2024-01-03T10:00:00.000+01:00")],
                }
            ).encode()
        )
    )

    [result] = load_files(warehouse, [path])

    assert (result.rows_read, result.rows_loaded, result.source_format) == (3, 3, "xes.gz")
    con = connect_read_only(warehouse)
    rows = con.sql("select case_id, activity, source_row from events order by source_row")
    assert rows.fetchall() == [("t1", "A", 1), ("t1", "B", 2), ("t2", "A", 3)]
