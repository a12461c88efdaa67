"""Run the benchmarks: `python -m tests.benchmarks --size tiny|large [--only NAME ...]`.

Every `bench_<name>.py` module next to this file is run (its `run(size)`; `--repeats` is passed
to those that accept it), then the warehouse figures are printed as a table with their ratio
to the scan floor and the targets as PASS/MISS, and written to `summary.json` beside the
modules' own files: `tests/benchmarks/results/` for large runs (the figures that
docs/performance.md quotes), the gitignored `var/bench/results-tiny/` for tiny ones.
Exit status 1 if a module failed.
`--report` prints the table of the last run again without measuring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import json
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from tests.benchmarks import summary
from tests.benchmarks.common import BENCH_DIR, RESULTS_DIR, SIZES, read_results, results_dir

# Modules whose results others reuse run first; the warehouse figures come last.
RUN_ORDER = ("xes", "generate", "load", "pages", "warehouse")


def available_modules() -> list[str]:
    """Names of the bench modules present (`bench_<name>.py`), in run order."""
    present = sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))
    ordered = [name for name in RUN_ORDER if name in present]
    return ordered + [name for name in present if name not in ordered]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    modules = available_modules()
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--size", choices=SIZES, required=True, help="tiny (seconds) or large")
    parser.add_argument("--only", nargs="+", metavar="NAME", help=f"run only: {', '.join(modules)}")
    parser.add_argument("--repeats", type=int, help="runs per figure (default: per module)")
    parser.add_argument(
        "--report",
        action="store_true",
        help="measure nothing: print the table of the last warehouse run of this size again",
    )
    arguments = parser.parse_args(argv)
    unknown = sorted(set(arguments.only or []) - set(modules))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}: choose from {', '.join(modules)}")
    if arguments.repeats is not None and arguments.repeats < 1:
        parser.error("--repeats must be at least 1")
    return arguments


def run_module(name: str, size: str, repeats: int | None, since: str) -> dict[str, Any]:
    """Import bench_<name> and call its run(); extra arguments only where it takes them."""
    module = importlib.import_module(f"tests.benchmarks.bench_{name}")
    accepted = inspect.signature(module.run).parameters
    kwargs: dict[str, Any] = {}
    if repeats is not None and "repeats" in accepted:
        kwargs["repeats"] = repeats
    if "since" in accepted:
        kwargs["since"] = since
    return module.run(size, **kwargs)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    size = arguments.size
    if arguments.report:
        return report(size)
    names = arguments.only or available_modules()
    since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    published = _published_results() if size == "tiny" else {}
    statuses: dict[str, str] = {}
    warehouse: dict[str, Any] | None = None
    for name in names:
        started = time.perf_counter()
        print(f"[bench] {name} ({size}) ...", flush=True)
        try:
            result = run_module(name, size, arguments.repeats, since)
        except Exception as error:
            traceback.print_exc()
            statuses[name] = f"failed: {type(error).__name__}: {str(error).splitlines()[0]}"
        else:
            statuses[name] = f"ok in {time.perf_counter() - started:.0f} s"
            if name == "warehouse":
                warehouse = result
        finally:
            if size == "tiny":
                _keep_published(published)
        print(f"[bench] {name}: {statuses[name]}", flush=True)

    if warehouse is not None:
        print()
        print(summary.format_table(warehouse))
        document = {
            "size": size,
            "started_at": since,
            **summary.summary_document(warehouse, statuses),
        }
        _write_summary(size, document)
    elif arguments.only is None:
        _write_summary(size, {"size": size, "started_at": since, "modules": statuses})
    # A run of some modules without the warehouse leaves the summary of the last full run.
    return 0 if all(status.startswith("ok") for status in statuses.values()) else 1


def report(size: str) -> int:
    """Print the table of the last warehouse results of `size` and rewrite its summary.json.

    A stopped run leaves the figures it finished (marked incomplete); this shows them.
    """
    results = read_results("warehouse", size)
    if results is None:
        print(f"no warehouse results for size {size} yet: run the benchmark first", file=sys.stderr)
        return 1
    print(summary.format_table(results))
    started = results["machine_at_start"]["measured_at"]
    document = {"size": size, "started_at": started, **summary.summary_document(results, {})}
    _write_summary(size, document)
    return 0


def _write_summary(size: str, document: dict[str, Any]) -> None:
    target = results_dir(size)
    target.mkdir(parents=True, exist_ok=True)
    (target / "summary.json").write_text(
        json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"\n[bench] results in {target}")


def _published_results() -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in RESULTS_DIR.glob("*.json")}


def _keep_published(published: dict[Path, bytes]) -> None:
    """Undo a tiny run's writes to the published (large) results; keep them as tiny results.

    A module that ignores the size would otherwise overwrite the figures docs/performance.md quotes.
    """
    tiny = results_dir("tiny")
    for path in RESULTS_DIR.glob("*.json"):
        if published.get(path) == path.read_bytes():
            continue
        tiny.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tiny / path.name)
        if path in published:
            path.write_bytes(published[path])
        else:
            path.unlink()


if __name__ == "__main__":
    sys.exit(main())
