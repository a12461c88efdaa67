"""Benchmarks: `python -m tests.benchmarks --size tiny|large` (`make bench-tiny`, `make bench`).

Shared helpers live in `tests.benchmarks.common`; each `bench_<name>.py` module exposes
`run(size) -> dict` and writes `results_dir(size) / "<name>.json"` via `common.write_results` (large: `results/<name>.json`,
tiny: `var/bench/results-tiny/<name>.json`, gitignored).
"""
