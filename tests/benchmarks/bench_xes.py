"""XES parsing: our streaming reader against rustxes and PM4Py's readers, in the same run.

Every reader produces a full in-memory table of the log: ours concatenates its batches, rustxes
returns a Polars frame, PM4Py a pandas frame. Sizes: "large" is the whole BPI Challenge 2012
log (262,200 events), "tiny" its first 500 traces (so CI exercises the code in seconds).
Our reader's peak memory is measured in a fresh process.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.readers.xes import iter_xes_batches
from tests.benchmarks.common import (
    BPIC_2012_XES,
    check_size,
    machine,
    run_child,
    timed,
    work_dir,
    write_results,
)

TINY_TRACES = 500
REPEATS = {"tiny": 3, "large": 5}
# PM4Py's pure-Python reader takes 10-40 s on the large log: fewer runs keep the suite short.
SLOW_REPEATS = {"tiny": 3, "large": 3}


def run(size: str) -> dict[str, Any]:
    """Time every reader on the log of `size`; write `results/xes.json` and return the dict."""
    path = _log_for(check_size(size))
    repeats, slow_repeats = REPEATS[size], SLOW_REPEATS[size]
    events = read_with_our_reader(path)
    readers = {
        "ours": timed(lambda: read_with_our_reader(path), repeats),
        "rustxes": timed(lambda: read_with_rustxes(path), repeats),
        "pm4py_default": timed(lambda: read_with_pm4py(path, None), repeats),
        "pm4py_iterparse": timed(lambda: read_with_pm4py(path, "iterparse"), slow_repeats),
    }
    ours = readers["ours"]["median_s"]
    for timing in readers.values():
        timing["times_slower_than_ours"] = round(timing["median_s"] / ours, 2)
    memory = run_child("tests.benchmarks.bench_xes:count_events_streaming", {"path": str(path)})
    results = {
        "log": str(path.name),
        "events": events,
        "readers": readers,
        "ours_peak_rss_bytes": memory["peak_rss_bytes"],
        "ours_events_per_second": round(events / ours),
        "pm4py_default_backend": _pm4py_default_backend(),
        "targets": {
            "faster_than_rustxes": ours < readers["rustxes"]["median_s"],
            "at_least_15x_faster_than_pm4py_iterparse": readers["pm4py_iterparse"]["median_s"]
            >= 15 * ours,
        },
        "machine": machine(),
    }
    write_results("xes", size, results)
    return results


def read_with_our_reader(path: Path) -> int:
    """Number of events, after reading the whole log into one frame."""
    return pl.concat(list(iter_xes_batches(path)), how="diagonal").height


def count_events_streaming(path: str) -> int:
    """Number of events, holding one batch at a time (for the peak-memory figure)."""
    return sum(batch.height for batch in iter_xes_batches(Path(path)))


def read_with_rustxes(path: Path) -> int:
    import rustxes

    frame, _log_attributes = rustxes.import_xes(str(path))
    return frame.height


def read_with_pm4py(path: Path, variant: str | None) -> int:
    import pm4py

    return len(pm4py.read_xes(str(path), variant=variant, show_progress_bar=False))


def _pm4py_default_backend() -> str:
    """What `pm4py.read_xes` uses with no variant: a Rust backend when one is installed."""
    from pm4py.util.rustxes_utils import get_rustxes_backend_name

    return get_rustxes_backend_name() or "chunk_regex (pure Python)"


def _log_for(size: str) -> Path:
    if size == "large":
        return BPIC_2012_XES
    path = work_dir(size) / f"bpic2012_first_{TINY_TRACES}_traces.xes.gz"
    if not path.exists():
        path.write_bytes(gzip.compress(_first_traces(TINY_TRACES), compresslevel=6))
    return path


def _first_traces(count: int) -> bytes:
    text = gzip.decompress(BPIC_2012_XES.read_bytes())
    end = 0
    for _ in range(count):
        end = text.index(b"</trace>", end) + len(b"</trace>")
    return text[:end] + b"\n</log>\n"
