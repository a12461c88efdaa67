"""XES parsing: our streaming reader against rustxes and PM4Py's readers, in the same run.

Every reader produces a full in-memory table of the log: ours concatenates its batches, rustxes
returns a Polars frame, PM4Py a pandas frame. Sizes: "large" is the whole BPI Challenge 2012
log (262,200 events), "tiny" its first 500 traces (so CI exercises the code in seconds; its
figures say little about speed, as the log's 6.6 MB header outweighs 500 traces). Our reader's
peak memory is measured in a fresh process. On a shared machine compare the CPU times
(`cpu_median_s`) as well as the wall-clock ones.
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.readers.xes import iter_xes_batches
from tests.benchmarks.common import (
    BPIC_2012_XES,
    PROJECT_ROOT,
    check_size,
    machine,
    summarise,
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
    # One untimed call each, so that no timing includes importing a library.
    read_with_rustxes(path)
    read_with_pm4py(path, None)
    readers = _interleaved_timings(
        {
            "ours": (lambda: read_with_our_reader(path), repeats),
            "rustxes": (lambda: read_with_rustxes(path), repeats),
            "pm4py_default": (lambda: read_with_pm4py(path, None), repeats),
            "pm4py_iterparse": (lambda: read_with_pm4py(path, "iterparse"), slow_repeats),
        }
    )
    ours = readers["ours"]["median_s"]
    ours_cpu = readers["ours"]["cpu_median_s"]
    for timing in readers.values():
        timing["times_slower_than_ours"] = round(timing["median_s"] / ours, 2)
        timing["cpu_times_more_than_ours"] = round(timing["cpu_median_s"] / ours_cpu, 2)
    memory = _streaming_peak_rss(path)
    results = {
        "log": str(path.name),
        "events": events,
        "readers": readers,
        "ours_peak_rss_bytes": memory,
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


def _interleaved_timings(
    readers: dict[str, tuple[Callable[[], Any], int]],
) -> dict[str, dict[str, Any]]:
    """Time the readers in turns (round after round), so that a busy spell on a shared machine
    weighs on all of them alike rather than on whichever happened to run then.

    Besides wall-clock time, the process CPU time (all threads) of each run: on a machine that
    others share, it shows the work a reader does independently of how busy the machine was.
    """
    wall: dict[str, list[float]] = {name: [] for name in readers}
    cpu: dict[str, list[float]] = {name: [] for name in readers}
    for round_number in range(max(repeats for _, repeats in readers.values())):
        for name, (action, repeats) in readers.items():
            if round_number < repeats:
                cpu_started = time.process_time()
                wall[name].append(timed(action, 1)["median_s"])
                cpu[name].append(time.process_time() - cpu_started)
    return {
        name: {**summarise(wall[name]), "cpu_median_s": statistics.median(cpu[name])}
        for name in readers
    }


def read_with_our_reader(path: Path) -> int:
    """Number of events, after reading the whole log into one frame."""
    return pl.concat(list(iter_xes_batches(path)), how="diagonal").height


# Peak RSS from /proc (VmHWM): getrusage's ru_maxrss in a child includes the memory of the
# parent at fork time, here all the frames of the readers timed before.
_STREAMING_CHILD = """
import re, sys
from pathlib import Path
from pipelines.readers.xes import iter_xes_batches
events = sum(batch.height for batch in iter_xes_batches(Path(sys.argv[1])))
status = Path("/proc/self/status").read_text()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024)
"""


def _streaming_peak_rss(path: Path) -> int:
    """Peak resident memory (bytes) of a fresh process that streams the log batch by batch."""
    completed = subprocess.run(
        [sys.executable, "-c", _STREAMING_CHILD, str(path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(completed.stdout.strip())


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
