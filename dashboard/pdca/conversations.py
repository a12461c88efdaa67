"""Check: the goede gesprek, recorded.

A conversation starts as a concept that is saved as it is typed (nothing typed is lost on
a rerun or a closed browser). Finalising it stores, in the same transaction, the figures
and the agreements as they were that day; from then on the record never changes.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from dashboard.pdca.agreements import agreements_with_status
from dashboard.pdca.store import ConflictError, Store, new_id, utc_now
from dashboard.pdca.validation import MAX_TEXT_CHARS, InvalidInput, validate

SubjectType = Literal["medewerker", "team", "locatie"]
SUBJECT_TYPES: tuple[str, ...] = ("medewerker", "team", "locatie")
# Without an earlier conversation the figures cover the usual interval between two.
DEFAULT_PERIOD_DAYS = 42

REFLECTION_FIELDS: dict[str, str] = {
    "employee_results": "Resultaten (medewerker)",
    "employee_quality": "Kwaliteit (medewerker)",
    "employee_workload": "Werkdruk (medewerker)",
    "employee_pleasure": "Werkplezier (medewerker)",
    "manager_results": "Resultaten (leidinggevende)",
    "manager_quality": "Kwaliteit (leidinggevende)",
    "manager_workload": "Werkdruk (leidinggevende)",
    "learned": "Wat hebben we geleerd",
}
SCORE_FIELDS: dict[str, str] = {
    "werkplezier_score": "Werkplezier (1-5)",
    "werkdruk_score": "Ervaren werkdruk (1-5)",
}
EDITABLE_FIELDS: tuple[str, ...] = (*REFLECTION_FIELDS, *SCORE_FIELDS)
FINALISED_MESSAGE = "Dit gesprek is definitief vastgelegd en kan niet meer worden gewijzigd."


class EditConflict(ConflictError):
    """Someone else saved other text in a field this save changed too.

    The fields without such a clash are saved; `conflicts` holds, per clashing field, the
    text now stored (theirs), so the writer can compare it with their own and nothing is lost.
    `record` is the stored conversation after the save.
    """

    def __init__(self, conflicts: dict[str, Any], record: dict[str, Any]) -> None:
        names = ", ".join(
            REFLECTION_FIELDS.get(name) or SCORE_FIELDS.get(name, name) for name in conflicts
        )
        super().__init__(
            f"Iemand anders heeft intussen ook opgeslagen in: {names}. Uw tekst staat nog in"
            " het veld en de opgeslagen tekst eronder; sla opnieuw op om uw tekst te bewaren."
        )
        self.conflicts = conflicts
        self.record = record


class ConversationStart(BaseModel):
    subject_type: SubjectType = Field(title="Gesprek met")
    subject_id: str = Field(title="Wie", min_length=1, max_length=200)
    held_on: date = Field(title="Datum gesprek")

    @field_validator("subject_id", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class Reflections(BaseModel):
    """The typed part of a conversation; every field may be empty while it is a concept."""

    employee_results: str = Field(
        "", title=REFLECTION_FIELDS["employee_results"], max_length=MAX_TEXT_CHARS
    )
    employee_quality: str = Field(
        "", title=REFLECTION_FIELDS["employee_quality"], max_length=MAX_TEXT_CHARS
    )
    employee_workload: str = Field(
        "", title=REFLECTION_FIELDS["employee_workload"], max_length=MAX_TEXT_CHARS
    )
    employee_pleasure: str = Field(
        "", title=REFLECTION_FIELDS["employee_pleasure"], max_length=MAX_TEXT_CHARS
    )
    manager_results: str = Field(
        "", title=REFLECTION_FIELDS["manager_results"], max_length=MAX_TEXT_CHARS
    )
    manager_quality: str = Field(
        "", title=REFLECTION_FIELDS["manager_quality"], max_length=MAX_TEXT_CHARS
    )
    manager_workload: str = Field(
        "", title=REFLECTION_FIELDS["manager_workload"], max_length=MAX_TEXT_CHARS
    )
    learned: str = Field("", title=REFLECTION_FIELDS["learned"], max_length=MAX_TEXT_CHARS)
    werkplezier_score: int | None = Field(None, title=SCORE_FIELDS["werkplezier_score"], ge=1, le=5)
    werkdruk_score: int | None = Field(None, title=SCORE_FIELDS["werkdruk_score"], ge=1, le=5)

    @field_validator(*REFLECTION_FIELDS, mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value


def previous_conversation(
    store: Store, subject_type: str, subject_id: str, before: date | None = None
) -> dict[str, Any] | None:
    """The latest finalised conversation with this subject (held before `before`, if given)."""
    sql = (
        "select * from conversations where subject_type = ? and subject_id = ?"
        " and status = 'definitief'"
    )
    params: list[Any] = [subject_type, subject_id]
    if before is not None:
        sql += " and held_on < ?"
        params.append(before.isoformat())
    rows = store.fetch(sql + " order by held_on desc, finalised_at desc", params)
    return rows[0] if rows else None


def start_conversation(
    store: Store,
    data: dict[str, Any],
    manager_id: str,
    team_id: str | None = None,
    location_id: str | None = None,
) -> dict[str, Any]:
    """A new concept; its figures run from the previous conversation to this one."""
    start = validate(ConversationStart, data)
    previous = previous_conversation(store, start.subject_type, start.subject_id, start.held_on)
    period_start = (
        previous["held_on"]
        if previous
        else (start.held_on - timedelta(days=DEFAULT_PERIOD_DAYS)).isoformat()
    )
    now = utc_now()
    row = {
        "conversation_id": new_id(),
        "subject_type": start.subject_type,
        "subject_id": start.subject_id,
        "manager_id": manager_id,
        "held_on": start.held_on.isoformat(),
        "period_start": period_start,
        "period_end": start.held_on.isoformat(),
        "status": "concept",
        "created_by": manager_id,
        "created_at": now,
        "updated_at": now,
        "team_id": team_id,
        "location_id": location_id,
    }
    with store.transaction() as tx:
        tx.insert("conversations", row)
    return get_conversation(store, row["conversation_id"])


def get_conversation(store: Store, conversation_id: str) -> dict[str, Any]:
    rows = store.fetch("select * from conversations where conversation_id = ?", [conversation_id])
    if not rows:
        raise KeyError(f"gesprek {conversation_id} bestaat niet")
    return rows[0]


def open_draft(store: Store, subject_type: str, subject_id: str) -> dict[str, Any] | None:
    """The most recent concept with this subject, to continue where it was left."""
    rows = store.fetch(
        "select * from conversations where subject_type = ? and subject_id = ?"
        " and status = 'concept' order by updated_at desc",
        [subject_type, subject_id],
    )
    return rows[0] if rows else None


def save_draft(store: Store, conversation_id: str, data: dict[str, Any]) -> int:
    """Store the fields in `data` (only those: two people typing in different fields of one
    concept do not overwrite each other); returns the new revision.

    Refused (ConflictError) once the conversation is finalised: a record never changes.
    """
    reflections = validate(Reflections, data)
    values = reflections.model_dump(include=set(data) & set(Reflections.model_fields))
    if not values:
        raise ValueError("save_draft needs at least one field of the conversation")
    assignments = ", ".join(f"{name} = ?" for name in values)
    with store.transaction() as tx:
        changed = tx.execute(
            f"update conversations set {assignments}, revision = revision + 1, updated_at = ?"
            " where conversation_id = ? and status = 'concept'",
            [*values.values(), utc_now(), conversation_id],
        )
        if changed != 1:
            _refuse(
                tx.fetch(
                    "select status from conversations where conversation_id = ?", [conversation_id]
                ),
                conversation_id,
            )
        return tx.fetch(
            "select revision from conversations where conversation_id = ?", [conversation_id]
        )[0]["revision"]


def _changes(base: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The fields of `data` (validated) that differ from the copy `base` they were typed on."""
    names = set(data) & set(EDITABLE_FIELDS)
    typed = validate(Reflections, {name: data[name] for name in names}).model_dump(include=names)
    known = validate(Reflections, {n: base.get(n) for n in EDITABLE_FIELDS}).model_dump()
    return {name: value for name, value in typed.items() if value != known[name]}


