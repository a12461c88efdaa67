"""Audit log: one entry per view, append-only in a real store, purge as the only delete."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.access.audit import (
    ACTION_PURGE,
    ACTION_VIEW_CONVERSATION,
    ACTION_VIEW_FIGURES,
    GUARD_MESSAGE,
    audit_entries,
    ensure_guard,
    purge_older_than,
    record_view,
)
from dashboard.pdca.store import Store, new_id
from tests.access.conftest import MEDEWERKER, TEAMMANAGER

POSTGRES_URL_ENV = "STURING_TEST_POSTGRES_URL"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _reset_postgres(url: str) -> None:
    with Store(url).transaction() as tx:
        for table in (
            "audit_log",
            "agreement_updates",
            "agreements",
            "conversations",
            "goals",
            "schema_migrations",
        ):
            tx.execute(f"drop table if exists {table} cascade")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get(POSTGRES_URL_ENV),
                reason=f"PostgreSQL tests need {POSTGRES_URL_ENV} (CI sets it in .ci/run)",
            ),
        ),
    ]
)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, guarded store: a fresh SQLite file or the wiped test PostgreSQL database."""
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'pdca.sqlite'}")
    else:
        url = os.environ[POSTGRES_URL_ENV]
        _reset_postgres(url)
        # A fresh database per test: forget that this URL was guarded by an earlier test.
        from dashboard.access import audit

        audit._guarded_stores.discard(url)
        store = Store(url)
    ensure_guard(store)
    yield store


def test_each_view_appends_exactly_one_entry(any_store: Store) -> None:
    entry = record_view(
        any_store,
        TEAMMANAGER,
        action=ACTION_VIEW_FIGURES,
        subject_type="medewerker",
        subject_id="E1",
        page="medewerker",
    )
    rows = audit_entries(any_store)
    assert len(rows) == 1
    assert rows[0] == entry
    assert rows[0]["viewer_id"] == "tm@example.org"
    assert rows[0]["viewer_scopes"] == "teammanager (T1)"
    record_view(
        any_store,
        MEDEWERKER,
        action=ACTION_VIEW_CONVERSATION,
        subject_type="gesprek",
        subject_id="C1",
        page="gesprek",
    )
    assert len(audit_entries(any_store)) == 2
    assert [r["subject_id"] for r in audit_entries(any_store, viewer_id="E1@example.org")] == ["C1"]
    assert [r["viewer_id"] for r in audit_entries(any_store, subject_id="E1")] == ["tm@example.org"]


def test_update_and_delete_are_refused_by_the_database(any_store: Store) -> None:
    record_view(
        any_store,
        TEAMMANAGER,
        action=ACTION_VIEW_FIGURES,
        subject_type="medewerker",
        subject_id="E1",
        page="medewerker",
    )
    for statement in (
        "update audit_log set viewer_id = 'someone-else'",
        "delete from audit_log",
    ):
        with pytest.raises(Exception, match="alleen-toevoegen"), any_store.transaction() as tx:
            tx.execute(statement)
    if any_store.dialect == "postgresql":
        with pytest.raises(Exception, match="alleen-toevoegen"), any_store.transaction() as tx:
            tx.execute("truncate audit_log")
    assert [r["viewer_id"] for r in audit_entries(any_store)] == ["tm@example.org"]


def test_insert_or_replace_cannot_overwrite_an_entry(any_store: Store) -> None:
    entry = record_view(
        any_store,
        TEAMMANAGER,
        action=ACTION_VIEW_FIGURES,
        subject_type="medewerker",
        subject_id="E1",
        page="medewerker",
    )
    columns = ", ".join(entry)
    values = {**entry, "viewer_id": "someone-else", "subject_id": "E2"}
    marks = ", ".join("?" for _ in entry)
    if any_store.dialect == "sqlite":
        statement = f"insert or replace into audit_log ({columns}) values ({marks})"
    else:
        updates = ", ".join(f"{c} = excluded.{c}" for c in entry if c != "entry_id")
        statement = (
            f"insert into audit_log ({columns}) values ({marks})"
            f" on conflict (entry_id) do update set {updates}"
        )
    with pytest.raises(Exception, match="alleen-toevoegen"), any_store.transaction() as tx:
        tx.execute(statement, list(values.values()))
    assert audit_entries(any_store) == [entry]


