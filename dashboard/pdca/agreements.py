"""Act: agreements and actions (what, who, by when), followed until closed.

An agreement's status is never overwritten: every change or follow-up note is a row of
`agreement_updates`, and the current status is the latest of them. Open agreements carry
over to the next conversation with the same subject until they are closed.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from dashboard.pdca.store import Store, Transaction, new_id, utc_now
from dashboard.pdca.validation import MAX_SHORT_TEXT_CHARS, MAX_TEXT_CHARS, validate

Status = Literal["open", "bezig", "afgerond", "vervallen"]
STATUSES: tuple[str, ...] = ("open", "bezig", "afgerond", "vervallen")
CLOSED_STATUSES: tuple[str, ...] = ("afgerond", "vervallen")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class AgreementInput(BaseModel):
    """A new agreement as entered in a conversation or on the actions page."""

    what: str = Field(title="Afspraak", min_length=1, max_length=MAX_TEXT_CHARS)
    owner: str = Field(title="Wie", min_length=1, max_length=MAX_SHORT_TEXT_CHARS)
    due_on: date = Field(title="Uiterlijk op")

    _strip_text = field_validator("what", "owner", mode="before")(_strip)

    @field_validator("due_on")
    @classmethod
    def _not_in_past(cls, value: date, info: ValidationInfo) -> date:
        today = (info.context or {}).get("today") or date.today()
        if value < today:
            raise ValueError("de datum ligt in het verleden.")
        return value


class AgreementUpdateInput(BaseModel):
    """A status change or follow-up note."""

    status: Status = Field(title="Status")
    note: str = Field(default="", title="Opvolging", max_length=MAX_TEXT_CHARS)

    _strip_text = field_validator("note", mode="before")(_strip)


def add_agreement(
    store: Store,
    data: dict[str, Any],
    *,
    subject_type: str,
    subject_id: str,
    created_by: str,
    conversation_id: str | None = None,
    team_id: str | None = None,
    location_id: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Validate and store a new open agreement; returns it as `agreements_with_status` would."""
    agreement = validate(AgreementInput, data, context={"today": today})
    now = utc_now()
    row = {
        "agreement_id": new_id(),
        "conversation_id": conversation_id,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "what": agreement.what,
        "owner": agreement.owner,
        "due_on": agreement.due_on.isoformat(),
        "created_by": created_by,
        "created_at": now,
        "team_id": team_id,
        "location_id": location_id,
    }
    with store.transaction() as tx:
        tx.insert("agreements", row)
        _insert_update(tx, row["agreement_id"], "open", "", created_by, now)
    return {**row, "status": "open", "note": "", "status_at": now}


def update_agreement(
    store: Store, agreement_id: str, data: dict[str, Any], updated_by: str
) -> dict[str, Any]:
    """Record a new status and/or follow-up note for an agreement; returns the update."""
    update = validate(AgreementUpdateInput, data)
    with store.transaction() as tx:
        if not tx.fetch("select 1 as hit from agreements where agreement_id = ?", [agreement_id]):
            raise KeyError(f"afspraak {agreement_id} bestaat niet")
        return _insert_update(tx, agreement_id, update.status, update.note, updated_by, utc_now())


def _insert_update(
    tx: Transaction, agreement_id: str, status: str, note: str, by: str, at: str
) -> dict[str, Any]:
    row = {
        "update_id": new_id(),
        "agreement_id": agreement_id,
        "status": status,
        "note": note,
        "updated_by": by,
        "updated_at": at,
    }
    tx.insert("agreement_updates", row)
    return row


_WITH_STATUS = """
    with ranked as (
        select
            agreement_id, status, note, updated_at,
            row_number() over (partition by agreement_id order by updated_at desc, update_id)
                as recency
        from agreement_updates
    )
    select agreements.*, ranked.status, ranked.note, ranked.updated_at as status_at
    from agreements
    join ranked on ranked.agreement_id = agreements.agreement_id and ranked.recency = 1
    where 1 = 1
"""


def agreements_with_status(
    store: Store,
    *,
    subject_type: str | None = None,
    subject_id: str | None = None,
    team_id: str | None = None,
    location_id: str | None = None,
    conversation_id: str | None = None,
    only_open: bool = False,
) -> list[dict[str, Any]]:
    """Agreements with their current status and latest note, oldest due date first."""
    sql = _WITH_STATUS
    params: list[Any] = []
    for column, value in (
        ("subject_type", subject_type),
        ("subject_id", subject_id),
        ("team_id", team_id),
        ("location_id", location_id),
        ("conversation_id", conversation_id),
    ):
        if value is not None:
            sql += f" and agreements.{column} = ?"
            params.append(value)
    if only_open:
        sql += " and ranked.status not in ('afgerond', 'vervallen')"
    sql += " order by agreements.due_on, agreements.created_at"
    return store.fetch(sql, params)


def agreement_history(store: Store, agreement_id: str) -> list[dict[str, Any]]:
    """Every status change and note of one agreement, oldest first."""
    return store.fetch(
        "select * from agreement_updates where agreement_id = ? order by updated_at, update_id",
        [agreement_id],
    )


def is_overdue(agreement: dict[str, Any], today: date | None = None) -> bool:
    """Open past its due date (due today is not yet overdue)."""
    today = today or date.today()
    return agreement["status"] not in CLOSED_STATUSES and agreement["due_on"] < today.isoformat()