def _locked_row(tx: Any, conversation_id: str) -> dict[str, Any]:
    """The stored conversation, locked for this transaction (SQLite: BEGIN IMMEDIATE)."""
    lock = " for update" if tx.dialect == "postgresql" else ""
    rows = tx.fetch(
        f"select * from conversations where conversation_id = ?{lock}", [conversation_id]
    )
    if not rows:
        raise KeyError(f"gesprek {conversation_id} bestaat niet")
    if rows[0]["status"] != "concept":
        raise ConflictError(FINALISED_MESSAGE)
    return rows[0]


def _merge(
    current: dict[str, Any], base: dict[str, Any], changes: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields to write, clashes): a change clashes when the stored value moved on since
    `base` was loaded (another save) to something other than what this writer typed."""
    if current["revision"] == base.get("revision"):
        return changes, {}
    stored = validate(Reflections, {n: current[n] for n in EDITABLE_FIELDS}).model_dump()
    known = validate(Reflections, {n: base.get(n) for n in EDITABLE_FIELDS}).model_dump()
    clashes = {
        name: current[name]
        for name, value in changes.items()
        if stored[name] != known[name] and stored[name] != value
    }
    return {n: v for n, v in changes.items() if n not in clashes}, clashes


def _write(tx: Any, conversation_id: str, revision: int, values: dict[str, Any]) -> None:
    """One optimistic write: only if the record is still the concept at `revision`."""
    assignments = "".join(f"{name} = ?, " for name in values)
    changed = tx.execute(
        f"update conversations set {assignments}revision = revision + 1, updated_at = ?"
        " where conversation_id = ? and status = 'concept' and revision = ?",
        [*values.values(), utc_now(), conversation_id, revision],
    )
    if changed != 1:
        raise ConflictError("Het gesprek is intussen gewijzigd; probeer het opnieuw.")


def save_changes(
    store: Store, conversation_id: str, base: dict[str, Any], data: dict[str, Any]
) -> dict[str, Any]:
    """Save what was typed in `data` on the copy `base` (a stored conversation with its
    revision, as this writer loaded it); returns the stored conversation after the save.

    Only fields that differ from `base` are written, so fields someone else saved meanwhile
    stay. A field both changed raises EditConflict (after saving the other fields); a
    conversation finalised meanwhile raises ConflictError and nothing is written.
    """
    changes = _changes(base, data)
    clashes: dict[str, Any] = {}
    with store.transaction() as tx:
        current = _locked_row(tx, conversation_id)
        values, clashes = _merge(current, base, changes)
        if values:
            _write(tx, conversation_id, current["revision"], values)
    record = get_conversation(store, conversation_id)
    if clashes:
        raise EditConflict(clashes, record)
    return record


def finalise(
    store: Store,
    conversation_id: str,
    data: dict[str, Any],
    figures: dict[str, Any],
    finalised_by: str,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Save the last reflections and fix the record with its figures and agreements.

    Only the fields in `data` are written (with `base`, the copy they were typed on: only
    those that differ from it, and a field someone else changed meanwhile raises EditConflict
    without finalising). Needs 'wat hebben we geleerd': learning is the point.
    """
    validate(Reflections, data)
    conversation = get_conversation(store, conversation_id)
    if conversation["status"] != "concept":
        raise ConflictError(FINALISED_MESSAGE)
    if base is None:
        base = conversation
        changes = validate(Reflections, data).model_dump(include=set(data) & set(EDITABLE_FIELDS))
    else:
        changes = _changes(base, data)
    # Open agreements of the subject (carried over) and those made in this conversation.
    agreements = {
        a["agreement_id"]: a
        for a in agreements_with_status(
            store,
            subject_type=conversation["subject_type"],
            subject_id=conversation["subject_id"],
            only_open=True,
        )
        + agreements_with_status(store, conversation_id=conversation_id)
    }
    with store.transaction() as tx:
        current = _locked_row(tx, conversation_id)
        values, clashes = _merge(current, base, changes)
        if clashes:
            if values:
                _write(tx, conversation_id, current["revision"], values)
        else:
            learned = values.get("learned", current["learned"]) or ""
            if not learned.strip():
                raise InvalidInput([f"{REFLECTION_FIELDS['learned']}: dit veld is verplicht."])
            now = utc_now()
            _write(
                tx,
                conversation_id,
                current["revision"],
                {
                    **values,
                    "status": "definitief",
                    "figures_snapshot": json.dumps(figures, default=str, ensure_ascii=False),
                    "agreements_snapshot": json.dumps(
                        list(agreements.values()), default=str, ensure_ascii=False
                    ),
                    "finalised_by": finalised_by,
                    "finalised_at": now,
                },
            )
    if clashes:
        raise EditConflict(clashes, get_conversation(store, conversation_id))
    return get_conversation(store, conversation_id)


