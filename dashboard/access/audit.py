"""Audit log of views of personal figures, in the PDCA store, append-only.

The table comes from migration `900_audit_log.sql`, the triggers that refuse UPDATE, DELETE,
INSERT OR REPLACE (and TRUNCATE) from `901_store_guards.<dialect>.sql`, so a store made by
`python -m dashboard.pdca.admin migrate` is guarded before the dashboard first uses it. The
product has no code path that changes an entry; only the retention purge
(`dashboard.access.admin`) deletes, with the guard lifted inside its own transaction, and it
logs itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dashboard.access.scope import Viewer
from dashboard.pdca.store import Store, Transaction, guards_lifted, new_id, utc_now

ACTION_VIEW_FIGURES = "bekijk_cijfers"
ACTION_VIEW_CONVERSATION = "bekijk_gesprek"
ACTION_PURGE = "opschoning"

GUARD_MESSAGE = "audit_log is alleen-toevoegen: wijzigen of verwijderen kan niet"

_guarded_stores: set[str] = set()
_guard_lock = threading.Lock()


def ensure_guard(store: Store) -> None:
    """Migrate the store, which installs the append-only triggers (once per process)."""
    if store.url in _guarded_stores:
        return
    with _guard_lock:
        if store.url in _guarded_stores:
            return
        store.migrate()
        _guarded_stores.add(store.url)


def _append(tx: Transaction, entry: dict[str, Any]) -> None:
    tx.insert("audit_log", entry)


def record_view(
    store: Store,
    viewer: Viewer,
    *,
    action: str,
    subject_type: str,
    subject_id: str,
    page: str,
    detail: str = "",
) -> dict[str, Any]:
    """Append one entry: `viewer` saw `subject_type`/`subject_id` on `page`; returns it."""
    ensure_guard(store)
    entry = {
        "entry_id": new_id(),
        "logged_at": utc_now(),
        "viewer_id": viewer.identity,
        "viewer_scopes": viewer.describe(),
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "page": page,
        "detail": detail,
    }
    with store.transaction() as tx:
        _append(tx, entry)
    return entry


def audit_entries(
    store: Store,
    since: date | None = None,
    viewer_id: str | None = None,
    subject_id: str | None = None,
    limit: int = 5000,
) -> list[dict[str, Any]]:
    """Entries, newest first, optionally from a day on (UTC), by viewer or about a subject."""
    ensure_guard(store)
    clauses, params = [], []
    if since is not None:
        clauses.append("logged_at >= ?")
        params.append(since.isoformat())
    if viewer_id:
        clauses.append("viewer_id = ?")
        params.append(viewer_id.strip().lower())
    if subject_id:
        clauses.append("subject_id = ?")
        params.append(subject_id.strip())
    where = f" where {' and '.join(clauses)}" if clauses else ""
    return store.fetch(
        f"select * from audit_log{where} order by logged_at desc, entry_id limit ?",
        [*params, limit],
    )


@dataclass(frozen=True)
class PurgeResult:
    """What a retention purge removed, everything older than `cutoff`."""

    cutoff: str
    conversations: int
    agreements: int
    agreement_updates: int
    audit_entries: int

    def describe(self) -> str:
        return (
            f"ouder dan {self.cutoff}: {self.conversations} gesprekken, {self.agreements} "
            f"afspraken, {self.agreement_updates} afspraakupdates, "
            f"{self.audit_entries} auditregels verwijderd"
        )


def purge_older_than(
    store: Store, days: int, purged_by: str, now: datetime | None = None
) -> PurgeResult:
    """Delete conversation records (with their agreements) held, and audit entries logged,
    more than `days` days ago; one transaction, logged as an audit entry of its own."""
    if days < 1:
        raise ValueError(f"bewaartermijn moet minstens 1 dag zijn, niet {days}")
    ensure_guard(store)
    now = now or datetime.now(UTC)
    cutoff_instant = (now - timedelta(days=days)).astimezone(UTC)
    cutoff_day = cutoff_instant.date().isoformat()
    old_conversations = "select conversation_id from conversations where held_on < ?"
    old_agreements = (
        f"select agreement_id from agreements where conversation_id in ({old_conversations})"
    )
    with store.transaction() as tx:
        # Lift the guards only inside this transaction: a failure anywhere rolls it back too.
        with guards_lifted(tx):
            updates = tx.execute(
                f"delete from agreement_updates where agreement_id in ({old_agreements})",
                [cutoff_day],
            )
            agreements = tx.execute(
                f"delete from agreements where conversation_id in ({old_conversations})",
                [cutoff_day],
            )
            conversations = tx.execute("delete from conversations where held_on < ?", [cutoff_day])
            audit = tx.execute(
                "delete from audit_log where logged_at < ?", [cutoff_instant.isoformat()]
            )
        result = PurgeResult(cutoff_instant.isoformat(), conversations, agreements, updates, audit)
        _append(
            tx,
            {
                "entry_id": new_id(),
                "logged_at": utc_now(),
                "viewer_id": purged_by,
                "viewer_scopes": "beheer (opdrachtregel)",
                "action": ACTION_PURGE,
                "subject_type": "audit",
                "subject_id": "-",
                "page": "dashboard.access.admin",
                "detail": result.describe(),
            },
        )
    return result
