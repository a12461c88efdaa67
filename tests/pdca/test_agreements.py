"""Act: agreements keep every status change and carry over until closed."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.pdca.agreements import (
    add_agreement,
    agreement_history,
    agreements_with_status,
    is_overdue,
    update_agreement,
)
from dashboard.pdca.store import Store
from dashboard.pdca.validation import InvalidInput

TODAY = date(2026, 11, 22)
SUBJECT = {"subject_type": "medewerker", "subject_id": "E1"}


def _add(store: Store, what: str = "Twee dossiers per week afronden", due: str = "2026-12-15"):
    return add_agreement(
        store,
        {"what": what, "owner": "E1", "due_on": due},
        **SUBJECT,
        created_by="manager",
        team_id="T1",
        location_id="L1",
        today=TODAY,
    )


def test_status_changes_are_kept_and_the_latest_counts(store: Store) -> None:
    agreement = _add(store)
    update_agreement(store, agreement["agreement_id"], {"status": "bezig"}, "E1")
    update_agreement(
        store, agreement["agreement_id"], {"status": "afgerond", "note": "Gehaald"}, "manager"
    )
    [row] = agreements_with_status(store, **SUBJECT)
    assert (row["status"], row["note"]) == ("afgerond", "Gehaald")
    history = agreement_history(store, agreement["agreement_id"])
    assert [h["status"] for h in history] == ["open", "bezig", "afgerond"]


def test_only_open_agreements_carry_over(store: Store) -> None:
    done = _add(store, "Klaar")
    _add(store, "Nog open")
    update_agreement(store, done["agreement_id"], {"status": "afgerond"}, "manager")
    open_ones = agreements_with_status(store, **SUBJECT, only_open=True)
    assert [a["what"] for a in open_ones] == ["Nog open"]
    assert [a["what"] for a in agreements_with_status(store, team_id="T1", only_open=True)] == [
        "Nog open"
    ]
    assert agreements_with_status(store, team_id="T2") == []


@pytest.mark.parametrize(
    ("status", "due_on", "overdue"),
    [
        ("open", "2026-11-21", True),
        ("bezig", "2026-11-21", True),
        ("open", "2026-11-22", False),
        ("afgerond", "2026-11-01", False),
        ("vervallen", "2026-11-01", False),
    ],
)
def test_is_overdue(status: str, due_on: str, overdue: bool) -> None:
    assert is_overdue({"status": status, "due_on": due_on}, TODAY) is overdue


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"what": ""}, "Afspraak: dit veld is verplicht."),
        ({"what": "   "}, "Afspraak: dit veld is verplicht."),
        ({"owner": ""}, "Wie: dit veld is verplicht."),
        ({"due_on": "2026-11-21"}, "Uiterlijk op: de datum ligt in het verleden."),
        ({"due_on": ""}, "Uiterlijk op: dit veld is verplicht."),
        ({"due_on": "morgen"}, "Uiterlijk op: vul een datum in."),
        ({"what": "x" * 5001}, "Afspraak: te lang (maximaal 5000 tekens)."),
    ],
)
def test_bad_agreement_gives_a_clear_message(store: Store, change: dict, message: str) -> None:
    data = {"what": "Iets", "owner": "E1", "due_on": "2026-12-01", **change}
    with pytest.raises(InvalidInput) as error:
        add_agreement(store, data, **SUBJECT, created_by="m", today=TODAY)
    assert message in error.value.messages
    assert agreements_with_status(store) == []


def test_bad_status_update_is_refused(store: Store) -> None:
    agreement = _add(store)
    with pytest.raises(InvalidInput, match="Status: kies een van"):
        update_agreement(store, agreement["agreement_id"], {"status": "half"}, "m")
    with pytest.raises(KeyError):
        update_agreement(store, "bestaat-niet", {"status": "open"}, "m")
