"""Generation of the synthetic organisation and case flow: wall time and peak memory.

Sizes: "tiny" generates the tiny scale (seconds; the test suite may run it); "large" the demo
scale (what `make run` builds on first start) and the large scale (at least 26 million events,
the performance benchmark's size). Each scale runs in a fresh Python process; its peak memory
is reported for the main process and for the largest worker process (the large scales simulate
units in parallel workers), read from /proc (VmHWM) and getrusage(RUSAGE_CHILDREN) in that process,
with the CPU seconds of both: on a shared machine they say more than the wall time.
The generated files stay under the gitignored `var/bench/<size>/generated-<scale>/`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.common import PROJECT_ROOT, check_size, machine, work_dir, write_results

SCALES_PER_SIZE = {"tiny": ("tiny",), "large": ("demo", "large")}
SEED = 2026

_CHILD = """
import json, resource, sys, time
from pipelines.generator import config, generate
scale, out_dir, seed, result_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
started = time.perf_counter()
result = generate(out_dir, scale, seed)
seconds = time.perf_counter() - started
chosen = config.SCALES[scale]
parts = -(-chosen.shards // chosen.units_per_file)
with open(result_path, "w", encoding="utf-8") as out:
    json.dump({
        "seconds": seconds,
        "cases": result.cases,
        "events": result.events,
        "event_files": len(result.event_files),
        "bytes_written": sum(path.stat().st_size for path in result.files),
        "workers": min(parts, 2),
        "cpu_seconds": sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF),
                          resource.getrusage(resource.RUSAGE_CHILDREN))
        ),
        # VmHWM, not ru_maxrss: Linux carries the benchmark process's resident size over exec
        # into ru_maxrss, so a child started after the XES readers would report their memory.
        "peak_rss_main_bytes": next(
            int(line.split()[1]) * 1024
            for line in open("/proc/self/status", encoding="ascii")
            if line.startswith("VmHWM:")
        ),
        "peak_rss_largest_worker_bytes":
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }, out)
"""


def generate_in_child(scale: str, out_dir: Path, seed: int = SEED) -> dict[str, Any]:
    """Generate `scale` into `out_dir` in a fresh interpreter; its time, sizes and peak memory."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    try:
        completed = subprocess.run(
            [sys.executable, "-c", _CHILD, scale, str(out_dir), str(seed), str(result_path)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            last_line = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise RuntimeError(f"generating {scale} failed: {last_line}")
        figures = json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        result_path.unlink(missing_ok=True)
    figures["events_per_second"] = round(figures["events"] / figures["seconds"])
    figures["peak_rss_bound_bytes"] = figures["peak_rss_main_bytes"] + figures["workers"] * figures[
        "peak_rss_largest_worker_bytes"
    ] * (figures["workers"] > 1)
    return figures


def run(size: str) -> dict[str, Any]:
    """Generate the scales of `size`, write `results/generate.json` (large) and return it."""
    scratch = work_dir(check_size(size))
    scales = {
        scale: generate_in_child(scale, scratch / f"generated-{scale}")
        for scale in SCALES_PER_SIZE[size]
    }
    results = {"machine": machine(), "seed": SEED, "scales": scales}
    write_results("generate", size, results)
    return results
