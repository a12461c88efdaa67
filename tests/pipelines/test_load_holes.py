"""Inputs that once broke a load: implausible timestamps, non-finite efforts, unsupported
Parquet column types, a quote in the warehouse path. Each goes through the real load into a
temporary DuckDB file; the warehouse stays intact and rows read = loaded + quarantined +
duplicates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import SourceError
from pipelines.load import load_files
from pipelines.settings import Settings
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


def test_a_warehouse_path_with_a_quote_loads(tmp_path: Path, base_file: Path) -> None:
    db = tmp_path / "it's here" / "ware'house.duckdb"
    results = load_files(db, [base_file])
    assert results[0].rows_loaded == 3
    again = load_files(db, [base_file])
    assert again[0].rows_duplicate == 3
    con = connect_read_only(db)
    try:
        assert con.sql("select count(*) from events").fetchall()[0][0] == 3
    finally:
        con.close()
    assert table_contents(db)["events"]


HEADER = [*XES_HEADER, "deadline_at", "effort_minutes"]


def _row(case: str, at: str, deadline: str = "", effort: str = "") -> list[str]:
    return [case, "ontvangst", "complete", at, "e1", deadline, effort]


def _load_and_count(warehouse: Path, source: Path) -> tuple[object, list[str], int, object]:
    [result] = load_files(warehouse, [source])
    assert result.balanced
    assert result.rows_read == result.rows_loaded + result.rows_quarantined + result.rows_duplicate
    con = connect_read_only(warehouse)
    try:
        reasons = [
            r for (r,) in con.sql("select reason from quarantine order by source_row").fetchall()
        ]
        events = con.sql("select count(*) from events").fetchall()[0][0]
        latest = con.sql(
            "select max(event_at), max(deadline_at) from events natural left join case_attributes"
        ).fetchall()[0]
    finally:
        con.close()
    return result, reasons, events, latest


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (_row("c8", "9999-12-31T23:59:59Z"), "time:timestamp"),
        (_row("c8", "0001-01-01"), "time:timestamp"),
        (_row("c8", "1989-12-31T12:00:00+01:00"), "time:timestamp"),
        (_row("c8", "2024-05-01T09:00:00+02:00", deadline="9999-12-31T23:59:59Z"), "deadline_at"),
        (_row("c8", "2024-05-01T09:00:00+02:00", deadline="0001-01-01"), "deadline_at"),
    ],
)
def test_an_implausible_timestamp_is_quarantined_naming_column_and_window(
    tmp_path: Path, warehouse: Path, row: list[str], column: str
) -> None:
    good = _row("c1", "2024-03-01T09:00:00+01:00", deadline="2024-09-01")
    source = write_csv(tmp_path / "events.csv", HEADER, [good, row])

    result, reasons, events, latest = _load_and_count(warehouse, source)

    assert (result.rows_loaded, result.rows_quarantined, result.rows_duplicate) == (1, 1, 0)
    assert events == 1
    [reason] = reasons
    assert reason.startswith(f"implausible timestamp in {column}: ")
    assert "outside 1990-01-01 .. " in reason
    event_at, deadline_at = latest
    assert event_at.year == 2024 and deadline_at.year == 2024  # the as-of date did not move
    con = connect_read_only(warehouse)
    try:
        as_of = con.sql("select as_of_date from data_as_of").fetchall()[0][0]
    finally:
        con.close()
    assert as_of.year == 2024


def test_the_plausible_window_is_configurable(tmp_path: Path, warehouse: Path) -> None:
    rows = [_row("c1", "2024-03-01T09:00:00+01:00"), _row("c2", "1985-06-01T09:00:00+01:00")]
    source = write_csv(tmp_path / "events.csv", HEADER, rows)
    settings = Settings(earliest_timestamp=date(1980, 1, 1))

    [result] = load_files(warehouse, [source], settings=settings)

    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    later = (datetime.now(UTC) + timedelta(days=2 * 366)).strftime("%Y-%m-%d")
    rows = [_row("c3", "2024-03-01T09:00:00+01:00", deadline=later)]
    source = write_csv(tmp_path / "deadlines.csv", HEADER, rows)
    [result] = load_files(warehouse, [source])  # a deadline may lie years ahead
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    [result] = load_files(warehouse, [source], settings=Settings(future_deadline_days=366))
    assert (result.rows_quarantined, result.rows_duplicate) == (1, 0)
    earliest, latest = Settings(future_timestamp_days=0).plausible_window()
    assert earliest == datetime(1990, 1, 1, tzinfo=UTC)
    assert latest <= datetime.now(UTC)


@pytest.mark.parametrize("effort", ["NaN", "inf", "-inf", "1e309"])
def test_a_non_finite_effort_is_quarantined_per_row(
    tmp_path: Path, warehouse: Path, effort: str
) -> None:
    rows = [
        _row("c1", "2024-03-01T09:00:00+01:00", effort="30"),
        _row("c2", "2024-03-02T09:00:00+01:00", effort=effort),
        _row("c3", "2024-03-03T09:00:00+01:00", effort="12,5"),
    ]
    source = write_csv(tmp_path / "events.csv", HEADER, rows)

    result, reasons, events, _ = _load_and_count(warehouse, source)

    assert (result.rows_loaded, result.rows_quarantined, result.rows_duplicate) == (2, 1, 0)
    assert events == 2
    assert reasons == [f"non-finite number in effort_minutes: '{effort}'"]
    con = connect_read_only(warehouse)
    try:
        total = con.sql("select sum(effort_minutes) from events").fetchall()[0][0]
    finally:
        con.close()
    assert total == 42.5


def test_period_bounds_with_a_far_end_do_not_overflow() -> None:
    from dashboard.data import Filters

    start, end = Filters(start=date(2024, 1, 1), end=date(9999, 12, 31)).bounds()
    assert start.year == 2024 and end.year == 3000
    start, end = Filters(start=date.max, end=date.max).bounds()
    assert start < end
    start, end = Filters(start=date.min, end=date.min).bounds()
    assert start.year == 1900 and start < end


_BASE_COLUMNS = {
    "case:concept:name": ["c8", "c9"],
    "concept:name": ["ontvangst", "ontvangst"],
    "time:timestamp": ["2024-03-01T09:00:00+01:00", "2024-03-02T09:00:00+01:00"],
}


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("case:concept:name", [["c8"], ["c9"]]),
        ("concept:name", [b"ontvangst", b"ontvangst"]),
        ("time:timestamp", [{"at": 1}, {"at": 2}]),
        ("effort_minutes", [[1.0], [2.0]]),
        ("blob", [b"\x00", b"\x01"]),
    ],
    ids=["list-case-id", "binary-activity", "struct-timestamp", "list-effort", "binary-unmapped"],
)
def test_an_unsupported_parquet_column_type_is_refused_in_one_line(
    tmp_path: Path, warehouse: Path, base_file: Path, column: str, values: list
) -> None:
    load_files(warehouse, [base_file])
    before_contents, before_digest = table_contents(warehouse), file_digest(warehouse)
    bad = tmp_path / "typed.parquet"
    pl.DataFrame({**_BASE_COLUMNS, column: values}).write_parquet(bad)

    with pytest.raises(SourceError) as raised:
        load_files(warehouse, [bad])
    assert f"column '{column}' has type" in str(raised.value)
    result = run_cli("load", "--db", str(warehouse), str(bad))

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: typed.parquet: column '{column}' has type ")
    assert file_digest(warehouse) == before_digest
    assert table_contents(warehouse) == before_contents


def test_the_cli_prints_one_line_for_an_os_error(tmp_path: Path, base_file: Path) -> None:
    # The warehouse's folder is a file: the OSError a full or broken disk raises too.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run_cli("load", "--db", str(blocker / "warehouse.duckdb"), str(base_file))

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Error" in lines[0]
    assert blocker.read_text() == "x"


def test_the_cli_loads_a_file_with_a_year_9999_row(tmp_path: Path, warehouse: Path) -> None:
    rows = [
        _row("c1", "2024-03-01T09:00:00+01:00", deadline="9999-12-31T23:59:59Z"),
        _row("c2", "9999-12-31T23:59:59Z", effort="1e309"),
        _row("c3", "2024-03-02T09:00:00+01:00", effort="15"),
    ]
    source = write_csv(tmp_path / "events.csv", HEADER, rows)

    result = run_cli("load", "--db", str(warehouse), str(source))

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert "3 rows read = 1 loaded + 2 quarantined + 0 duplicates" in result.stdout


def test_a_file_name_with_a_newline_cannot_forge_an_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "events\nerror: forged.csv"
    bad.write_text("not,the,right\ncolumns,at,all\n")
    result = run_cli("load", "--db", str(tmp_path / "warehouse.duckdb"), str(bad))

    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "events\\nerror: forged.csv" in lines[0]


def _one_error_line(tmp_path: Path, name: str, content: bytes) -> str:
    """Load a file with `content` through the CLI: it fails with exactly one line; that line."""
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_cli("load", "--db", str(tmp_path / "warehouse.duckdb"), str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_wrong_delimiter_gets_a_hint_in_one_line(tmp_path: Path) -> None:
    line = _one_error_line(
        tmp_path, "semicolons.csv", b"case_id;activity;timestamp\nA;B;2024-01-01T00:00:00Z\n"
    )
    assert "hint: the file has one column containing ';'" in line


def test_a_ragged_row_is_named_by_its_line(tmp_path: Path) -> None:
    line = _one_error_line(
        tmp_path,
        "ragged.csv",
        b"case_id,activity,timestamp\nA,B,2024-01-01T00:00:00Z\nA,C,2024-01-02,x\n",
    )
    assert "hint: line 3 has 4 fields, the header (line 1) has 3" in line


def test_latin1_bytes_are_named_by_offset_and_line(tmp_path: Path) -> None:
    line = _one_error_line(
        tmp_path,
        "latin1.csv",
        b"case_id,activity,timestamp\nA,Aanvraag \xe9,2024-01-01T00:00:00Z\n",
    )
    assert "hint: byte 38 (line 2) is not UTF-8: re-save the file as UTF-8" in line


def test_the_cli_names_the_row_and_reason_of_each_quarantined_row(
    tmp_path: Path, warehouse: Path
) -> None:
    rows = [_row(f"c{n}", "2024-03-01T09:00:00+01:00") for n in range(1, 9)]
    rows[1] = _row("c2", "9999-12-31T23:59:59Z")  # row 2
    for index in (3, 4, 5, 6, 7):  # rows 4 to 8: an effort that is not a number
        rows[index] = _row(f"c{index + 1}", "2024-03-01T09:00:00+01:00", effort="veel")
    source = write_csv(tmp_path / "events.csv", HEADER, rows)

    result = run_cli("load", "--db", str(warehouse), str(source))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "8 rows read = 2 loaded + 6 quarantined + 0 duplicates" in lines[0]
    assert lines[1].startswith("  row 2: ") and "time:timestamp" in lines[1]
    assert lines[2].startswith("  row 4: ") and "effort_minutes" in lines[2]
    assert [line.split(":")[0] for line in lines[1:6]] == [
        "  row 2",
        "  row 4",
        "  row 5",
        "  row 6",
        "  row 7",
    ]
    assert lines[6] == "  ... and 1 more (table quarantine, page Datakwaliteit)"
    assert len(lines) == 7


def test_an_overlong_cell_is_quarantined_and_kept_cut(tmp_path: Path, warehouse: Path) -> None:
    # The probe stored a 10 MB activity name; 100,000 characters show the same.
    long_name = "Aanvraag " + "x" * 100_000
    rows = [
        _row("c1", "2024-03-01T09:00:00+01:00"),
        ["c2", long_name, "complete", "2024-03-02T09:00:00+01:00", "e1", "", ""],
        ["c3", "ontvangst", "complete", "not a time " + "y" * 50_000, "e1", "", ""],
    ]
    source = write_csv(tmp_path / "events.csv", HEADER, rows)

    result, reasons, events, _ = _load_and_count(warehouse, source)

    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert events == 1
    assert reasons == [
        "text too long in concept:name: 100009 characters (limit 4,000)",
        "text too long in time:timestamp: 50011 characters (limit 4,000)",
    ]
    con = connect_read_only(warehouse)
    try:
        [(longest,)] = con.sql("select max(length(raw_row::varchar)) from quarantine").fetchall()
        [(activity,)] = con.sql(
            "select raw_row->>'$.\"concept:name\"' from quarantine where source_row = 2"
        ).fetchall()
    finally:
        con.close()
    assert longest < 4_000 + 200
    assert activity == long_name[:4_000] + " …"


def test_the_field_limit_is_configurable(tmp_path: Path, warehouse: Path) -> None:
    rows = [_row("c1", "2024-03-01T09:00:00+01:00"), _row("c2" * 20, "2024-03-01T09:00:00+01:00")]
    source = write_csv(tmp_path / "events.csv", HEADER, rows)

    [result] = load_files(warehouse, [source], settings=Settings(max_field_chars=30))

    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert result.first_quarantined == (
        (2, "text too long in case:concept:name: 40 characters (limit 30)"),
    )


def test_a_gzip_that_unpacks_past_the_limit_is_refused_and_changes_nothing(
    tmp_path: Path, warehouse: Path, base_file: Path
) -> None:
    load_files(warehouse, [base_file])
    before = file_digest(warehouse)
    events = {f"c{n}": [("ontvangst", "2024-03-01T09:00:00+01:00")] for n in range(4_000)}
    source = write_xes_gz(tmp_path / "big.xes.gz", xes_log(events))
    assert source.stat().st_size < 100_000  # small on disk, about 1 MB unpacked

    with pytest.raises(SourceError, match="the gzip unpacks to more than 0 MiB, the limit"):
        load_files(warehouse, [source], settings=Settings(max_decompressed_bytes=200_000))
    assert file_digest(warehouse) == before

    [result] = load_files(warehouse, [source])  # the default limit lets the same file in
    assert result.rows_loaded == 4_000


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, warehouse: Path
) -> None:
    frame = pl.DataFrame(
        {
            "case:concept:name": [f"c{n}" for n in range(3_000)],
            "concept:name": ["ontvangst"] * 3_000,
            "time:timestamp": ["2024-03-01T09:00:00+01:00"] * 3_000,
        }
    )
    source = tmp_path / "events.xlsx"
    frame.write_excel(source)

    with pytest.raises(SourceError, match=r"the workbook unpacks to [\d.,]+ MiB, more than"):
        load_files(warehouse, [source], settings=Settings(max_decompressed_bytes=10_000))
    assert not warehouse.exists()
    [result] = load_files(warehouse, [source])
    assert result.rows_loaded == 3_000


def test_line_separators_and_bidi_controls_are_escaped_in_messages() -> None:
    from pipelines.errors import escape_controls

    forged = "events\u2028error: forged\u202e.csv\t\u00e9"
    assert escape_controls(forged) == "events\\u2028error: forged\\u202e.csv\\t\u00e9"
    assert escape_controls(forged).splitlines() == [escape_controls(forged)]
