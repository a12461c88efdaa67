"""Atomic warehouse versions: a failed, concurrent or killed load never harms the warehouse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from pipelines.load import load_files
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import (
    connect_read_only,
    next_version,
    remove_stale_files,
    warehouse_version,
)
from tests.pipelines.conftest import file_digest, run_cli, table_contents


def test_an_exception_inside_the_build_leaves_the_old_file(warehouse: Path, base_file) -> None:
    load_files(warehouse, [base_file])
    before = file_digest(warehouse)

    with pytest.raises(RuntimeError), next_version(warehouse) as version:
        version.con.execute("delete from events")
        raise RuntimeError("a step of the load failed")

    assert file_digest(warehouse) == before
    assert sorted(p.name for p in warehouse.parent.iterdir() if "warehouse" in p.name) == [
        "warehouse.duckdb",
        "warehouse.duckdb.lock",
    ]


def test_a_reader_keeps_its_version_while_a_load_swaps_the_file(
    warehouse: Path, base_file, events_csv
) -> None:
    load_files(warehouse, [base_file])
    version_before = warehouse_version(warehouse)
    reader = connect_read_only(warehouse)

    load_files(warehouse, [events_csv([["c3", "a", "complete", "2024-06-01T10:00:00Z", "e3"]])])

    assert reader.sql("select count(*) from events").fetchall() == [(3,)]
    assert warehouse_version(warehouse) != version_before
    reopened = connect_read_only(warehouse)
    assert reopened.sql("select count(*) from events").fetchall() == [(4,)]
    assert reopened.sql("select current_setting('TimeZone')").fetchall() == [("UTC",)]
    reader.close()
    reopened.close()


def test_warehouse_version_is_none_before_the_first_load(warehouse: Path) -> None:
    assert warehouse_version(warehouse) is None


def test_concurrent_loads_are_serialised(warehouse: Path, events_csv) -> None:
    files = [
        events_csv([[f"c{i}", "a", "complete", "2024-06-01T10:00:00Z", "e"]], name=f"f{i}.csv")
        for i in range(3)
    ]
    errors: list[BaseException] = []

    def load(path: Path) -> None:
        try:
            load_files(warehouse, [path])
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=load, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    contents = table_contents(warehouse)
    # Each load built on the previous one: none of the three was lost.
    assert sorted(row[1] for row in contents["events"]) == ["c0", "c1", "c2"]
    assert sorted(row[0] for row in contents["loads"]) == [1, 2, 3]


def test_stale_temporary_files_are_removed(warehouse: Path) -> None:
    stale_file = warehouse.with_name("warehouse.duckdb.tmp-99999")
    stale_dir = warehouse.with_name("warehouse.duckdb.staging-99999")
    stale_file.write_bytes(b"half a database")
    stale_dir.mkdir()
    other = warehouse.with_name("warehouse.duckdb.backup")
    other.write_bytes(b"not ours to remove")

    removed = remove_stale_files(warehouse)

    assert sorted(path.name for path in removed) == [stale_dir.name, stale_file.name]
    assert other.exists()


@pytest.mark.slow
def test_killing_a_load_half_way_leaves_the_previous_warehouse(
    tmp_path: Path, warehouse: Path, base_file
) -> None:
    load_files(warehouse, [base_file])
    before_contents, before_digest = table_contents(warehouse), file_digest(warehouse)
    big = tmp_path / "big.csv"
    _write_large_csv(big, rows=1_500_000)

    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "load", "--db", str(warehouse), str(big)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "STURING_LOAD_BATCH_ROWS": "100000"},
    )
    staging = warehouse.with_name(f"warehouse.duckdb.staging-{process.pid}")
    deadline = time.monotonic() + 120
    while not staging.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)  # well inside the load: reading, validating and staging the file
    assert process.poll() is None, "the load finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert file_digest(warehouse) == before_digest
    assert table_contents(warehouse) == before_contents
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.sql("select count(*) from events").fetchall() == [(3,)]
    con.close()
    # The next load removes what the killed one left behind.
    assert warehouse.with_name(f"warehouse.duckdb.tmp-{process.pid}").exists()
    result = run_cli("load", "--db", str(warehouse), str(base_file))
    assert result.returncode == 0, result.stderr
    leftovers = [
        p.name for p in warehouse.parent.iterdir() if ".tmp-" in p.name or ".staging-" in p.name
    ]
    assert leftovers == []


def _write_large_csv(path: Path, rows: int) -> None:
    rng = np.random.default_rng(7)
    seconds = rng.integers(0, 365 * 86_400, rows) + 1_704_067_200  # into 2024, UTC
    pl.DataFrame(
        {
            "case:concept:name": pl.Series(rng.integers(0, rows // 10, rows)).cast(pl.String),
            "concept:name": pl.Series(rng.choice(["ontvangst", "gehoor", "beschikking"], rows)),
            "lifecycle:transition": pl.repeat("complete", rows, eager=True),
            "time:timestamp": pl.Series(seconds * 1000)
            .cast(pl.Datetime("ms"))
            .dt.replace_time_zone("UTC"),
            "org:resource": pl.Series(rng.integers(0, 300, rows)).cast(pl.String),
        }
    ).write_csv(path)
