"""Parquet reader: a lazy scan that keeps the file's own column names and types."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import SourceError


def scan_parquet_source(path: Path) -> pl.LazyFrame:
    """The Parquet file as a LazyFrame; typed columns are converted in the mapping step."""
    try:
        frame = pl.scan_parquet(path)
        frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as error:
        raise SourceError(path, f"not a readable Parquet file: {_first_line(error)}") from error
    return frame


def parquet_row_count(path: Path) -> int:
    """Rows in the file, from its footer (no data is read)."""
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