def _refuse(rows: list[dict[str, Any]], conversation_id: str) -> None:
    if not rows:
        raise KeyError(f"gesprek {conversation_id} bestaat niet")
    raise ConflictError(FINALISED_MESSAGE)


def conversation_history(store: Store, subject_type: str, subject_id: str) -> list[dict[str, Any]]:
    """Finalised conversations with this subject, oldest first (for trends over time)."""
    return store.fetch(
        "select * from conversations where subject_type = ? and subject_id = ?"
        " and status = 'definitief' order by held_on, finalised_at",
        [subject_type, subject_id],
    )


def conversations_in_scope(
    store: Store, team_id: str | None = None, location_id: str | None = None
) -> list[dict[str, Any]]:
    """Every conversation recorded in a team or location, newest first."""
    sql = "select * from conversations where 1 = 1"
    params: list[Any] = []
    if team_id is not None:
        sql += " and (team_id = ? or (subject_type = 'team' and subject_id = ?))"
        params += [team_id, team_id]
    if location_id is not None:
        sql += " and (location_id = ? or (subject_type = 'locatie' and subject_id = ?))"
        params += [location_id, location_id]
    return store.fetch(sql + " order by held_on desc", params)


def mean_score(
    conversations: list[dict[str, Any]], field: str, minimum_group_size: int
) -> float | None:
    """The mean of a score over the conversations that have one; None (hidden) when fewer
    than `minimum_group_size` people gave it, since a mean over so few shows their scores."""
    scored = [c for c in conversations if c.get(field) is not None]
    people = {(c["subject_type"], c["subject_id"]) for c in scored}
    if not scored or len(people) < max(minimum_group_size, 1):
        return None
    return sum(c[field] for c in scored) / len(scored)


def snapshot_of(conversation: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(figures, agreements) kept with a finalised conversation."""
    figures = json.loads(conversation["figures_snapshot"] or "{}")
    agreements = json.loads(conversation["agreements_snapshot"] or "[]")
    return figures, agreements
