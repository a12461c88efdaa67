"""A load of several event files: all staged first, then stored at once, with the same
reconciliation per file as loading them one after the other would give."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines.errors import SourceError
from pipelines.load import load_files
from pipelines.warehouse import connect_read_only
from tests.pipelines.conftest import (
    XES_HEADER,
    file_digest,
    table_contents,
    write_csv,
    write_xes_gz,
    xes_log,
)

# Events of the load under test; the warehouse holds base.csv (c1, c2) before it.
A = ["c3", "ontvangst", "complete", "2024-05-01T09:00:00+02:00", "e3"]
B = ["c3", "gehoor", "complete", "2024-05-10T09:00:00+02:00", "e3"]
C = ["c4", "ontvangst", "complete", "2024-05-02T09:00:00+02:00", "e4"]
D = ["c3", "beschikking", "complete", "2024-06-01T10:00:00+02:00", "e3"]
E = ["c5", "ontvangst", "complete", "2024-05-03T09:00:00+02:00", "e5"]
F = ["c5", "gehoor", "complete", "2024-05-20T09:00:00+02:00", "e5"]
# B again, with another lifecycle spelling and the same instant in UTC: the same event.
B_AGAIN = ["c3", "gehoor", "COMPLETE", "2024-05-10T07:00:00Z", "e3"]
# Events of base.csv, as a later export writes them again.
BASE_RECEIPT_C1 = ["c1", "ontvangst", "complete", "2024-03-01T09:00:00+01:00", "e1"]
BASE_RECEIPT_C2_UTC = ["c2", "ontvangst", "complete", "2024-03-05T08:00:00Z", "e2"]


def _reconciliations(db: Path) -> list[tuple]:
    con = connect_read_only(db)
    try:
        return con.sql(
            "select load_id, source_file, rows_read, rows_loaded, rows_quarantined,"
            " rows_duplicate from loads order by load_id, source_file"
        ).fetchall()
    finally:
        con.close()


def test_duplicates_of_earlier_files_of_the_load_and_of_the_warehouse(
    warehouse: Path, base_file: Path, events_csv: Callable[..., Path]
) -> None:
    load_files(warehouse, [base_file])
    first = events_csv([A, B, C], name="f1.csv")
    # A and B_AGAIN repeat f1; the second D repeats this file's own first D.
    second = events_csv([A, D, D, E, B_AGAIN], name="f2.csv")
    # Two events of base.csv (already in the warehouse) and E of f2; only F is new.
    third = events_csv([BASE_RECEIPT_C1, BASE_RECEIPT_C2_UTC, F, E], name="f3.csv")

    results = load_files(warehouse, [first, second, third])

    counts = [
        (r.source_file, r.rows_read, r.rows_loaded, r.rows_quarantined, r.rows_duplicate)
        for r in results
    ]
    assert counts == [
        ("f1.csv", 3, 3, 0, 0),
        ("f2.csv", 5, 2, 0, 3),
        ("f3.csv", 4, 1, 0, 3),
    ]
    assert _reconciliations(warehouse) == [
        (1, "base.csv", 3, 3, 0, 0),
        (2, "f1.csv", 3, 3, 0, 0),
        (2, "f2.csv", 5, 2, 0, 3),
        (2, "f3.csv", 4, 1, 0, 3),
    ]
    con = connect_read_only(warehouse)
    stored = con.sql(
        "select case_id, activity, source_file, source_row, load_id from events"
        " order by load_id, source_file, source_row"
    ).fetchall()
    assert stored == [
        ("c1", "ontvangst", "base.csv", 1, 1),
        ("c1", "beschikking", "base.csv", 2, 1),
        ("c2", "ontvangst", "base.csv", 3, 1),
        ("c3", "ontvangst", "f1.csv", 1, 2),
        ("c3", "gehoor", "f1.csv", 2, 2),
        ("c4", "ontvangst", "f1.csv", 3, 2),
        ("c3", "beschikking", "f2.csv", 2, 2),  # the first of the two D rows
        ("c5", "ontvangst", "f2.csv", 4, 2),
        ("c5", "gehoor", "f3.csv", 3, 2),
    ]
    assert con.sql(
        "select row_count from check_results where load_id = 2 and check_name = 'duplicate_events'"
    ).fetchall() == [(0,)]


def test_the_earliest_file_in_the_order_given_keeps_a_shared_event(
    warehouse: Path, events_csv: Callable[..., Path]
) -> None:
    # F is row 2 of the earlier file and row 1 of the later one: the file order decides.
    early = events_csv([E, F], name="early.csv")
    late = events_csv([F, C], name="late.csv")

    results = load_files(warehouse, [early, late])

    assert [(r.source_file, r.rows_loaded, r.rows_duplicate) for r in results] == [
        ("early.csv", 2, 0),
        ("late.csv", 1, 1),
    ]
    con = connect_read_only(warehouse)
    assert con.sql(
        "select case_id, activity, source_file, source_row from events order by 1, 2"
    ).fetchall() == [
        ("c4", "ontvangst", "late.csv", 2),
        ("c5", "gehoor", "early.csv", 2),
        ("c5", "ontvangst", "early.csv", 1),
    ]


def test_quarantined_rows_of_a_middle_file_are_counted_for_that_file(
    warehouse: Path, events_csv: Callable[..., Path]
) -> None:
    first = events_csv([A, B], name="f1.csv")
    middle = events_csv(
        [
            C,
            ["c4", "gehoor", "complete", "gisteren", "e4"],
            ["", "gehoor", "complete", "2024-05-04T09:00:00+02:00", "e4"],
            A,  # a duplicate of f1
        ],
        name="f2.csv",
    )
    last = events_csv([E], name="f3.csv")

    results = load_files(warehouse, [first, middle, last])

    assert [
        (r.source_file, r.rows_read, r.rows_loaded, r.rows_quarantined, r.rows_duplicate)
        for r in results
    ] == [
        ("f1.csv", 2, 2, 0, 0),
        ("f2.csv", 4, 1, 2, 1),
        ("f3.csv", 1, 1, 0, 0),
    ]
    con = connect_read_only(warehouse)
    quarantined = con.sql(
        "select load_id, source_file, source_row, reason, raw_row from quarantine order by 3"
    ).fetchall()
    assert [row[:4] for row in quarantined] == [
        (1, "f2.csv", 2, "unparseable timestamp in time:timestamp: 'gisteren'"),
        (1, "f2.csv", 3, "empty case id (case:concept:name)"),
    ]
    assert json.loads(quarantined[0][4])["time:timestamp"] == "gisteren"
    assert con.sql("select count(*) from events").fetchall() == [(4,)]


# A file that says something of case c7: its case type, priority, decision and a free
# case attribute. A column a file does not carry leaves the stored value alone.
CASE_HEADER = [*XES_HEADER, "case_type", "priority", "decided_at", "case:channel"]
SAYS_ASIEL = [
    ["c7", "ontvangst", "complete", "2024-05-01T09:00:00+02:00", "e7", "asiel", "hoog", "", "post"],
    [
        "c7",
        "beschikking",
        "complete",
        "2024-06-01T09:00:00+02:00",
        "e7",
        "asiel",
        "hoog",
        "2024-06-01T09:00:00+02:00",
        "post",
    ],
]
# The same case in a later export: another case type, reopened (empty decision date), no
# priority or channel column at all.
SAYS_REGULIER_HEADER = [*XES_HEADER, "case_type", "decided_at"]
SAYS_REGULIER = [
    ["c7", "heropening", "complete", "2024-07-01T09:00:00+02:00", "e7", "regulier", ""]
]

DECIDED = datetime(2024, 6, 1, 7, 0, tzinfo=UTC)

# (id, order of the files, expected case_type, priority, decided_at, attributes)
CASE_IN_TWO_FILES = [
    (
        "regulier file last",
        ["asiel", "regulier"],
        ("regulier", "hoog", None, {"case:channel": "post"}),
    ),
    (
        "asiel file last",
        ["regulier", "asiel"],
        ("asiel", "hoog", DECIDED, {"case:channel": "post"}),
    ),
]


@pytest.fixture
def case_files(tmp_path: Path) -> dict[str, Path]:
    """The two exports that disagree about case c7, by what they say of its case type."""
    return {
        "asiel": write_csv(tmp_path / "asiel.csv", CASE_HEADER, SAYS_ASIEL),
        "regulier": write_csv(tmp_path / "regulier.csv", SAYS_REGULIER_HEADER, SAYS_REGULIER),
    }


def _case_c7(db: Path) -> tuple:
    con = connect_read_only(db)
    try:
        [row] = con.sql(
            "select case_type, priority, decided_at, attributes, decided_rule from case_attributes"
            " where case_id = 'c7'"
        ).fetchall()
    finally:
        con.close()
    return (row[0], row[1], row[2], json.loads(row[3]) if row[3] else None, row[4])


@pytest.mark.parametrize(
    ("order", "expected"),
    [row[1:] for row in CASE_IN_TWO_FILES],
    ids=[row[0] for row in CASE_IN_TWO_FILES],
)
def test_a_case_in_two_files_takes_each_attribute_from_the_last_file_that_carries_it(
    warehouse: Path, case_files: dict[str, Path], order: list[str], expected: tuple
) -> None:
    load_files(warehouse, [case_files[name] for name in order])

    assert _case_c7(warehouse) == (*expected, "decided_at")


@pytest.mark.parametrize("order", [["asiel", "regulier"], ["regulier", "asiel"]])
def test_one_load_of_several_files_ends_where_loading_them_one_by_one_ends(
    tmp_path: Path, case_files: dict[str, Path], order: list[str]
) -> None:
    together, one_by_one = tmp_path / "together.duckdb", tmp_path / "one_by_one.duckdb"

    load_files(together, [case_files[name] for name in order])
    for name in order:
        load_files(one_by_one, [case_files[name]])

    assert _case_c7(together) == _case_c7(one_by_one)
    con_together, con_apart = connect_read_only(together), connect_read_only(one_by_one)
    events = "select event_key, case_id, activity, event_at, source_file from events order by 1"
    assert con_together.sql(events).fetchall() == con_apart.sql(events).fetchall()


def test_receipt_and_closing_activities_see_the_events_of_every_file(
    warehouse: Path, events_csv: Callable[..., Path]
) -> None:
    # The receipt is in the first file, the decision in the third; c3 is named by all three.
    first = events_csv([A], name="f1.csv")
    second = events_csv([B], name="f2.csv")
    third = events_csv([D], name="f3.csv")
    mapping = {"receipt_activities": ["ontvangst"], "closing_activities": ["beschikking"]}

    results = load_files(warehouse, [first, second, third], mapping)

    assert {(r.received_rule, r.decided_rule) for r in results} == {
        ("receipt activity: ontvangst", "closing activity: beschikking")
    }
    con = connect_read_only(warehouse)
    assert con.sql(
        "select received_at, decided_at, received_rule, decided_rule from case_attributes"
    ).fetchall() == [
        (
            datetime(2024, 5, 1, 7, 0, tzinfo=UTC),
            datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
            "receipt activity: ontvangst",
            "closing activity: beschikking",
        )
    ]


def _missing_timestamp(tmp: Path) -> Path:
    header = [name for name in XES_HEADER if name != "time:timestamp"]
    return write_csv(tmp / "bad.csv", header, [["c9", "ontvangst", "complete", "e9"]])


def _malformed_xes(tmp: Path) -> Path:
    document = xes_log({"t1": [("A", "2024-01-01T10:00:00+01:00")]})
    return write_xes_gz(tmp / "bad.xes.gz", document.replace("</trace>", "</trase>"))


@pytest.mark.parametrize("position", [0, 1, 3])
@pytest.mark.parametrize("build", [_missing_timestamp, _malformed_xes])
def test_one_bad_file_among_several_leaves_the_warehouse_unchanged(
    tmp_path: Path,
    warehouse: Path,
    base_file: Path,
    events_csv: Callable[..., Path],
    position: int,
    build: Callable[[Path], Path],
) -> None:
    load_files(warehouse, [base_file])
    before_contents, before_digest = table_contents(warehouse), file_digest(warehouse)
    good = [
        events_csv([A, B], name="f1.csv"),
        events_csv([C, BASE_RECEIPT_C1], name="f2.csv"),
        events_csv([E], name="f3.csv"),
    ]
    bad = build(tmp_path)
    files = [*good[:position], bad, *good[position:]]

    with pytest.raises(SourceError) as raised:
        load_files(warehouse, files)

    assert raised.value.path.name == bad.name
    assert file_digest(warehouse) == before_digest
    assert table_contents(warehouse) == before_contents


def test_every_file_is_checked_before_the_events_of_the_load_are_stored(
    warehouse: Path, events_csv: Callable[..., Path]
) -> None:
    files = [events_csv([A], name="f1.csv"), events_csv([B, C], name="f2.csv")]
    heard: list[str] = []

    load_files(warehouse, files, status=heard.append)

    assert heard[:3] == [
        "f1.csv: 1 row checked",
        "f2.csv: 2 rows checked",
        "storing the events of 2 files",
    ]


def test_a_warehouse_path_with_dot_dot_loads_every_event(
    tmp_path: Path, events_csv: Callable[..., Path]
) -> None:
    (tmp_path / "sub").mkdir()
    warehouse = tmp_path / "sub" / ".." / "warehouse.duckdb"

    results = load_files(warehouse, [events_csv([A, B], name="f1.csv"), events_csv([C])])

    assert [(r.rows_loaded, r.rows_duplicate) for r in results] == [(2, 0), (1, 0)]
