"""Check: drafts are saved as typed; a finalised record never changes and keeps its figures."""

from __future__ import annotations

import json

import pytest

from dashboard.pdca.agreements import add_agreement, update_agreement
from dashboard.pdca.conversations import (
    conversation_history,
    conversations_in_scope,
    finalise,
    get_conversation,
    mean_score,
    open_draft,
    save_draft,
    snapshot_of,
    start_conversation,
)
from dashboard.pdca.store import ConflictError, Store
from dashboard.pdca.validation import InvalidInput

FIGURES = {"figures": {"productie_zaken": {"label": "Productie", "unit": "zaken", "value": 12}}}


def _start(store: Store, held_on: str = "2026-11-22", subject: str = "E1") -> dict:
    return start_conversation(
        store,
        {"subject_type": "medewerker", "subject_id": subject, "held_on": held_on},
        "manager",
        team_id="T1",
        location_id="L1",
    )


def test_first_conversation_covers_six_weeks_next_one_since_the_previous(store: Store) -> None:
    first = _start(store, "2026-10-01")
    assert (first["period_start"], first["period_end"]) == ("2026-08-20", "2026-10-01")
    finalise(store, first["conversation_id"], {"learned": "Eerder hulp vragen"}, FIGURES, "m")
    second = _start(store, "2026-11-12")
    assert (second["period_start"], second["period_end"]) == ("2026-10-01", "2026-11-12")


def test_draft_saves_and_reopens(store: Store) -> None:
    draft = _start(store)
    assert save_draft(store, draft["conversation_id"], {"employee_results": "Goed"}) == 1
    assert save_draft(store, draft["conversation_id"], {"employee_results": "Beter"}) == 2
    reopened = open_draft(store, "medewerker", "E1")
    assert (reopened["conversation_id"], reopened["employee_results"]) == (
        draft["conversation_id"],
        "Beter",
    )


def test_a_draft_save_changes_only_the_fields_it_names(store: Store) -> None:
    """Two people on one concept: each saves the field they typed in; both stay."""
    draft = _start(store)
    save_draft(store, draft["conversation_id"], {"employee_results": "Van de medewerker"})
    save_draft(store, draft["conversation_id"], {"manager_results": "Van de leidinggevende"})
    record = get_conversation(store, draft["conversation_id"])
    assert (record["employee_results"], record["manager_results"]) == (
        "Van de medewerker",
        "Van de leidinggevende",
    )
    with pytest.raises(ValueError, match="at least one field"):
        save_draft(store, draft["conversation_id"], {"onbekend": "x"})


def test_finalised_record_is_immutable_and_keeps_its_snapshot(store: Store) -> None:
    draft = _start(store)
    agreement = add_agreement(
        store,
        {"what": "Mentor vragen", "owner": "E1", "due_on": "2099-01-01"},
        subject_type="medewerker",
        subject_id="E1",
        created_by="manager",
        conversation_id=draft["conversation_id"],
    )
    data = {"learned": "Vaker overleggen", "werkplezier_score": 4, "werkdruk_score": 3}
    record = finalise(store, draft["conversation_id"], data, FIGURES, "manager")
    assert record["status"] == "definitief"
    with pytest.raises(ConflictError, match="definitief"):
        save_draft(store, draft["conversation_id"], {"learned": "anders"})
    with pytest.raises(ConflictError):
        finalise(store, draft["conversation_id"], {"learned": "anders"}, {}, "manager")
    # Later changes to the agreement and the data do not change what was recorded.
    update_agreement(store, agreement["agreement_id"], {"status": "afgerond"}, "manager")
    figures, agreements = snapshot_of(get_conversation(store, draft["conversation_id"]))
    assert figures == FIGURES
    assert [(a["what"], a["status"]) for a in agreements] == [("Mentor vragen", "open")]
    assert get_conversation(store, draft["conversation_id"])["learned"] == "Vaker overleggen"


def test_open_agreements_of_earlier_conversations_are_in_the_next_snapshot(store: Store) -> None:
    first = _start(store, "2026-10-01")
    add_agreement(
        store,
        {"what": "Oude afspraak", "owner": "E1", "due_on": "2099-01-01"},
        subject_type="medewerker",
        subject_id="E1",
        created_by="m",
        conversation_id=first["conversation_id"],
    )
    finalise(store, first["conversation_id"], {"learned": "x"}, {}, "m")
    second = _start(store, "2026-11-12")
    record = finalise(store, second["conversation_id"], {"learned": "y"}, {}, "m")
    assert [a["what"] for a in json.loads(record["agreements_snapshot"])] == ["Oude afspraak"]


def test_werkplezier_trend_over_conversations(store: Store) -> None:
    for held_on, score in (("2026-08-01", 2), ("2026-09-15", 3), ("2026-11-01", 4)):
        draft = _start(store, held_on)
        finalise(
            store, draft["conversation_id"], {"learned": "x", "werkplezier_score": score}, {}, "m"
        )
    _start(store, "2026-12-01")  # a concept is not part of the trend
    history = conversation_history(store, "medewerker", "E1")
    assert [(c["held_on"], c["werkplezier_score"]) for c in history] == [
        ("2026-08-01", 2),
        ("2026-09-15", 3),
        ("2026-11-01", 4),
    ]


def test_mean_score_is_hidden_below_the_minimum_group_size(store: Store) -> None:
    """One person's two conversations are still one person: no mean that shows their score."""
    for held_on, subject, score in (
        ("2026-10-01", "E1", 2),
        ("2026-11-01", "E1", 4),
        ("2026-11-02", "E2", 5),
    ):
        draft = _start(store, held_on, subject)
        finalise(
            store, draft["conversation_id"], {"learned": "x", "werkplezier_score": score}, {}, "m"
        )
    held = conversations_in_scope(store, team_id="T1")
    assert mean_score(held[1:], "werkplezier_score", 2) is None  # E1 alone, twice
    assert mean_score(held, "werkplezier_score", 3) is None
    assert mean_score(held, "werkplezier_score", 2) == pytest.approx(11 / 3)
    assert mean_score([], "werkplezier_score", 1) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"learned": ""}, "Wat hebben we geleerd: dit veld is verplicht."),
        ({"learned": "x", "werkplezier_score": 0}, "Werkplezier (1-5): moet minstens 1 zijn."),
        ({"learned": "x", "werkdruk_score": 6}, "Ervaren werkdruk (1-5): mag hoogstens 5 zijn."),
        (
            {"learned": "x", "manager_quality": "y" * 5001},
            "Kwaliteit (leidinggevende): te lang (maximaal 5000 tekens).",
        ),
    ],
)
def test_bad_conversation_input_gives_a_clear_message(store: Store, data, message) -> None:
    draft = _start(store)
    with pytest.raises(InvalidInput) as error:
        finalise(store, draft["conversation_id"], data, {}, "m")
    assert message in error.value.messages
    assert get_conversation(store, draft["conversation_id"])["status"] == "concept"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"subject_type": "medewerker", "subject_id": "", "held_on": "2026-11-22"},
            "Wie: dit veld is verplicht.",
        ),
        (
            {"subject_type": "medewerker", "subject_id": "E1", "held_on": None},
            "Datum gesprek: dit veld is verplicht.",
        ),
    ],
)
def test_bad_start_gives_a_clear_message(store: Store, data, message) -> None:
    with pytest.raises(InvalidInput) as error:
        start_conversation(store, data, "m")
    assert message in error.value.messages