def test_guard_holds_for_a_plain_sqlite_connection(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'pdca.sqlite'}")
    record_view(
        store,
        MEDEWERKER,
        action=ACTION_VIEW_FIGURES,
        subject_type="medewerker",
        subject_id="E1",
        page="medewerker",
    )
    connection = sqlite3.connect(tmp_path / "pdca.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match=GUARD_MESSAGE):
        connection.execute("delete from audit_log")
    with pytest.raises(sqlite3.IntegrityError, match=GUARD_MESSAGE):
        connection.execute("update audit_log set page = 'x'")
    connection.close()


def _insert_entry(store: Store, logged_at: datetime, subject: str) -> None:
    with store.transaction() as tx:
        tx.insert(
            "audit_log",
            {
                "entry_id": new_id(),
                "logged_at": logged_at.isoformat(timespec="microseconds"),
                "viewer_id": "tm@example.org",
                "viewer_scopes": "teammanager (T1)",
                "action": ACTION_VIEW_FIGURES,
                "subject_type": "medewerker",
                "subject_id": subject,
                "page": "medewerker",
            },
        )


def _insert_conversation(store: Store, conversation_id: str, held_on: str) -> None:
    with store.transaction() as tx:
        tx.insert(
            "conversations",
            {
                "conversation_id": conversation_id,
                "subject_type": "medewerker",
                "subject_id": "E1",
                "manager_id": "tm@example.org",
                "held_on": held_on,
                "status": "definitief",
                "created_by": "tm@example.org",
                "created_at": f"{held_on}T10:00:00+00:00",
                "updated_at": f"{held_on}T10:00:00+00:00",
            },
        )
        tx.insert(
            "agreements",
            {
                "agreement_id": f"A-{conversation_id}",
                "conversation_id": conversation_id,
                "subject_type": "medewerker",
                "subject_id": "E1",
                "what": "minder zaken tegelijk open",
                "owner": "E1",
                "due_on": held_on,
                "created_by": "tm@example.org",
                "created_at": f"{held_on}T10:00:00+00:00",
            },
        )
        tx.insert(
            "agreement_updates",
            {
                "update_id": f"U-{conversation_id}",
                "agreement_id": f"A-{conversation_id}",
                "status": "open",
                "updated_by": "tm@example.org",
                "updated_at": f"{held_on}T10:00:00+00:00",
            },
        )


def test_purge_removes_only_old_records_and_logs_itself(any_store: Store) -> None:
    # Retention 365 days from 2026-11-01 12:00 UTC: cutoff 2025-11-01 12:00 UTC.
    _insert_entry(any_store, NOW - timedelta(days=400), "old")
    _insert_entry(any_store, NOW - timedelta(days=365, seconds=1), "just-old")
    _insert_entry(any_store, NOW - timedelta(days=364), "recent")
    _insert_conversation(any_store, "C-old", "2025-10-31")
    _insert_conversation(any_store, "C-kept", "2025-11-01")

    result = purge_older_than(any_store, 365, "beheer@example.org", now=NOW)

    assert (result.conversations, result.agreements, result.agreement_updates) == (1, 1, 1)
    assert result.audit_entries == 2
    remaining = audit_entries(any_store)
    assert sorted(r["subject_id"] for r in remaining) == ["-", "recent"]
    purge_entry = next(r for r in remaining if r["action"] == ACTION_PURGE)
    assert purge_entry["viewer_id"] == "beheer@example.org"
    assert purge_entry["detail"] == (
        "ouder dan 2025-11-01T12:00:00+00:00: 1 gesprekken, 1 afspraken, "
        "1 afspraakupdates, 2 auditregels verwijderd"
    )
    conversations = any_store.fetch("select conversation_id from conversations")
    assert conversations == [{"conversation_id": "C-kept"}]
    assert any_store.fetch("select agreement_id from agreements") == [{"agreement_id": "A-C-kept"}]
    # The guard is back in force after the purge.
    with pytest.raises(Exception, match="alleen-toevoegen"), any_store.transaction() as tx:
        tx.execute("delete from audit_log")


def test_failed_purge_changes_nothing(any_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.access import audit

    _insert_entry(any_store, NOW - timedelta(days=400), "old")

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "_append", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        purge_older_than(any_store, 30, "beheer@example.org", now=NOW)
    assert [r["subject_id"] for r in audit_entries(any_store)] == ["old"]
    with pytest.raises(Exception, match="alleen-toevoegen"), any_store.transaction() as tx:
        tx.execute("delete from audit_log")


def test_purge_refuses_a_retention_under_one_day(any_store: Store) -> None:
    with pytest.raises(ValueError, match="minstens 1 dag"):
        purge_older_than(any_store, 0, "beheer@example.org")
