"""Backup, restore and migration of the PDCA store: `python -m dashboard.pdca.admin COMMAND`.

    backup --to FILE     a consistent copy while the dashboard keeps running
    restore --from FILE  replace the store's contents with a backup (then migrate)
    migrate              bring the schema up to date

A backup file ending in `.json` is a portable dump of every table (works for SQLite and
PostgreSQL, and moves a store from one to the other); any other name is a SQLite database
file made with SQLite's online backup API (SQLite stores only).

Every backup carries a SHA-256 checksum (inside the JSON, or in `FILE.sha256` beside a SQLite
file), checked at restore. A restore is refused when the backup would change or drop a
finalised conversation of the current store, or would rewrite its audit log (the backup's
log and the store's must be one the beginning of the other, in logging order).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from dashboard.pdca.store import TABLES, Store, StoreError, guards_lifted, open_store, utc_now

BACKUP_FORMAT = "sturing-pdca-backup"
UrlOption = Annotated[
    str | None, typer.Option("--url", help="Store URL (default: STURING_PDCA_URL).")
]

app = typer.Typer(
    name="pdca-admin",
    help="Backup, restore and migration of the PDCA store (goals, conversations, agreements).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class BackupError(Exception):
    """A backup file cannot be written or restored; the message names the problem."""


def backup(store: Store, target: Path) -> dict[str, int]:
    """Write a consistent backup of `store` to `target`; returns rows per table."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix == ".json":
        dump = dump_tables(store)
        dump["checksum"] = _checksum_of_dump(dump)
        temporary = target.with_name(target.name + ".partial")
        temporary.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(target)  # a crash mid-write never leaves a truncated backup
        return {table: len(content["rows"]) for table, content in dump["tables"].items()}
    if store.dialect != "sqlite":
        raise BackupError("een PostgreSQL-store gaat naar een .json-backup (--to backup.json)")
    temporary = target.with_name(target.name + ".partial")
    temporary.unlink(missing_ok=True)
    source = store.connect()
    destination = sqlite3.connect(temporary)
    try:
        # One step (pages=-1) under a read lock: a consistent copy even while others write.
        source.backup(destination, pages=-1)
    finally:
        destination.close()
        source.close()
    checksum = target.with_name(target.name + ".sha256")
    checksum_partial = target.with_name(target.name + ".sha256.partial")
    checksum_partial.write_text(_checksum_of_file(temporary) + "\n", encoding="utf-8")
    temporary.replace(target)
    checksum_partial.replace(checksum)
    return _row_counts(Store(f"sqlite:///{target}"))


def _checksum_of_dump(dump: dict[str, Any]) -> str:
    """SHA-256 of the dump's content (everything but the checksum), in a canonical form."""
    content = {key: value for key, value in dump.items() if key != "checksum"}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checksum_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_tables(store: Store) -> dict[str, Any]:
    """Every row of every table, read in one transaction so the dump is consistent."""
    connection = store.connect()
    try:
        if store.dialect == "sqlite":
            connection.execute("begin")  # one read snapshot across the tables
        else:
            connection.execute("set transaction isolation level repeatable read")
        tables = {}
        for table in store.table_names():
            cursor = connection.cursor()
            cursor.execute(f"select * from {table}")
            columns = [column[0] for column in cursor.description]
            tables[table] = {"columns": columns, "rows": [list(row) for row in cursor.fetchall()]}
            cursor.close()
        connection.rollback()
    finally:
        connection.close()
    return {"format": BACKUP_FORMAT, "made_at": utc_now(), "tables": tables}


def restore(store: Store, source: Path) -> dict[str, int]:
    """Replace the contents of `store` by the backup at `source`; returns rows per table.

    All or nothing: a backup that fails halfway leaves the store as it was. Tables of other
    packages (the audit log) are append-only: their backed-up rows are added where missing,
    nothing of theirs is deleted.
    """
    if not source.is_file():
        raise BackupError(f"{source}: bestand bestaat niet")
    dump = _read_dump(source) if source.suffix == ".json" else _dump_of_sqlite_file(source)
    store.migrate()
    with store.transaction() as tx:
        _refuse_rewrites(tx, dump, source)
        with guards_lifted(tx):
            _replace_contents(tx, store, dump)
    return _row_counts(store)


