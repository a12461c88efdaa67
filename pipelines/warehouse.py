"""The warehouse file: atomic, non-blocking replacement of one DuckDB file.

DuckDB allows one writing process per file, and the dashboard reads the warehouse while a
load runs. So a load never writes the warehouse itself: it copies it to a temporary file
in the same directory, builds the next version there, checkpoints and fsyncs it, and then
`os.replace`s it over the warehouse. A reader keeps the version it opened (the old inode
lives on until it closes) and reopens when `warehouse_version` changes. A failed or killed
load leaves the old file untouched; its temporary files are removed by the next load. A
lock file serialises loaders, so two loads never both build from the same version.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.settings import Settings, get_settings


def sql_text(text: object) -> str:
    """`text` (a path, a name) as the inside of a SQL string literal: quotes doubled."""
    return str(text).replace("'", "''")


_TEMP_MARK = ".tmp-"  # <warehouse>.tmp-<pid>: the next version while it is being built
_STAGING_MARK = ".staging-"  # <warehouse>.staging-<pid>/: validated rows of the load


@dataclass(frozen=True)
class NextVersion:
    """The next version being built: a writable connection and a private scratch directory."""

    con: duckdb.DuckDBPyConnection
    path: Path
    scratch_dir: Path


# The name under which connect_read_only attaches the warehouse file; a cursor of such a
# connection starts in the in-memory catalog and must `use` this one.
READ_ONLY_CATALOG = "warehouse"


def connect_read_only(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse as it is now, with timestamps in UTC.

    The file is attached to an in-memory database rather than opened directly: DuckDB
    shares one open database per path within a process, so a direct open after a load
    swapped the file would return the old version while any old connection lives.
    """
    con = duckdb.connect(":memory:")
    con.execute("set TimeZone = 'UTC'")
    con.execute("set enable_progress_bar = false")
    con.execute(f"attach '{sql_text(Path(path).absolute())}' as {READ_ONLY_CATALOG} (read_only)")
    con.execute(f"use {READ_ONLY_CATALOG}")
    return con


def warehouse_version(path: Path | str) -> tuple[int, int, int] | None:
    """A cheap fingerprint (inode, mtime, size) that changes whenever a load swaps the file.

    None when there is no warehouse yet. The dashboard reopens its connection on a change.
    """
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def connect_writable(path: Path, settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """A connection for building a version: UTC, and the memory and thread limits of settings."""
    settings = settings or get_settings()
    con = duckdb.connect(str(path))
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"set memory_limit = '{settings.duckdb_memory_limit}'")
    con.execute(f"set threads = {int(settings.duckdb_threads)}")
    con.execute("set preserve_insertion_order = false")
    # DuckDB's own progress bar writes to stdout, which carries the reconciliation.
    con.execute("set enable_progress_bar = false")
    return con


@contextmanager
def next_version(db_path: Path | str, settings: Settings | None = None) -> Iterator[NextVersion]:
    """Build the next version of the warehouse and swap it in when the block succeeds.

    On any exception (and on a kill) the warehouse stays exactly as it was.
    """
    settings = settings or get_settings()
    db_path = Path(db_path).absolute()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(db_path):
        remove_stale_files(db_path)
        temp_path = db_path.with_name(f"{db_path.name}{_TEMP_MARK}{os.getpid()}")
        scratch_dir = db_path.with_name(f"{db_path.name}{_STAGING_MARK}{os.getpid()}")
        scratch_dir.mkdir()
        try:
            _copy_current(db_path, temp_path)
            con = connect_writable(temp_path, settings)
            try:
                con.execute(f"set temp_directory = '{sql_text(scratch_dir / 'duckdb')}'")
                yield NextVersion(con, temp_path, scratch_dir)
                con.execute("checkpoint")
            finally:
                con.close()
            _fsync(temp_path)
            os.replace(temp_path, db_path)
            # The old log was copied into this version; left beside it, it would be replayed.
            db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)
            _fsync(db_path.parent)
        finally:
            _remove(temp_path)
            shutil.rmtree(scratch_dir, ignore_errors=True)


def remove_stale_files(db_path: Path) -> list[Path]:
    """Remove temporary files left by a killed load. Call only while holding the lock."""
    removed = []
    for path in db_path.parent.glob(f"{db_path.name}.*"):
        name = path.name[len(db_path.name) :]
        if name.startswith(_TEMP_MARK) or name.startswith(_STAGING_MARK):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _copy_current(db_path: Path, temp_path: Path) -> None:
    if not db_path.exists():
        return
    shutil.copyfile(db_path, temp_path)
    # A write-ahead log next to the warehouse (from a process that did not checkpoint) holds
    # committed data too: copy it along so DuckDB replays it into the new version.
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, temp_path.with_name(temp_path.name + ".wal"))


@contextmanager
def _exclusive_lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.with_name(db_path.name + ".lock")
    with lock_path.open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
