"""The benchmark code cannot rot: its helpers, baselines and targets on hand-computed numbers,
and the runner end to end at tiny size (about a minute on an idle 2-core machine)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pytest

from tests.benchmarks import baselines, summary
from tests.benchmarks.__main__ import available_modules
from tests.benchmarks.common import (
    PROJECT_ROOT,
    RESULTS_DIR,
    percentile,
    results_dir,
    summarise,
    timed,
)

GIB = 1024**3


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


# Two cases around the night of Sunday 3 to Monday 4 March 2024 (CET, UTC+1), so that the ISO
# week must be taken in Europe/Amsterdam: 23:30 UTC on Sunday is already Monday there.
EVENTS = [
    ("A", "W_x", "start", "2024-03-03 23:30", "1"),
    ("A", "W_x", "complete", "2024-03-04 00:00", "1"),
    ("A", "A_done", "complete", "2024-03-04 01:30", None),
    ("B", "W_x", "start", "2024-03-03 22:00", "1"),
    ("B", "W_x", "complete", "2024-03-03 22:10", "2"),
    ("B", "W_x", "start", "2024-03-03 22:20", "2"),
    ("B", "W_x", "complete", "2024-03-03 23:00", "2"),
]


@pytest.fixture
def events() -> pd.DataFrame:
    """The seven events above as the pandas frame the baselines read from Parquet."""
    frame = pd.DataFrame(EVENTS, columns=["case_id", "activity", "lifecycle", "at", "employee_id"])
    frame["event_at"] = pd.to_datetime(frame.pop("at")).dt.tz_localize("UTC")
    return frame


EXPECTED = {
    "lead_times": pl.DataFrame({"case_id": ["A", "B"], "lead_time_seconds": [7200.0, 3600.0]}),
    "weekly_employee": pl.DataFrame(
        {
            "employee_id": ["1", "1", "2", "2"],
            "week_start": [dt.date(2024, 2, 26), dt.date(2024, 3, 4)] * 2,
            "event_count": [1, 2, 2, 1],
            "case_count": [1, 1, 1, 1],
        }
    ),
    # Pairs of W_x: 30 (A), 10 and 40 (B) minutes; p90 = 30 + 0.8 * (40 - 30).
    "service_times": pl.DataFrame(
        {
            "activity": ["W_x"],
            "pair_count": [3],
            "p50_service_minutes": [30.0],
            "p90_service_minutes": [38.0],
        }
    ),
}
KEYS = {
    "lead_times": ["case_id"],
    "weekly_employee": ["employee_id", "week_start"],
    "service_times": ["activity"],
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_pandas_baseline_gives_the_hand_computed_numbers(events, name):
    result = baselines.to_polars(baselines.PANDAS_INDICATORS[name](events))
    assert baselines.same_numbers(EXPECTED[name], result, KEYS[name])["equal"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_plain_sql_baseline_gives_the_hand_computed_numbers(events, name):
    con = duckdb.connect()
    con.execute("set TimeZone='UTC'")
    con.register("source", events)
    con.execute("create table events as select * from source")
    result = baselines.sql_indicator(con, name)
    assert baselines.same_numbers(EXPECTED[name], result, KEYS[name])["equal"]


def test_same_numbers_names_the_first_difference():
    expected = EXPECTED["lead_times"]
    changed = expected.with_columns(pl.Series("lead_time_seconds", [7200.0, 3601.0]))
    check = baselines.same_numbers(expected, changed, ["case_id"])
    assert not check["equal"]
    assert "lead_time_seconds" in check["detail"] and "3601.0" in check["detail"]
    assert not baselines.same_numbers(expected, expected.head(1), ["case_id"])["equal"]


def test_summaries_of_timings():
    assert summarise([3.0, 1.0, 2.0, 10.0]) == {
        "median_s": 2.5,
        "min_s": 1.0,
        "max_s": 10.0,
        "runs_s": [3.0, 1.0, 2.0, 10.0],
        "repeats": 4,
    }
    assert percentile([10.0, 30.0, 40.0], 0.9) == pytest.approx(38.0)
    assert percentile([5.0], 0.95) == 5.0
    assert timed(lambda: None, repeats=3)["repeats"] == 3
    with pytest.raises(ValueError, match="unknown benchmark size 'huge'"):
        results_dir("huge")


def timing(median: float) -> dict[str, float]:
    return {"median_s": median, "min_s": median, "max_s": median, "repeats": 3}


def hand_results() -> dict:
    """Figures chosen on and around each target's limit."""
    return {
        "machine_at_start": {"load_average_1m": 1.0},
        "machine": {"cpu_model": "test", "cores": 2, "memory_gib": 24, "load_average_1m": 1.5},
        "xes_ingest": {**timing(1.0), "events": 10, "events_per_s": 10.0, "peak_rss_bytes": GIB},
        "xes_peers": {
            "rustxes": timing(1.2),  # 1.0 < 1.2: PASS
            "pm4py_iterparse": timing(14.0),  # 1.0 > 14 / 15: MISS
            "pm4py_default": {**timing(1.1), "backend": "rustxes"},
        },
        "scan_floor": timing(0.4),
        "full_refresh": {**timing(2.0), "tables": 3},  # exactly 5x the floor: PASS
        "pages": {
            "overzicht": {"p50_s": 0.1, "p95_s": 0.499, "min_s": 0.1, "max_s": 0.5, "visits": 5},
            "team": {"p50_s": 0.2, "p95_s": 0.5, "min_s": 0.1, "max_s": 0.6, "visits": 5},
            "proces": {"error": "page proces failed: boom"},
        },
        "parquet_ingest": {
            **timing(60.0),
            "events": 600,
            "events_per_s": 10.0,
            "peak_rss_bytes": 2 * GIB,  # not under 2 GiB: MISS
        },
        "equality": {
            "lead_times": {"equal": True, "detail": "same rows, same numbers"},
            "service_times": {"equal": False, "detail": "1 rows differ"},
        },
    }


