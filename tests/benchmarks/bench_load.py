"""Benchmark: loading synthetic events from Parquet with `load_files` (not a timed test).

Generates N events as one Parquet file in a scratch directory, then loads it into a new
warehouse in a fresh Python process per run (the whole load path: read, validate, stage,
de-duplicate, insert, refresh of every derived table, checks, swap). Reports wall time,
events per second and the peak resident memory of the loading process (`common.run_child`).

    python -m tests.benchmarks.bench_load --size large --repeats 3
    python -m tests.benchmarks --size tiny --only load

Sizes: tiny = 100,000 events (seconds), large = 10,000,000 events.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from pipelines.settings import Settings
from tests.benchmarks.common import check_size, machine, run_child, work_dir, write_results

EVENTS_BY_SIZE = {"tiny": 100_000, "large": 10_000_000}
REPEATS_BY_SIZE = {"tiny": 1, "large": 3}
EVENTS_PER_CASE = 20
ACTIVITIES = (
    "ontvangst",
    "aanmeldgehoor",
    "eerste gehoor",
    "nader gehoor",
    "voornemen",
    "zienswijze",
    "beschikking",
)


def write_events(path: Path, events: int, seed: int = 2026) -> Path:
    """`events` synthetic events as Parquet with XES standard column names, in row groups."""
    rng = np.random.default_rng(seed)
    cases = max(events // EVENTS_PER_CASE, 1)
    chunk = 1_000_000
    frames = []
    for start in range(0, events, chunk):
        size = min(chunk, events - start)
        seconds = rng.integers(0, 3 * 365 * 86_400, size)
        frames.append(
            pl.DataFrame(
                {
                    "case:concept:name": pl.Series(rng.integers(0, cases, size))
                    .cast(pl.String)
                    .str.pad_start(8, "0"),
                    "concept:name": pl.Series(rng.choice(ACTIVITIES, size)),
                    "lifecycle:transition": pl.Series(rng.choice(["start", "complete"], size)),
                    "time:timestamp": pl.Series(
                        np.datetime64("2022-01-01T00:00:00", "ms") + seconds * 1000
                    ).dt.replace_time_zone("UTC"),
                    "org:resource": pl.Series(rng.integers(0, 2_000, size))
                    .cast(pl.String)
                    .str.pad_start(5, "m"),
                    "org:group": pl.Series(rng.integers(0, 150, size))
                    .cast(pl.String)
                    .str.pad_start(4, "T"),
                }
            )
        )
    pl.concat(frames).write_parquet(path, row_group_size=250_000)
    return path


def load_once(source: Path, scratch: Path) -> dict[str, Any]:
    """One load of `source` into a new warehouse, in a fresh interpreter."""
    db = scratch / "warehouse.duckdb"
    for leftover in scratch.glob("warehouse.duckdb*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    child = run_child("pipelines.load:load_files", {"db_path": str(db), "files": [str(source)]})
    [reconciliation] = child["result"]
    return {
        "seconds": child["seconds"],
        "peak_rss_bytes": child["peak_rss_bytes"],
        "rows_read": reconciliation["rows_read"],
        "rows_loaded": reconciliation["rows_loaded"],
        "warehouse_bytes": db.stat().st_size,
    }


def run(size: str, repeats: int | None = None) -> dict[str, Any]:
    """Generate, load `repeats` times, write `load.json` and return the figures."""
    events = EVENTS_BY_SIZE[check_size(size)]
    repeats = repeats or REPEATS_BY_SIZE[size]
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-", dir=work_dir(size)))
    try:
        started = time.perf_counter()
        source = write_events(scratch / "events.parquet", events)
        generate_s = time.perf_counter() - started
        runs = [load_once(source, scratch) for _ in range(repeats)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for figures in runs:
        if figures["rows_read"] != events:
            raise RuntimeError(f"read {figures['rows_read']:,} of {events:,} events")
    median_s = statistics.median(figures["seconds"] for figures in runs)
    result = {
        "events": events,
        "generate_s": round(generate_s, 2),
        "repeats": repeats,
        "median_s": round(median_s, 2),
        "runs_s": [round(figures["seconds"], 2) for figures in runs],
        "events_per_s": round(events / median_s),
        "peak_rss_mib": round(max(figures["peak_rss_bytes"] for figures in runs) / 2**20),
        "warehouse_mib": round(runs[-1]["warehouse_bytes"] / 2**20),
        "settings": {
            "load_batch_rows": Settings().load_batch_rows,
            "duckdb_memory_limit": Settings().duckdb_memory_limit,
        },
        "machine": machine(),
    }
    write_results("load", size, result)
    return result


def print_table(result: dict[str, Any]) -> None:
    print(f"{'events':>12} {'median s':>9} {'events/s':>10} {'peak RSS MiB':>13} {'runs':>5}")
    print(
        f"{result['events']:>12,} {result['median_s']:>9.1f} {result['events_per_s']:>10,}"
        f" {result['peak_rss_mib']:>13,} {result['repeats']:>5}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(EVENTS_BY_SIZE), default="tiny")
    parser.add_argument("--repeats", type=int, default=None, help="loads to take the median of")
    arguments = parser.parse_args(argv)
    print_table(run(arguments.size, arguments.repeats))


if __name__ == "__main__":
    main()
