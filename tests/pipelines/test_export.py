"""`export`: tables as CSV with ISO 8601 UTC timestamps; both real logs against PM4Py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pm4py
import polars as pl
import pytest

from pipelines.errors import SourceError
from pipelines.export import export_table
from pipelines.load import load_files
from pipelines.settings import PROJECT_ROOT, REAL_DATA_DIR
from tests.pipelines.conftest import run_cli

CASES_COLUMNS = [
    "case_id",
    "first_event_at",
    "last_event_at",
    "received_at",
    "decided_at",
    "deadline_at",
    "event_count",
]


def test_export_cases_writes_iso_utc_instants(tmp_path: Path, warehouse: Path, base_file) -> None:
    load_files(warehouse, [base_file])
    out = tmp_path / "cases.csv"

    rows = export_table(warehouse, "cases", out)

    assert rows == 2
    cases = pl.read_csv(out, infer_schema=False).select(CASES_COLUMNS).sort("case_id")
    assert cases.rows() == [
        # c1: 09:00 +01:00 and 10:00 +02:00 are 08:00Z and 08:00Z a month apart.
        (
            "c1",
            "2024-03-01T08:00:00.000000Z",
            "2024-04-02T08:00:00.000000Z",
            "2024-03-01T08:00:00.000000Z",
            "2024-04-02T08:00:00.000000Z",
            None,
            "2",
        ),
        (
            "c2",
            "2024-03-05T08:00:00.000000Z",
            "2024-03-05T08:00:00.000000Z",
            "2024-03-05T08:00:00.000000Z",
            "2024-03-05T08:00:00.000000Z",
            None,
            "1",
        ),
    ]


def test_export_employee_activity(tmp_path: Path, warehouse: Path, events_csv) -> None:
    source = events_csv(
        [
            ["c1", "a", "complete", "2024-03-01T09:00:00Z", "e1"],
            ["c1", "b", "complete", "2024-03-02T09:00:00Z", "e1"],
            ["c2", "a", "complete", "2024-03-03T09:00:00Z", "e1"],
            ["c2", "b", "complete", "2024-03-04T09:00:00Z", "e2"],
            ["c3", "a", "complete", "2024-03-05T09:00:00Z", ""],  # no employee: not counted
        ]
    )
    load_files(warehouse, [source])
    out = tmp_path / "employee_activity.csv"

    result = run_cli("export", "employee_activity", "--db", str(warehouse), "--out", str(out))

    assert result.returncode == 0, result.stderr
    activity = (
        pl.read_csv(out).select("employee_id", "event_count", "case_count").sort("employee_id")
    )
    assert activity.rows() == [("e1", 3, 2), ("e2", 1, 1)]


def test_export_of_an_unknown_table_lists_the_available_ones(
    tmp_path: Path, warehouse: Path, base_file
) -> None:
    load_files(warehouse, [base_file])

    with pytest.raises(SourceError, match=r"no table 'kasen'; available: .*\bcases\b.*\bevents\b"):
        export_table(warehouse, "kasen", tmp_path / "out.csv")
    result = run_cli("export", "kasen", "--db", str(warehouse), "--out", str(tmp_path / "o.csv"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: warehouse.duckdb: no table 'kasen'; available: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


# --- both real logs: case counts and first/last event equal PM4Py's ------------------------


def _pm4py_case_spans(path: Path) -> pd.DataFrame:
    """First and last event per case, computed by PM4Py's reader and pandas (independent)."""
    if path.suffix == ".csv":
        log = pd.read_csv(path, dtype=str)
        log["time:timestamp"] = pd.to_datetime(log["time:timestamp"], utc=True, format="ISO8601")
        log = pm4py.format_dataframe(log)
    else:
        log = pm4py.read_xes(str(path), return_legacy_log_object=False)
    spans = log.groupby("case:concept:name")["time:timestamp"].agg(["min", "max", "count"])
    return spans.rename(columns={"min": "first", "max": "last", "count": "events"})


REAL_LOGS = [
    ("receipt", "receipt.csv", "receipt.yaml", 1_434),
    ("bpic2012", "bpic2012.xes.gz", "bpic2012.yaml", 13_087),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("log", "mapping", "case_count"),
    [row[1:] for row in REAL_LOGS],
    ids=[row[0] for row in REAL_LOGS],
)
def test_real_log_cases_match_pm4py(
    tmp_path: Path, warehouse: Path, log: str, mapping: str, case_count: int
) -> None:
    out = tmp_path / "cases.csv"

    loaded = run_cli(
        "load",
        "--db",
        str(warehouse),
        str(REAL_DATA_DIR / log),
        "--mapping",
        str(PROJECT_ROOT / "mappings" / mapping),
    )
    exported = run_cli("export", "cases", "--db", str(warehouse), "--out", str(out))

    assert loaded.returncode == 0, loaded.stderr
    assert exported.returncode == 0, exported.stderr
    cases = pd.read_csv(out, dtype={"case_id": str}).set_index("case_id")
    assert len(cases) == case_count
    assert set(CASES_COLUMNS[1:]) <= set(cases.columns)
    expected = _pm4py_case_spans(REAL_DATA_DIR / log)
    assert sorted(cases.index) == sorted(expected.index.astype(str))
    first = pd.to_datetime(cases["first_event_at"], utc=True, format="ISO8601")
    last = pd.to_datetime(cases["last_event_at"], utc=True, format="ISO8601")
    expected.index = expected.index.astype(str)
    expected = expected.loc[cases.index]
    assert (first.dt.floor("s") == expected["first"].dt.floor("s")).all()
    assert (last.dt.floor("s") == expected["last"].dt.floor("s")).all()
    assert (cases["event_count"] == expected["events"]).all()
