"""Check: drafts are saved as typed; a finalised record never changes and keeps its figures."""

from __future__ import annotations

import json

import pytest

from dashboard.pdca.agreements import add_agreement, update_agreement
from dashboard.pdca.conversations import (
    EditConflict,
    conversation_history,
    conversations_in_scope,
    finalise,
    get_conversation,
    mean_score,
    open_draft,
    save_changes,
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


def test_two_sessions_saving_different_fields_of_a_loaded_copy_both_stay(store: Store) -> None:
    """Each session saves its whole form, typed on the copy it loaded: only what it changed
    is written, so neither empties the field the other saved."""
    draft = _start(store)
    cid = draft["conversation_id"]
    first, second = dict(draft), dict(draft)  # both sessions load the same copy
    typed_first = {**first, "employee_results": "Van de medewerker"}
    typed_second = {**second, "manager_results": "Van de leidinggevende"}
    after_first = save_changes(store, cid, first, typed_first)
    after_second = save_changes(store, cid, second, typed_second)
    assert (after_first["revision"], after_second["revision"]) == (1, 2)
    record = get_conversation(store, cid)
    assert (record["employee_results"], record["manager_results"]) == (
        "Van de medewerker",
        "Van de leidinggevende",
    )
    # Nothing changed against the copy: nothing written, the revision stays.
    assert save_changes(store, cid, record, dict(record))["revision"] == 2


def test_two_sessions_saving_one_field_the_second_gets_a_conflict_with_both_texts(
    store: Store,
) -> None:
    draft = _start(store)
    cid = draft["conversation_id"]
    save_changes(store, cid, draft, {"manager_results": "Tekst van A"})
    with pytest.raises(EditConflict) as conflict:
        save_changes(
            store, cid, draft, {"manager_results": "Tekst van B", "learned": "Alleen B typte dit"}
        )
    # B is told, with the stored text; B's own text is B's to keep; B's other field merged.
    assert conflict.value.conflicts == {"manager_results": "Tekst van A"}
    assert "Resultaten (leidinggevende)" in str(conflict.value)
    record = get_conversation(store, cid)
    assert (record["manager_results"], record["learned"]) == ("Tekst van A", "Alleen B typte dit")
    assert conflict.value.record["revision"] == record["revision"] == 2
    # Having seen both, B saves again on the stored copy: now B's text is what B chose.
    save_changes(store, cid, conflict.value.record, {"manager_results": "Tekst van B"})
    assert get_conversation(store, cid)["manager_results"] == "Tekst van B"
    # The same text typed twice is no conflict.
    stale = get_conversation(store, cid)
    save_changes(store, cid, stale, {"learned": "Samen"})
    save_changes(store, cid, stale, {"learned": "Samen"})


def test_a_save_into_a_concept_finalised_meanwhile_is_refused(store: Store) -> None:
    draft = _start(store)
    cid = draft["conversation_id"]
    finalise(store, cid, {"learned": "Vastgelegd door A"}, FIGURES, "a", base=draft)
    with pytest.raises(ConflictError, match="definitief") as refused:
        save_changes(store, cid, draft, {"employee_results": "Later getypt door B"})
    assert not isinstance(refused.value, EditConflict)
    with pytest.raises(ConflictError, match="definitief"):
        finalise(store, cid, {"learned": "B"}, {}, "b", base=draft)
    record = get_conversation(store, cid)
    assert (record["employee_results"], record["learned"]) == ("", "Vastgelegd door A")


def test_finalising_keeps_what_another_session_saved_and_checks_the_revision(
    store: Store,
) -> None:
    draft = _start(store)
    cid = draft["conversation_id"]
    other = save_changes(store, cid, draft, {"manager_results": "Van de andere sessie"})
    # A finalises its whole form, typed on the old copy: the other text stays.
    typed = {**draft, "learned": "Geleerd"}
    record = finalise(store, cid, typed, FIGURES, "a", base=draft)
    assert (record["status"], record["manager_results"], record["learned"]) == (
        "definitief",
        "Van de andere sessie",
        "Geleerd",
    )
    assert record["revision"] == other["revision"] + 1
    # A clash on finalising: nothing is finalised, the typed other fields are merged.
    second = _start(store, "2026-12-01")
    cid2 = second["conversation_id"]
    save_changes(store, cid2, second, {"learned": "Tekst van A"})
    with pytest.raises(EditConflict) as conflict:
        finalise(
            store,
            cid2,
            {"learned": "Tekst van B", "employee_quality": "B"},
            FIGURES,
            "b",
            base=second,
        )
    assert conflict.value.conflicts == {"learned": "Tekst van A"}
    stored = get_conversation(store, cid2)
    assert (stored["status"], stored["learned"], stored["employee_quality"]) == (
        "concept",
        "Tekst van A",
        "B",
    )
