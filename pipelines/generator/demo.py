"""The demo warehouse: generate the demo scale beside the warehouse and load it the normal way."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pipelines.generator import GenerationResult, generate

DEMO_DATA_DIR_NAME = "demo"


def demo_data_dir(db_path: Path) -> Path:
    """Where the demo's source files live: `demo/` beside the warehouse file."""
    return Path(db_path).resolve().parent / DEMO_DATA_DIR_NAME


def build_demo_warehouse(
    db_path: Path | str,
    seed: int = 2026,
    scale: str = "demo",
    progress: Callable[[str], None] = print,
) -> GenerationResult:
    """Generate the scale's files into `demo/` beside `db_path` and load every one of them
    through `pipelines.load.load_files`, as a user's export would be loaded."""
    from pipelines.load import load_files  # the load path, not a side door into DuckDB

    db = Path(db_path)
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    progress(f"Generating the {scale} organisation and its case flow (seed {seed}) ...")
    result = generate(demo_data_dir(db), scale, seed, progress=progress)
    progress(f"Loading {len(result.files)} files into {db} ...")
    reconciliations = load_files(db, result.files)
    loaded = sum(r.rows_loaded for r in reconciliations if r.target_table == "events")
    quarantined = sum(r.rows_quarantined for r in reconciliations)
    progress(f"Loaded {loaded:,} events; {quarantined:,} rows quarantined")
    progress(f"Demo warehouse ready in {time.perf_counter() - started:.0f} s: {db}")
    return result
