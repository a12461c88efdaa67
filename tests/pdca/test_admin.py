"""Backup and restore with one command each, for both backup formats and both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.pdca.admin import BackupError, backup, dump_tables, restore
from dashboard.pdca.agreements import add_agreement, update_agreement
from dashboard.pdca.conversations import finalise, start_conversation
from dashboard.pdca.goals import save_goal
from dashboard.pdca.store import Store, new_id, utc_now
from tests.pdca.test_goals import GOAL

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _fill(store: Store) -> None:
    save_goal(store, GOAL, "m")
    save_goal(store, {**GOAL, "target_value": 90}, "m")
    draft = start_conversation(
        store, {"subject_type": "medewerker", "subject_id": "E1", "held_on": "2026-11-22"}, "m"
    )
    agreement = add_agreement(
        store,
        {"what": "Café <b>beter</b> plannen", "owner": "E1", "due_on": "2099-01-01"},
        subject_type="medewerker",
        subject_id="E1",
        created_by="m",
        conversation_id=draft["conversation_id"],
    )
    update_agreement(store, agreement["agreement_id"], {"status": "bezig", "note": "ok"}, "m")
    finalise(store, draft["conversation_id"], {"learned": "ja"}, {"a": [1, 2]}, "m")


def _admin(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "STURING_PDCA_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "dashboard.pdca.admin", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _contents(store: Store) -> dict:
    tables = dump_tables(store)["tables"]
    return {
        name: sorted(map(tuple, t["rows"]))
        for name, t in tables.items()
        if name != "schema_migrations"
    }


@pytest.mark.parametrize("file_name", ["backup.json", "backup.sqlite"])
def test_backup_and_restore_with_one_command_each(
    store: Store, tmp_path: Path, file_name: str
) -> None:
    _fill(store)
    if store.dialect == "postgresql" and file_name.endswith(".sqlite"):
        with pytest.raises(BackupError, match=r"\.json-backup"):
            backup(store, tmp_path / file_name)
        return
    before = _contents(store)
    target = tmp_path / file_name
    result = _admin("backup", "--to", str(target), url=store.url)
    assert result.returncode == 0, result.stderr
    assert "goals: 2" in result.stdout
    # Damage after the backup: a wrong extra goal; the restore brings the old state back.
    save_goal(store, {**GOAL, "unit_id": "T9"}, "vandaal")
    result = _admin("restore", "--from", str(target), url=store.url)
    assert result.returncode == 0, result.stderr
    assert _contents(store) == before


def test_json_backup_moves_a_store_to_another_backend(store: Store, tmp_path: Path) -> None:
    _fill(store)
    backup(store, tmp_path / "b.json")
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    restore(other, tmp_path / "b.json")
    assert _contents(other) == _contents(store)


def test_backup_while_another_connection_writes_is_consistent(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'pdca.sqlite'}")
    store.migrate()
    _fill(store)
    writer = store.connect()
    writer.execute("begin immediate")
    writer.execute("delete from agreement_updates")  # uncommitted: must not be in the backup
    backup(store, tmp_path / "during.sqlite")
    writer.rollback()
    writer.close()
    copy = Store(f"sqlite:///{tmp_path / 'during.sqlite'}")
    assert copy.fetch("select count(*) as n from agreement_updates") == [{"n": 2}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "bestaat niet"),
        ("{not json", "geen geldige JSON-backup"),
        ('{"format": "iets anders"}', "geen backup van een PDCA-store"),
    ],
)
def test_restore_refuses_a_bad_file(store: Store, tmp_path: Path, content, message) -> None:
    source = tmp_path / "bad.json"
    if content is not None:
        source.write_text(content)
    with pytest.raises(BackupError, match=message):
        restore(store, source)


def test_restore_command_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    result = _admin(
        "restore",
        "--from",
        str(tmp_path / "missing.json"),
        url=f"sqlite:///{tmp_path / 's.sqlite'}",
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Fout: {tmp_path / 'missing.json'}: bestand bestaat niet"
    ]


def test_migrate_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    first = _admin("migrate", url=url)
    assert first.returncode == 0 and first.stdout.startswith("Migraties toegepast: 001, 002")
    assert first.stdout.strip().endswith("900, 901")
    assert _admin("migrate", url=url).stdout.strip() == "Migraties toegepast: geen (actueel)"


def _raw_connection(url: str):
    """A plain driver connection, without anything the product's own connections set."""
    if url.startswith("sqlite:///"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    import psycopg

    return psycopg.connect(url, autocommit=True)


def test_a_store_made_by_the_migrate_command_is_guarded(store_url: str) -> None:
    """Audit entries and finalised conversations refuse change by raw SQL, with no dashboard
    having touched the store; a concept still changes."""
    assert _admin("migrate", url=store_url).returncode == 0
    store = Store(store_url)
    entry_id = new_id()
    with store.transaction() as tx:
        tx.insert(
            "audit_log",
            {
                "entry_id": entry_id,
                "logged_at": "2026-11-01T10:00:00+00:00",
                "viewer_id": "tm@example.org",
                "viewer_scopes": "teammanager",
                "action": "bekijk_cijfers",
                "subject_type": "medewerker",
                "subject_id": "E1",
                "page": "medewerker",
            },
        )
    final = start_conversation(
        store, {"subject_type": "medewerker", "subject_id": "E1", "held_on": "2026-11-22"}, "m"
    )
    finalise(store, final["conversation_id"], {"learned": "ja"}, {}, "m")
    concept = start_conversation(
        store, {"subject_type": "medewerker", "subject_id": "E2", "held_on": "2026-11-23"}, "m"
    )
    final_id, concept_id = final["conversation_id"], concept["conversation_id"]
    columns = [c for c, _, _ in store.schema_description()["conversations"]]
    row = store.fetch("select * from conversations where conversation_id = ?", [final_id])[0]
    mark = "?" if store.dialect == "sqlite" else "%s"
    replace = (
        f"insert or replace into conversations ({', '.join(columns)})"
        f" values ({', '.join(mark for _ in columns)})"
        if store.dialect == "sqlite"
        else f"insert into conversations ({', '.join(columns)})"
        f" values ({', '.join(mark for _ in columns)})"
        " on conflict (conversation_id) do update set learned = excluded.learned"
    )
    forged = [("nee" if c == "learned" else row[c]) for c in columns]
    attempts = [
        ("update audit_log set viewer_id = 'iemand-anders'", (), "alleen-toevoegen"),
        (f"delete from audit_log where entry_id = '{entry_id}'", (), "alleen-toevoegen"),
        (f"update conversations set learned = 'nee' where conversation_id = '{final_id}'", (), ""),
        (
            f"update conversations set status = 'concept' where conversation_id = '{final_id}'",
            (),
            "",
        ),
        (f"delete from conversations where conversation_id = '{final_id}'", (), ""),
        (replace, forged, ""),
    ]
    connection = _raw_connection(store_url)
    try:
        for statement, params, message in attempts:
            with pytest.raises(Exception, match=message or "definitief vastgelegd"):
                connection.execute(statement, params)
        connection.execute(
            f"update conversations set learned = 'later' where conversation_id = '{concept_id}'"
        )
    finally:
        connection.close()
    assert store.fetch("select * from conversations where conversation_id = ?", [final_id]) == [row]
    assert store.fetch("select viewer_id from audit_log where entry_id = ?", [entry_id]) == [
        {"viewer_id": "tm@example.org"}
    ]
    learned = store.fetch(
        "select learned from conversations where conversation_id = ?", [concept_id]
    )
    assert learned == [{"learned": "later"}]


def _crafted(store: Store, tmp_path: Path, change, recompute: bool = True) -> Path:
    """A JSON backup of `store`, changed by `change(dump)`; with a valid checksum when
    `recompute` (as someone who knows the format would craft it)."""
    import json

    from dashboard.pdca.admin import _checksum_of_dump

    target = tmp_path / "crafted.json"
    backup(store, target)
    dump = json.loads(target.read_text(encoding="utf-8"))
    change(dump)
    if recompute:
        dump["checksum"] = _checksum_of_dump(dump)
    target.write_text(json.dumps(dump), encoding="utf-8")
    return target


def _set_learned(dump: dict) -> None:
    table = dump["tables"]["conversations"]
    at = table["columns"].index("learned")
    for row in table["rows"]:
        row[at] = "herschreven"


def _backdated_entry(dump: dict) -> None:
    table = dump["tables"]["audit_log"]
    entry = {
        "entry_id": "backdated",
        "logged_at": "2020-01-01T00:00:00+00:00",
        "viewer_id": "iemand@example.org",
        "viewer_scopes": "-",
        "action": "bekijk_cijfers",
        "subject_type": "medewerker",
        "subject_id": "E1",
        "page": "medewerker",
        "detail": "",
    }
    table["rows"].append([entry[c] for c in table["columns"]])


def _add_audit_entry(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert(
            "audit_log",
            {
                "entry_id": new_id(),
                "logged_at": utc_now(),
                "viewer_id": "tm@example.org",
                "viewer_scopes": "teammanager",
                "action": "bekijk_cijfers",
                "subject_type": "medewerker",
                "subject_id": "E1",
                "page": "medewerker",
            },
        )


@pytest.mark.parametrize(
    ("change", "recompute", "message"),
    [
        (_set_learned, True, "wijzigt of mist 1 definitief vastgelegde gesprekken"),
        (lambda dump: dump["tables"]["conversations"].update(rows=[]), True, "wijzigt of mist 1"),
        (_backdated_entry, True, "wijzigt het auditlogboek"),
        (_set_learned, False, "controlegetal ontbreekt of klopt niet"),
        (lambda dump: dump.pop("checksum"), False, "controlegetal ontbreekt of klopt niet"),
    ],
)
def test_restore_refuses_a_backup_that_rewrites_what_is_guarded(
    store: Store, tmp_path: Path, change, recompute: bool, message: str
) -> None:
    _fill(store)
    _add_audit_entry(store)
    source = _crafted(store, tmp_path, change, recompute)
    _add_audit_entry(store)  # logged after the backup: an older backup is fine as such
    before = _contents(store)
    result = _admin("restore", "--from", str(source), url=store.url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert _contents(store) == before


def test_restore_accepts_an_older_backup_and_an_empty_store(store: Store, tmp_path: Path) -> None:
    _fill(store)
    _add_audit_entry(store)
    backup(store, tmp_path / "b.json")
    _add_audit_entry(store)  # the store's log goes on past the backup's
    restore(store, tmp_path / "b.json")
    empty = Store(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    restore(empty, tmp_path / "b.json")
    assert _contents(empty)["conversations"] == _contents(store)["conversations"]


def test_restore_of_a_sqlite_backup_checks_its_checksum_file(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'pdca.sqlite'}")
    store.migrate()
    _fill(store)
    target = tmp_path / "b.sqlite"
    backup(store, target)
    assert (tmp_path / "b.sqlite.sha256").is_file()
    restore(store, target)
    with target.open("ab") as file:
        file.write(b"\0")
    with pytest.raises(BackupError, match="controlegetal"):
        restore(store, target)
    (tmp_path / "b.sqlite.sha256").unlink()
    with pytest.raises(BackupError, match="controlegetal"):
        restore(store, target)
