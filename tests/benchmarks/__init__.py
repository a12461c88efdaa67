"""Benchmarks: `python -m tests.benchmarks --size tiny|large` (`make bench-tiny`, `make bench`).

Shared helpers live in `tests.benchmarks.common`. Each `bench_<name>.py` module exposes
`run(size) -> dict` and writes its figures with `common.write_results(name, size, payload)`:
large runs to `results/<name>.json`, tiny runs to the gitignored `var/bench/results-tiny/`.
"""