def _rows(content: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not content:
        return []
    return [dict(zip(content["columns"], values, strict=True)) for values in content["rows"]]


def _refuse_rewrites(tx: Any, dump: dict[str, Any], source: Path) -> None:
    """A backup may not change what the store guards: every finalised conversation of the
    store must be in the backup unchanged, and the two audit logs must agree up to the
    shorter one (a backup cannot slip in, change or drop an entry)."""
    backed_up = {row["conversation_id"]: row for row in _rows(dump["tables"].get("conversations"))}
    changed = [
        row["conversation_id"]
        for row in tx.fetch("select * from conversations where status = 'definitief'")
        if {c: backed_up.get(row["conversation_id"], {}).get(c) for c in row} != row
    ]
    if changed:
        raise BackupError(
            f"{source}: herstel geweigerd, de backup wijzigt of mist {len(changed)} definitief"
            f" vastgelegde gesprekken ({', '.join(sorted(changed)[:5])})"
        )
    current = tx.fetch("select * from audit_log order by logged_at, entry_id")
    backed_up_log = sorted(
        _rows(dump["tables"].get("audit_log")),
        key=lambda row: (str(row.get("logged_at")), str(row.get("entry_id"))),
    )
    shared = min(len(current), len(backed_up_log))
    for ours, theirs in zip(current[:shared], backed_up_log[:shared], strict=True):
        if {c: theirs.get(c) for c in ours} != ours:
            raise BackupError(
                f"{source}: herstel geweigerd, de backup wijzigt het auditlogboek"
                f" (regel {ours['entry_id']} ontbreekt, wijkt af of er staat een regel voor)"
            )


def _replace_contents(tx: Any, store: Store, dump: dict[str, Any]) -> None:
    for table in reversed(TABLES):
        tx.execute(f"delete from {table}")
    for table in TABLES:
        content = dump["tables"].get(table, {"columns": [], "rows": []})
        for values in content["rows"]:
            tx.insert(table, dict(zip(content["columns"], values, strict=True)))
    present = set(store.table_names())
    for table, content in dump["tables"].items():
        if table in TABLES or table == "schema_migrations" or table not in present:
            continue
        key = content["columns"][0]
        for values in content["rows"]:
            if not tx.fetch(f"select 1 as hit from {table} where {key} = ?", [values[0]]):
                tx.insert(table, dict(zip(content["columns"], values, strict=True)))


def _read_dump(source: Path) -> dict[str, Any]:
    try:
        dump = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{source}: geen geldige JSON-backup ({error})") from error
    if not isinstance(dump, dict) or dump.get("format") != BACKUP_FORMAT:
        raise BackupError(f"{source}: geen backup van een PDCA-store")
    if dump.get("checksum") != _checksum_of_dump(dump):
        raise BackupError(f"{source}: controlegetal ontbreekt of klopt niet (backup beschadigd)")
    return dump


def _dump_of_sqlite_file(source: Path) -> dict[str, Any]:
    checksum = source.with_name(source.name + ".sha256")
    try:
        expected = checksum.read_text(encoding="utf-8").strip()
    except OSError:
        expected = ""
    if expected != _checksum_of_file(source):
        raise BackupError(
            f"{source}: controlegetal ({checksum.name}) ontbreekt of klopt niet (backup beschadigd)"
        )
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            check.execute("select version from schema_migrations").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source}: geen backup van een PDCA-store ({error})") from error
    # An older backup is brought up to the current schema in a copy, never in itself.
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "backup.sqlite"
        shutil.copyfile(source, copy)
        copy_store = Store(f"sqlite:///{copy}")
        copy_store.migrate()
        return dump_tables(copy_store)


def _row_counts(store: Store) -> dict[str, int]:
    return {table: store.fetch(f"select count(*) as n from {table}")[0]["n"] for table in TABLES}


def _report(action: str, counts: dict[str, int]) -> None:
    summary = ", ".join(f"{table}: {count}" for table, count in counts.items())
    typer.echo(f"{action} ({summary})")


@app.command("backup")
def backup_command(
    to: Annotated[Path, typer.Option("--to", help="*.json (portable) or a SQLite file.")],
    url: UrlOption = None,
) -> None:
    """Write a consistent backup of the PDCA store; safe while the dashboard runs."""
    _run(lambda: _report(f"Backup geschreven naar {to}", backup(open_store(url), to)))


@app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Option("--from", help="Backup file made by `backup`.")],
    url: UrlOption = None,
) -> None:
    """Replace the PDCA store's contents with a backup."""
    _run(lambda: _report(f"Hersteld uit {source}", restore(open_store(url), source)))


@app.command("migrate")
def migrate_command(
    url: UrlOption = None,
) -> None:
    """Apply the schema migrations not yet applied."""

    def run() -> None:
        applied = open_store(url, migrate=False).migrate()
        typer.echo("Migraties toegepast: " + (", ".join(applied) if applied else "geen (actueel)"))

    _run(run)


def _run(action: Any) -> None:
    try:
        action()
    except (BackupError, StoreError) as error:
        typer.echo(f"Fout: {error}", err=True)
        raise typer.Exit(1) from None


if __name__ == "__main__":
    app(prog_name=f"{Path(sys.executable).name} -m dashboard.pdca.admin")
