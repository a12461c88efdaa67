"""CSV reader: a lazy scan with every column as text.

Reading everything as strings first means one bad value (a date in a number column, a
typo in a timestamp) becomes a quarantined row with a reason later, never a crashed load.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import SourceError


def scan_csv_source(path: Path, separator: str = ",") -> pl.LazyFrame:
    """The CSV file as a LazyFrame of string columns with the file's own column names."""
    if path.stat().st_size == 0:
        raise SourceError(path, "the file is empty (no header, no rows)")
    try:
        frame = pl.scan_csv(
            path,
            separator=separator,
            infer_schema=False,
            encoding="utf8",
            missing_columns="insert",
            truncate_ragged_lines=False,
            raise_if_empty=True,
        )
        frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as error:
        raise SourceError(path, f"not a readable CSV file: {_first_line(error)}") from error
    return frame


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