def test_targets_judge_each_figure_against_its_limit():
    verdicts = {target.target: target.verdict for target in summary.targets(hand_results())}
    assert verdicts == {
        "XES end to end < rustxes parse": "PASS",
        "XES end to end <= PM4Py iterparse / 15": "MISS",
        "full refresh <= 5x scan floor": "PASS",
        "page overzicht p95 (cold) < 500 ms": "PASS",
        "page team p95 (cold) < 500 ms": "MISS",
        "page proces p95 (cold) < 500 ms": "MISS",
        "Parquet load peak RSS < 2 GiB": "MISS",
        "product = pandas on BPIC 2012: lead_times": "PASS",
        "product = pandas on BPIC 2012: service_times": "MISS",
    }


def test_table_shows_ratios_to_the_floor_and_what_was_not_measured():
    table = summary.format_table(hand_results())
    refresh_row = next(line for line in table.splitlines() if line.startswith("3 full refresh"))
    assert "5.0x" in refresh_row
    assert "page proces failed: boom" in table
    assert "incremental refresh of that load" in table and "not measured" in table


@pytest.mark.parametrize("name", available_modules())
def test_every_bench_module_exposes_run_size(name):
    module = importlib.import_module(f"tests.benchmarks.bench_{name}")
    assert next(iter(inspect.signature(module.run).parameters)) == "size"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_runner_at_tiny_size_writes_figures_and_keeps_published_results():
    published = {path.name: path.read_bytes() for path in RESULTS_DIR.glob("*.json")}
    completed = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--size", "tiny", "--only", "warehouse"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "scan floor" in completed.stdout and "PASS" in completed.stdout
    document = json.loads((results_dir("tiny") / "summary.json").read_text())
    assert document["size"] == "tiny" and document["complete"]
    figures = {row["figure"]: row for row in document["figures"]}
    for figure in (
        "1 XES ingest, end to end (load_files)",
        "2 Parquet ingest, BPIC x2",
        "3 full refresh of derived tables",
        "5 scan floor",
    ):
        assert figures[figure]["median_s"] > 0, figure
    assert figures["5 scan floor"]["ratio_to_floor"] == 1.0
    # A reference file alone rewrites only the derived tables that read it.
    for table in ("norms", "capacity"):
        assert figures[f"  load of a new {table} file alone"]["median_s"] > 0, table
    loads = json.loads((results_dir("tiny") / "warehouse.json").read_text())["reference_loads"]
    norms, capacity = loads["norms"], loads["capacity"]
    assert 0 < capacity["tables_written"] < norms["tables_written"] < norms["tables"], loads
    assert all(check["equal"] for check in document["equality"].values()), document["equality"]
    assert {path.name: path.read_bytes() for path in RESULTS_DIR.glob("*.json")} == published


def test_a_run_of_some_modules_keeps_the_summary_of_the_last_full_run(monkeypatch):
    from tests.benchmarks import __main__ as runner

    summary_path = results_dir("tiny") / "summary.json"
    summary_path.parent.mkdir(parents=True, exist_ok=True)
    summary_path.write_text('{"size": "tiny", "complete": true}\n', encoding="utf-8")
    ran = []
    monkeypatch.setattr(runner, "run_module", lambda name, *rest: ran.append(name) or {})
    assert runner.main(["--size", "tiny", "--only", "pages"]) == 0
    assert ran == ["pages"]
    assert json.loads(summary_path.read_text()) == {"size": "tiny", "complete": True}


def test_removing_a_warehouse_removes_what_a_stopped_run_left_beside_it(tmp_path):
    from tests.benchmarks.bench_warehouse import _remove_warehouse

    warehouse = tmp_path / "replicated.duckdb"
    for name in ("replicated.duckdb", "replicated.duckdb.wal", "replicated.duckdb.tmp/spill.bin"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "other.duckdb").write_bytes(b"x")
    _remove_warehouse(warehouse)
    assert [path.name for path in tmp_path.iterdir()] == ["other.duckdb"]
