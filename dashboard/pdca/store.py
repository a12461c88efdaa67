"""The PDCA store's connection: SQLite (WAL) by default, PostgreSQL by URL.

SQL elsewhere in this package is written once, portable between the two: `?` placeholders,
text ids made in Python, timestamps and dates as ISO-8601 text (UTC). The few differences
between the dialects live in this module.

Each transaction opens its own connection: Streamlit serves every session from its own
thread, and a connection per unit of work keeps threads and processes from sharing state.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Parents before children: restore inserts in this order and deletes in reverse.
TABLES: tuple[str, ...] = ("goals", "conversations", "agreements", "agreement_updates")
# How long a statement waits for a lock another connection holds: long for the commands
# (backup, restore, migrate, the loader), short for the pages, which say the store is busy
# instead of hanging.
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
PAGE_BUSY_TIMEOUT_SECONDS = 3.0
BUSY_MESSAGE = "PDCA-store is bezet (vergrendeld door een andere bewerking); probeer het zo opnieuw"
# Any fixed number: PostgreSQL serialises concurrent migrations on this advisory lock.
MIGRATION_LOCK_KEY = 7_230_611


class StoreError(Exception):
    """The store cannot be opened or used (bad URL, unreachable server, not a PDCA store)."""


class StoreBusy(StoreError):
    """Another writer holds the store's lock longer than this connection waits."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


class ConflictError(Exception):
    """A write lost a race or hit a record that may no longer change."""


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> str:
    """The current instant as ISO-8601 text in UTC: sorts as text, reads in both dialects."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Transaction:
    """One open transaction; `?` placeholders in every statement, whatever the dialect."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self._connection = connection
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        cursor = self._connection.cursor()
        try:
            cursor.execute(self._sql(sql), tuple(params))
            return cursor.rowcount
        finally:
            cursor.close()

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self._connection.cursor()
        try:
            cursor.execute(self._sql(sql), tuple(params))
            names = [column[0] for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def insert(self, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))


@dataclass(frozen=True)
class Store:
    """A PDCA store at `url`: `sqlite:///relative/or/absolute/path` or `postgresql://...`."""

    url: str
    busy_timeout_seconds: float = SQLITE_BUSY_TIMEOUT_SECONDS

    @property
    def dialect(self) -> str:
        if self.url.startswith("sqlite:///"):
            return "sqlite"
        if self.url.startswith(("postgresql://", "postgres://")):
            return "postgresql"
        raise StoreError(f"PDCA-store: onbekende URL {self.url!r} (sqlite:/// of postgresql://)")

    @property
    def sqlite_path(self) -> Path:
        path = self.url.removeprefix("sqlite:///")
        if not path or path == ":memory:":
            raise StoreError("PDCA-store: een SQLite-store moet een bestand zijn")
        return Path(path)

    def connect(self) -> Any:
        """A new connection, autocommit off for PostgreSQL and explicit BEGIN for SQLite."""
        if self.dialect == "sqlite":
            path = self.sqlite_path
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                path,
                timeout=self.busy_timeout_seconds,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                # WAL: readers never block the writer, so pages stay responsive during a save.
                connection.execute("pragma journal_mode=wal")
                connection.execute("pragma synchronous=full")
                connection.execute("pragma foreign_keys=on")
                # Without this, INSERT OR REPLACE deletes the conflicting row without firing
                # the delete triggers that keep the audit log and finalised conversations.
                connection.execute("pragma recursive_triggers=on")
            except sqlite3.OperationalError as error:
                connection.close()
                if self.is_lock_timeout(error):
                    raise StoreBusy() from error
                raise
            return connection
        import psycopg

        try:
            return psycopg.connect(
                self.url,
                autocommit=False,
                connect_timeout=10,
                options=f"-c lock_timeout={int(self.busy_timeout_seconds * 1000)}",
            )
        except psycopg.OperationalError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise StoreError(f"PDCA-store niet bereikbaar: {first_line}") from error

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All or nothing: committed when the block ends, rolled back on any exception."""
        connection = self.connect()
        try:
            if self.dialect == "sqlite":
                # IMMEDIATE takes the write lock up front: concurrent writers queue instead of
                # failing halfway with "database is locked".
                connection.execute("begin immediate")
            yield Transaction(connection, self.dialect)
            connection.commit()
        except BaseException as error:
            connection.rollback()
            if self.is_lock_timeout(error):
                raise StoreBusy() from error
            raise
        finally:
            connection.close()

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """A read in its own short transaction."""
        connection = self.connect()
        try:
            rows = Transaction(connection, self.dialect).fetch(sql, params)
            connection.rollback()
            return rows
        except Exception as error:
            if self.is_lock_timeout(error):
                raise StoreBusy() from error
            raise
        finally:
            connection.close()

    def is_lock_timeout(self, error: BaseException) -> bool:
        """Whether `error` is a wait for another connection's lock that ran out."""
        if self.dialect == "sqlite":
            return isinstance(error, sqlite3.OperationalError) and (
                "locked" in str(error) or "busy" in str(error)
            )
        import psycopg

        return isinstance(error, psycopg.errors.LockNotAvailable)

    def is_integrity_error(self, error: BaseException) -> bool:
        if self.dialect == "sqlite":
            return isinstance(error, sqlite3.IntegrityError)
        import psycopg

        return isinstance(error, psycopg.IntegrityError)

    # --- migrations -------------------------------------------------------------------------

    def migrate(self, up_to: str | None = None) -> list[str]:
        """Apply the migrations not yet applied (each in its own transaction); returns them.

        `up_to` stops after that version (for testing upgrades from an older schema).
        """
        applied_now = []
        for version, name, path in available_migrations(self.dialect):
            if up_to is not None and version > up_to:
                break
            with self.transaction() as tx:
                tx.execute(
                    "create table if not exists schema_migrations ("
                    " version text primary key, name text not null, applied_at text not null)"
                )
                if self.dialect == "postgresql":
                    tx.execute("select pg_advisory_xact_lock(?)", [MIGRATION_LOCK_KEY])
                done = tx.fetch(
                    "select 1 as hit from schema_migrations where version = ?", [version]
                )
                if done:
                    continue
                for statement in split_statements(path.read_text(encoding="utf-8")):
                    tx.execute(statement)
                tx.insert(
                    "schema_migrations",
                    {"version": version, "name": name, "applied_at": utc_now()},
                )
            applied_now.append(version)
        return applied_now

    def applied_migrations(self) -> list[str]:
        try:
            rows = self.fetch("select version from schema_migrations order by version")
        except Exception:
            return []
        return [row["version"] for row in rows]

    def table_names(self) -> list[str]:
        """Every table of the store, including those other packages' migrations add."""
        if self.dialect == "sqlite":
            rows = self.fetch(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
            )
            return sorted(row["name"] for row in rows)
        rows = self.fetch(
            "select table_name from information_schema.tables"
            " where table_schema = current_schema() and table_type = 'BASE TABLE'"
        )
        return sorted(row["table_name"] for row in rows)

    def schema_description(self) -> dict[str, list[tuple[str, str, bool]]]:
        """Per table: (column, type, not null), in column order; for comparing two stores."""
        description = {}
        for table in self.table_names():
            if self.dialect == "sqlite":
                rows = self.fetch(f"pragma table_info({table})")
                columns = [(r["name"], r["type"].lower(), bool(r["notnull"])) for r in rows]
            else:
                rows = self.fetch(
                    "select column_name, data_type, is_nullable from information_schema.columns"
                    " where table_schema = current_schema() and table_name = ?"
                    " order by ordinal_position",
                    [table],
                )
                columns = [
                    (r["column_name"], r["data_type"], r["is_nullable"] == "NO") for r in rows
                ]
            description[table] = columns
        return description


