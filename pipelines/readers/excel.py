"""Excel (.xlsx) reader: one sheet, every column as text.

Spreadsheets are small (a sheet holds at most about a million rows), so the sheet is read
whole through the calamine engine. Cells are turned into text so that the mapping step
parses dates and numbers the same way for every format.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl

from pipelines.errors import SourceError


def read_excel_source(
    path: Path, sheet: str | None = None, max_decompressed_bytes: int | None = None
) -> pl.DataFrame:
    """The first sheet (or the named one) as a DataFrame of string columns. A workbook whose
    parts unpack to more than `max_decompressed_bytes` is refused before it is read."""
    if max_decompressed_bytes is not None:
        _refuse_a_zip_bomb(path, max_decompressed_bytes)
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


def _refuse_a_zip_bomb(path: Path, max_bytes: int) -> None:
    """An .xlsx is a zip archive; its directory states what each part unpacks to."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError(path, f"not a readable Excel file: {error}") from error
    if unpacked > max_bytes:
        raise SourceError(
            path,
            f"the workbook unpacks to {unpacked / 1024**2:,.0f} MiB, more than the limit of"
            f" {max_bytes / 1024**2:,.0f} MiB (raise STURING_MAX_DECOMPRESSED_BYTES if it is real)",
        )
