"""Nothing typed is ever lost: concurrent saves, crashes mid-save, warehouse reloads."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from dashboard.pdca import agreements as agreements_module
from dashboard.pdca.admin import dump_tables
from dashboard.pdca.agreements import add_agreement, agreements_with_status
from dashboard.pdca.conversations import get_conversation, save_draft, start_conversation
from dashboard.pdca.goals import current_goals, goal_history, save_goal
from dashboard.pdca.store import Store, Transaction
from tests.pdca.conftest import build_warehouse
from tests.pdca.test_goals import GOAL

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_two_managers_saving_the_same_goal_at_once_both_land(store: Store) -> None:
    """Threads stand for dashboard sessions: every save becomes its own version."""
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def manager(name: str) -> None:
        try:
            barrier.wait()
            for round_ in range(5):
                save_goal(store, {**GOAL, "target_value": 80 + round_}, name)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=manager, args=(f"m{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = goal_history(store, current_goals(store)[0]["goal_key"])
    assert sorted(g["version"] for g in history) == list(range(1, 21))
    assert sorted({g["set_by"] for g in history}) == ["m0", "m1", "m2", "m3"]


SAVE_AGREEMENTS = """
import sys
from dashboard.pdca.agreements import add_agreement
from dashboard.pdca.store import Store
store = Store(sys.argv[1])
sys.stdin.readline()  # start together
for number in range(15):
    add_agreement(
        store, {"what": f"{sys.argv[2]} {number}", "owner": "E1", "due_on": "2099-01-01"},
        subject_type="team", subject_id="T1", created_by=sys.argv[2],
    )
"""


def _python(script: str, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=PROJECT_ROOT,
        env=env,
        text=True,
        **popen,
    )


def test_two_processes_saving_at_once_both_land(store: Store) -> None:
    """Two dashboard servers (processes) write to one store at the same time."""
    managers = [
        _python(SAVE_AGREEMENTS, store.url, name, stdin=subprocess.PIPE) for name in ("a", "b")
    ]
    for process in managers:
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in managers:
        process.stdin.close()
        assert process.wait(timeout=120) == 0
    saved = agreements_with_status(store, subject_type="team", subject_id="T1")
    assert len(saved) == 30
    assert {a["created_by"] for a in saved} == {"a", "b"}


CRASH_IN_FINALISE = """
import sys, time
from dashboard.pdca import conversations
from dashboard.pdca.store import Store, Transaction
original = Transaction.execute
def execute_then_hang(self, sql, params=()):
    changed = original(self, sql, params)
    if sql.lstrip().startswith("update conversations"):
        print("written, not committed", flush=True)
        time.sleep(120)  # killed here, inside the transaction
    return changed
Transaction.execute = execute_then_hang
conversations.finalise(Store(sys.argv[1]), sys.argv[2], {"learned": "nieuw"}, {"x": 1}, "m")
"""


def test_a_crash_during_a_save_leaves_the_old_record(store: Store) -> None:
    draft = start_conversation(
        store, {"subject_type": "medewerker", "subject_id": "E1", "held_on": "2026-11-22"}, "m"
    )
    save_draft(store, draft["conversation_id"], {"learned": "oud"})
    process = _python(
        CRASH_IN_FINALISE, store.url, draft["conversation_id"], stdout=subprocess.PIPE
    )
    assert process.stdout.readline().strip() == "written, not committed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    record = get_conversation(store, draft["conversation_id"])
    assert (record["status"], record["learned"], record["figures_snapshot"]) == (
        "concept",
        "oud",
        None,
    )
    # The store is usable right after the crash.
    assert save_draft(store, draft["conversation_id"], {"learned": "weer"}) == 2


def test_a_failure_between_statements_leaves_nothing_half(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agreement is two rows (the agreement and its first status): both or neither."""
    original = Transaction.insert

    def fail_on_status(self, table, row):
        if table == "agreement_updates":
            raise OSError("disk full")
        return original(self, table, row)

    monkeypatch.setattr(Transaction, "insert", fail_on_status)
    with pytest.raises(OSError):
        add_agreement(
            store,
            {"what": "x", "owner": "E1", "due_on": "2099-01-01"},
            subject_type="team",
            subject_id="T1",
            created_by="m",
        )
    monkeypatch.setattr(Transaction, "insert", original)
    assert store.fetch("select count(*) as n from agreements") == [{"n": 0}]
    assert agreements_module.agreements_with_status(store) == []


def test_a_warehouse_reload_does_not_touch_the_pdca_store(store: Store, tmp_path: Path) -> None:
    """The warehouse is rebuilt into a new file and swapped in; the store is another file."""
    warehouse = build_warehouse(tmp_path / "warehouse.duckdb")
    save_goal(store, GOAL, "m")
    start_conversation(
        store, {"subject_type": "team", "subject_id": "T1", "held_on": "2026-11-22"}, "m"
    )
    before = dump_tables(store)["tables"]
    rebuilt = build_warehouse(tmp_path / "warehouse.new.duckdb")
    os.replace(rebuilt, warehouse)
    assert dump_tables(store)["tables"] == before


def _hold_lock(store: Store, how: str):
    """Another connection that holds the store locked until it is rolled back."""
    if store.dialect == "sqlite":
        import sqlite3

        locker = sqlite3.connect(store.sqlite_path, isolation_level=None)
        if how == "exclusive":  # a rollback journal: readers are locked out too
            locker.execute("pragma journal_mode=delete")
            locker.execute("begin exclusive")
        else:  # a writer holding the write lock, as a long restore does
            locker.execute("begin immediate")
        return locker
    import psycopg

    from dashboard.pdca.store import MIGRATION_LOCK_KEY

    locker = psycopg.connect(store.url, autocommit=False)
    if how == "exclusive":
        locker.execute("lock table schema_migrations, goals in access exclusive mode")
    else:  # a migration running: opening the store waits for its lock
        locker.execute("select pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
    return locker


@pytest.mark.parametrize("how", ["writer", "exclusive"])
def test_a_locked_store_gives_the_page_message_within_seconds(
    store: Store, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A page reading the store while another connection holds it locked gets the page's own
    'not available' (None) within a few seconds, not a 30 s wait and a traceback."""
    import time
    from datetime import date

    from dashboard import data

    monkeypatch.setenv("STURING_PDCA_URL", store.url)
    data._open_pdca_store.clear()
    locker = _hold_lock(store, how)
    try:
        started = time.monotonic()
        assert data.goals("team", "T1", date(2026, 11, 1)) is None
        assert time.monotonic() - started < 5
    finally:
        locker.rollback()
        locker.close()
    data._open_pdca_store.clear()
    assert data.goals("team", "T1", date(2026, 11, 1)) == []
