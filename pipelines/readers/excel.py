"""Excel (.xlsx) reader: one sheet, every column as text.

Spreadsheets are small (a sheet holds at most about a million rows), so the sheet is read
whole through the calamine engine. Cells are turned into text so that the mapping step
parses dates and numbers the same way for every format.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import SourceError


def read_excel_source(path: Path, sheet: str | None = None) -> pl.DataFrame:
    """The first sheet (or the named one) as a DataFrame of string columns."""
    try:
        frame = pl.read_excel(
            path,
            sheet_name=sheet,
            engine="calamine",
            infer_schema_length=0,
            drop_empty_rows=True,
            raise_if_empty=False,
        )
    except Exception as error:  # fastexcel raises its own exception types
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SourceError(path, f"not a readable Excel file: {message}") from error
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(pl.all().cast(pl.String))