def available_migrations(dialect: str | None = None) -> list[tuple[str, str, Path]]:
    """(version, name, path) of every `migrations/NNN_name.sql`, in version order.

    A version may instead come as one file per dialect, `NNN_name.sqlite.sql` and
    `NNN_name.postgresql.sql` (triggers cannot be written portably); with `dialect` given,
    its file is the one returned, without, one entry per version.
    """
    found: dict[str, tuple[str, str, Path]] = {}
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = re.fullmatch(r"(\d{3})_(\w+?)(?:\.(sqlite|postgresql))?\.sql", path.name)
        if not match:
            raise StoreError(f"migratie met ongeldige naam: {path.name} (verwacht NNN_naam.sql)")
        version, name, only_for = match.groups()
        if only_for is not None and dialect is not None and only_for != dialect:
            continue
        found.setdefault(version, (version, name, path))
    return [found[version] for version in sorted(found)]


def split_statements(sql: str) -> list[str]:
    """The statements of a migration file: comments dropped, split at `;` ending a line."""
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", without_comments) if part.strip()]


# Tables whose rows the store's own triggers protect (migration 901): the audit log is
# append-only, a finalised conversation never changes.
GUARDED_TABLES: tuple[str, ...] = ("audit_log", "conversations")


@contextmanager
def guards_lifted(tx: Transaction, tables: Sequence[str] = GUARDED_TABLES) -> Iterator[None]:
    """Inside `tx` only: the guard triggers on `tables` are off, and back on at the end.

    For the retention purge and a checked restore. Should the block fail, the transaction
    rolls back and takes the lifting with it (DDL is transactional in both dialects)."""
    if tx.dialect == "sqlite":
        marks = ", ".join("?" for _ in tables)
        triggers = tx.fetch(
            f"select name, sql from sqlite_master where type = 'trigger' and tbl_name in ({marks})",
            list(tables),
        )
        for trigger in triggers:
            tx.execute(f"drop trigger {trigger['name']}")
        yield
        for trigger in triggers:
            tx.execute(trigger["sql"])
        return
    for table in tables:
        tx.execute(f"alter table {table} disable trigger user")
    yield
    for table in tables:
        tx.execute(f"alter table {table} enable trigger user")


def open_store(
    url: str | None = None,
    migrate: bool = True,
    busy_timeout_seconds: float = SQLITE_BUSY_TIMEOUT_SECONDS,
) -> Store:
    """The store at `url` (default: from settings), migrated to the current schema.

    Pages pass `PAGE_BUSY_TIMEOUT_SECONDS`: a store locked by another connection then gives
    a `StoreError` (the page's own message) within seconds."""
    if url is None:
        from dashboard.pdca.settings import get_pdca_settings

        url = get_pdca_settings().store_url
    store = Store(url, busy_timeout_seconds)
    _ = store.dialect  # refuse an unknown URL here, not at the first save
    if migrate:
        store.migrate()
    return store
