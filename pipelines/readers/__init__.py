"""Readers: a source file in, raw frames out, with the source's own column names.

The format comes from the file name and is checked against the first bytes of the
content, so a renamed file gives a clear error instead of a confusing parse failure.
CSV and Parquet are scanned lazily and streamed in batches of `load_batch_rows` rows;
XES comes in batches from a streaming XML reader; Excel is read whole (sheets are small).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.errors import SourceError
from pipelines.mapping import Mapping
from pipelines.readers.csv import scan_csv_source
from pipelines.readers.excel import read_excel_source
from pipelines.readers.parquet import parquet_row_count, scan_parquet_source
from pipelines.settings import get_settings

# Suffix (lower case) -> format name as recorded in `loads.source_format`.
FORMATS_BY_SUFFIX: dict[str, str] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xes": "xes",
    ".xes.gz": "xes.gz",
}

_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"
_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx is a zip archive


@dataclass(frozen=True)
class RawSource:
    """A readable source file: its format and, where cheap to know, its row count."""

    path: Path
    format: str
    total_rows: int | None

    def batches(
        self,
        batch_rows: int,
        sheet: str | None = None,
        separator: str = ",",
        max_decompressed_bytes: int | None = None,
    ) -> Iterator[pl.DataFrame]:
        """The file's rows as frames of at most `batch_rows` rows, with the source's column
        names. Only one batch is in memory at a time (Excel: the sheet is one batch). A
        compressed file (xes.gz, xlsx) that unpacks to more than `max_decompressed_bytes`
        (default: the setting) is refused."""
        if max_decompressed_bytes is None:
            max_decompressed_bytes = get_settings().max_decompressed_bytes
        if self.format == "xlsx":
            yield read_excel_source(self.path, sheet, max_decompressed_bytes)
            return
        if self.format in ("xes", "xes.gz"):
            yield from _iter_xes_batches(self.path, batch_rows, max_decompressed_bytes)
            return
        scan = (
            scan_csv_source(self.path, separator)
            if self.format == "csv"
            else scan_parquet_source(self.path)
        )
        batches = iter(scan.collect_batches(chunk_size=batch_rows))
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except pl.exceptions.PolarsError as error:
                hint = _csv_hint(self.path, separator) if self.format == "csv" else ""
                raise SourceError(
                    self.path, f"unreadable {self.format}: {_first_line(error)}{hint}"
                ) from error
            yield batch


def detect_format(path: Path) -> str:
    """The file's format from its name, checked against its content; SourceError if unknown."""
    if not path.exists():
        raise SourceError(path, "no such file")
    if not path.is_file():
        raise SourceError(path, "not a file")
    name = path.name.lower()
    fmt = next(
        (
            fmt
            for suffix, fmt in sorted(FORMATS_BY_SUFFIX.items(), key=lambda s: -len(s[0]))
            if name.endswith(suffix)
        ),
        None,
    )
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise SourceError(path, f"unknown format '{path.suffix or path.name}' (known: {known})")
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError as error:
        raise SourceError(path, f"cannot read the file: {error.strerror}") from error
    problem = _content_mismatch(fmt, head, path)
    if problem:
        raise SourceError(path, problem)
    return fmt


def open_source(path: Path | str) -> RawSource:
    """The source at `path`, with its format checked; raises SourceError when unreadable."""
    path = Path(path)
    fmt = detect_format(path)
    total = parquet_row_count(path) if fmt == "parquet" else None
    return RawSource(path, fmt, total)


def preview_source(
    path: Path | str, mapping: Mapping | None = None, rows: int = 20
) -> pl.DataFrame:
    """The first `rows` rows of the file, raw: the columns as the source names them."""
    source = open_source(path)
    sheet, separator = (mapping.sheet, mapping.separator) if mapping else (None, ",")
    # Only the head is read: a preview of a large file must not scan all of it.
    if source.format == "csv":
        return scan_csv_source(source.path, separator).head(rows).collect()
    if source.format == "parquet":
        return scan_parquet_source(source.path).head(rows).collect()
    for batch in source.batches(batch_rows=max(rows, 1), sheet=sheet, separator=separator):
        return batch.head(rows)
    return pl.DataFrame()


def _content_mismatch(fmt: str, head: bytes, path: Path) -> str | None:
    if not head:
        return "the file is empty (no header, no rows)"
    expected = {
        "xes.gz": (_GZIP_MAGIC, "gzip"),
        "parquet": (_PARQUET_MAGIC, "Parquet"),
        "xlsx": (_ZIP_MAGIC, "Excel (.xlsx)"),
    }
    if fmt in expected:
        magic, label = expected[fmt]
        if not head.startswith(magic):
            return f"the name says {fmt} but the content is not {label}"
        if fmt == "parquet" and not _ends_with(path, _PARQUET_MAGIC):
            return "the Parquet file is truncated (no footer)"
        return None
    if head.startswith(_GZIP_MAGIC) or head.startswith(_PARQUET_MAGIC) or b"\x00" in head:
        return f"the name says {fmt} but the content is binary"
    if fmt == "xes" and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "the name says xes but the content is not XML"
    return None


def _ends_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as file:
        file.seek(0, 2)
        if file.tell() < len(magic) * 2:
            return False
        file.seek(-len(magic), 2)
        return file.read() == magic


def _iter_xes_batches(
    path: Path, batch_rows: int, max_decompressed_bytes: int
) -> Iterator[pl.DataFrame]:
    # Imported on use: the XES reader is a module of its own with its own dependencies.
    try:
        xes = importlib.import_module("pipelines.readers.xes")
    except ModuleNotFoundError as error:
        raise SourceError(path, "XES files cannot be read: no XES reader installed") from error
    yield from xes.iter_xes_batches(path, batch_rows, max_decompressed_bytes)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _csv_hint(path: Path, separator: str | None) -> str:
    """Where a CSV goes wrong: the first line (the header is line 1) whose field count
    differs from the header's, or the first byte that is not UTF-8."""
    import csv

    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return (
            f"; hint: byte {error.start} (line {line}) is not UTF-8: re-save the file as"
            " UTF-8 (a Latin-1 or cp1252 export)"
        )
    rows = csv.reader(text.splitlines(), delimiter=separator or ",")
    header = next(rows, [])
    for number, row in enumerate(rows, start=2):
        if row and len(row) != len(header):
            return (
                f"; hint: line {number} has {len(row)} fields, the header (line 1)"
                f" has {len(header)}"
            )
    return ""
