"""Shared helpers for every benchmark module: timing, peak memory, the machine, result files.

A bench module needs four of them:

    from tests.benchmarks.common import run_child, timed, machine, write_results

    timing = timed(lambda: load_files(db, files), repeats=3, setup=remove_db)
    # -> {"median_s": .., "min_s": .., "max_s": .., "runs_s": [..], "repeats": 3}
    child = run_child("pipelines.load:load_files", {"db_path": "...", "files": [...]})
    # -> {"seconds": .., "peak_rss_bytes": .., "result": <JSON of the return value>}
    write_results("load", size, {"machine": machine(), ...})
    # large -> tests/benchmarks/results/load.json (committed, quoted by docs/performance.md)
    # tiny  -> var/bench/results-tiny/load.json (gitignored)

Only a large run writes the files the README quotes; a tiny run (the test suite runs one)
writes under the gitignored `var/bench/`, so it never overwrites the published figures.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = ("tiny", "large")
BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
PROJECT_ROOT = BENCH_DIR.parent.parent
# Data the benchmarks derive once (replicated logs as Parquet, scratch warehouses): gitignored.
WORK_DIR = PROJECT_ROOT / "var" / "bench"
BPIC_2012_XES = PROJECT_ROOT / "data" / "real" / "bpic2012.xes.gz"


def check_size(size: str) -> str:
    """`size` itself, or a one-line error naming the allowed sizes."""
    if size not in SIZES:
        raise ValueError(f"unknown benchmark size {size!r}: use one of {', '.join(SIZES)}")
    return size


def results_dir(size: str) -> Path:
    """Where a run of this size writes: `results/` for large, `var/bench/results-tiny/` for tiny."""
    return RESULTS_DIR if check_size(size) == "large" else WORK_DIR / "results-tiny"


def work_dir(size: str) -> Path:
    """A scratch directory for this size under `var/bench/` (created)."""
    path = WORK_DIR / check_size(size)
    path.mkdir(parents=True, exist_ok=True)
    return path


def summarise(seconds: list[float]) -> dict[str, Any]:
    """Median, min and max of repeated timings (seconds)."""
    if not seconds:
        raise ValueError("no timings to summarise")
    return {
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "runs_s": [round(value, 6) for value in seconds],
        "repeats": len(seconds),
    }


def timed(
    action: Callable[[], Any],
    repeats: int,
    setup: Callable[[], Any] | None = None,
    budget_s: float | None = None,
) -> dict[str, Any]:
    """Wall-clock time of `action` over `repeats` runs; `setup` runs untimed before each.

    With `budget_s`, no further run starts once the runs so far took that long (at least one
    run always happens); the result's `repeats` says how many ran.
    """
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    seconds: list[float] = []
    while len(seconds) < repeats and not over_budget(seconds, budget_s):
        if setup is not None:
            setup()
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return summarise(seconds)


def over_budget(seconds: list[float], budget_s: float | None) -> bool:
    """Whether runs that took `seconds` have used up the time budget (None: never)."""
    return budget_s is not None and bool(seconds) and sum(seconds) >= budget_s


def percentile(values: list[float], fraction: float) -> float:
    """Percentile by linear interpolation between closest ranks (as numpy's default)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


_CHILD = """
import dataclasses, importlib, json, sys, time
def plain(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return str(value)
module_name, function_name = sys.argv[1].split(":")
kwargs = json.loads(sys.argv[2])
function = getattr(importlib.import_module(module_name), function_name)
started = time.perf_counter()
result = function(**kwargs)
seconds = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries the forked parent's resident size over exec into
# ru_maxrss, so a child of a large benchmark process would report the parent's memory.
with open("/proc/self/status", encoding="ascii") as status:
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
with open(sys.argv[3], "w", encoding="utf-8") as out:
    json.dump({"seconds": seconds, "peak_rss_bytes": peak_kib * 1024,
               "result": json.loads(json.dumps(result, default=plain))}, out)
"""


def run_child(
    function: str, kwargs: dict[str, Any], env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Call `module:function(**kwargs)` in a fresh Python process; its time and peak RSS.

    A fresh interpreter (not a fork) so that the peak resident memory is the call's own plus
    the interpreter and imports, not inherited from the benchmark process. `seconds` covers
    the call only, not the interpreter start. kwargs and the return value pass through JSON.
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out_path = Path(handle.name)
    try:
        completed = subprocess.run(
            [sys.executable, "-c", _CHILD, function, json.dumps(kwargs, default=str), out_path],
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            last_line = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise RuntimeError(f"{function} failed in its benchmark process: {last_line}")
        return json.loads(out_path.read_text(encoding="utf-8"))
    finally:
        out_path.unlink(missing_ok=True)


def machine() -> dict[str, Any]:
    """The machine and software a figure was measured on, and how busy the machine was."""
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_meminfo_kib("MemTotal") / 1024**2, 1),
        "memory_available_gib": round(_meminfo_kib("MemAvailable") / 1024**2, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": _versions("duckdb", "polars", "pyarrow", "pandas", "pm4py", "rustxes"),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def write_results(name: str, size: str, payload: dict[str, Any]) -> Path:
    """Write `payload` (plus size and name) as JSON to the results file of `name` and `size`."""
    directory = results_dir(size)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    temporary = path.with_suffix(".json.tmp")
    document = {"benchmark": name, "size": size, **payload}
    temporary.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def read_results(name: str, size: str) -> dict[str, Any] | None:
    """The results a module wrote for this size, or None if it has not run."""
    path = results_dir(size) / f"{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _meminfo_kib(field: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _versions(*names: str) -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found
