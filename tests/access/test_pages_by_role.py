"""Every page of the navigation, as every role, through the entry file as a browser would
reach it: refused pages say so in Dutch, crafted URL parameters never widen the scope, and
every view of named personal figures writes one audit entry.

Warehouse (tests/pdca/conftest.py): location L1, team T1 (E1 Anna de Vries, E2 Bram
Jansen), team T2 (E3 Cor Bakker).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.audit import audit_entries
from dashboard.pdca.agreements import add_agreement
from dashboard.pdca.conversations import finalise, start_conversation
from dashboard.pdca.store import Store
from pipelines.settings import PROJECT_ROOT
from tests.pdca.conftest import build_warehouse

APP = PROJECT_ROOT / "dashboard" / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"([^"]+)"', APP.read_text(encoding="utf-8"))
NAMES = ("Anna de Vries", "Bram Jansen", "Cor Bakker")
# Loads, data quality (raw quarantined rows) and the audit log: the beheerder's alone.
ADMIN_PAGES = ("views/datakwaliteit.py", "views/laden.py", "views/beheer_audit.py")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")


@pytest.fixture
def store(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Local demo mode on the test warehouse, with its own PDCA store and data directory."""
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse))
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    monkeypatch.setenv("STURING_PDCA_URL", url)
    monkeypatch.setenv("STURING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STURING_ACCESS_CONFIG", str(PROJECT_ROOT / "config/access.example.yaml"))
    return Store(url)


def as_role(role: str, unit: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.session_state["access_demo_role"] = role
    if unit is not None:
        at.session_state[f"access_demo_unit_{role}"] = unit
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def page_text(at: AppTest) -> str:
    """Everything the page shows as text, tables included."""
    shown = (*at.markdown, *at.error, *at.info, *at.caption, *at.title, *at.header, *at.subheader)
    parts = [e.value for e in shown]
    parts += [str(m.value) + str(m.label) for m in at.metric]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


ROLES = [
    ("medewerker", "E1"),
    ("teammanager", "T1"),
    ("locatiehoofd", "L1"),
    ("management", None),
    ("beheerder", None),
]


@pytest.mark.parametrize(("role", "unit"), ROLES)
def test_every_page_as_every_role(role: str, unit: str | None, store: Store) -> None:
    at = as_role(role, unit)
    assert at.warning[0].value.startswith("Lokale demomodus — niet aan een netwerk koppelen")
    for page in PAGES:
        text = page_text(visit(at, page))
        refused = [e.value for e in at.error if e.value.startswith("Geen toegang")]
        if role == "medewerker":
            assert "Bram Jansen" not in text and "Cor Bakker" not in text, page
        if role == "teammanager":
            assert "Cor Bakker" not in text, page  # team T2
        if role in ("locatiehoofd", "management", "beheerder"):
            assert not any(name in text for name in NAMES), (page, role)
        if page in ADMIN_PAGES:
            assert bool(refused) == (role != "beheerder"), (page, refused)
        if page == "views/laden.py":  # only the beheerder gets something to load with
            assert bool(at.get("file_uploader")) == (role == "beheerder"), role
        if role == "management" and page not in ADMIN_PAGES:
            # Three people in all, fewer than the minimum of 5: no figure on any page.
            # (The actions page counts the agreements this viewer may read: none.)
            shown = [(m.label, m.value) for m in at.metric if m.value not in ("0", "–")]
            assert not shown, (page, shown)
            assert not at.dataframe, page


def test_crafted_team_parameter_is_refused(store: Store) -> None:
    at = as_role("teammanager", "T1", team="T2")
    assert any(e.value.startswith("Geen toegang tot team T2") for e in at.error)
    assert "T2" not in str(at.query_params.get("team", ""))  # the filters dropped it
    at = visit(at, "views/team.py")
    assert "Cor Bakker" not in page_text(at)
    assert "Anna de Vries" in page_text(at)


def test_crafted_employee_parameter_is_refused_on_the_conversation_page(store: Store) -> None:
    at = as_role("teammanager", "T1", eenheid="medewerker", id="E3")
    at = visit(at, "views/pdca_gesprek.py")
    assert at.error[0].value.startswith("Geen toegang tot de cijfers van medewerker E3")
    assert audit_entries(store) == []


def test_conversation_page_view_is_logged_once(store: Store) -> None:
    at = as_role("teammanager", "T1", eenheid="medewerker", id="E2")
    visit(at, "views/pdca_gesprek.py")
    at.run()  # a rerun of the same visit
    entries = [(e["action"], e["subject_id"], e["page"]) for e in audit_entries(store)]
    assert entries.count(("bekijk_gesprek", "E2", "pdca_gesprek")) == 1


def test_employee_page_as_the_employee_writes_one_entry(store: Store) -> None:
    at = as_role("medewerker", "E1")
    visit(at, "views/medewerker.py")
    at.run()
    entries = [(e["subject_type"], e["subject_id"]) for e in audit_entries(store)]
    assert entries == [("medewerker", "E1")]
    assert "Anna de Vries" in page_text(at)


def test_a_locked_audit_log_stops_the_page_within_seconds(store: Store) -> None:
    """No log, no figures: and the page says so in seconds, not after the store's 30 s."""
    import sqlite3
    import time

    audit_entries(store)  # the store exists, migrated
    at = as_role("medewerker", "E1")
    locker = sqlite3.connect(store.sqlite_path, isolation_level=None)
    locker.execute("begin immediate")
    try:
        started = time.monotonic()
        at.switch_page("views/medewerker.py").run()
        assert time.monotonic() - started < 15
    finally:
        locker.rollback()
        locker.close()
    assert not at.exception, [e.value for e in at.exception]
    assert any("auditlogboek is niet bereikbaar" in e.value for e in at.error)
    assert "Anna de Vries" not in page_text(at)


def _conversation(store: Store, employee: str, held_on: str) -> dict:
    return start_conversation(
        store,
        {"subject_type": "medewerker", "subject_id": employee, "held_on": held_on},
        "manager@ind.example",
        team_id="T1",
        location_id="L1",
    )


def _agreement(store: Store, subject_type: str, subject_id: str, what: str, due_on: str, **kw):
    """An open agreement in team T1 at L1; `kw` as `add_agreement` takes it."""
    add_agreement(
        store,
        {"what": what, "owner": subject_id, "due_on": due_on},
        subject_type=subject_type,
        subject_id=subject_id,
        created_by="m",
        team_id="T1",
        location_id="L1",
        **kw,
    )


def test_employee_page_prepares_the_next_conversation(store: Store) -> None:
    """What was learned last time, the scores, a concept waiting and the open agreements, with
    a link to the conversation page; the view of the record is logged once, apart from the
    view of the figures."""
    store.migrate()
    earlier = _conversation(store, "E1", "2026-09-01")
    finalise(store, earlier["conversation_id"], {"learned": "Te laat gevraagd"}, {}, "m")
    previous = _conversation(store, "E1", "2026-10-01")
    for what, due_on in (("Werkvoorraad opschonen", "2099-01-01"), ("Cursus", "2098-06-01")):
        _agreement(
            store, "medewerker", "E1", what, due_on, conversation_id=previous["conversation_id"]
        )
    finalise(
        store,
        previous["conversation_id"],
        {"learned": "Eerder om hulp vragen", "werkplezier_score": 4, "werkdruk_score": 2},
        {},
        "m",
    )
    _conversation(store, "E1", "2026-11-20")  # the next one, a concept
    at = as_role("teammanager", "T1")
    visit(at, "views/medewerker.py")
    assert at.selectbox(key="employee_choice").value == "E1"
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    # The latest finalised conversation, not the earlier one, and not the concept.
    # (the identity as typed: its dot escaped in the Markdown source)
    assert r"Vorig gesprek: **01-10-2026** (leidinggevende manager@ind\.example)." in text
    assert [e.value for e in at.text] == ["Eerder om hulp vragen"]
    assert "Werkplezier: 4 · Ervaren werkdruk: 2 (1-5)" in text
    assert "concept klaar voor het gesprek op 20-11-2026" in text
    # The figures since that conversation start on its day.
    assert at.date_input(key="employee_since").value.isoformat() == "2026-10-01"
    [agreements] = [f.value for f in at.dataframe if "Afspraak" in f.value.columns]
    assert agreements["Afspraak"].to_list() == ["Cursus", "Werkvoorraad opschonen"]
    [link] = at.get("page_link")
    assert link.proto.label == "Naar het goede gesprek met Anna de Vries"
    assert (link.proto.page, link.proto.query_string) == (
        "pdca_gesprek",
        "eenheid=medewerker&id=E1",
    )
    at.run()  # a rerun of the same visit logs nothing new
    entries = [(e["action"], e["subject_id"]) for e in audit_entries(store)]
    assert entries.count(("bekijk_gesprek", "E1")) == 1
    assert entries.count(("bekijk_cijfers", "E1")) == 1


def test_employee_page_without_records_says_so(store: Store) -> None:
    at = as_role("medewerker", "E1")
    visit(at, "views/medewerker.py")
    text = page_text(at)
    assert "Er is nog geen definitief vastgelegd gesprek met deze medewerker." in text
    assert "Geen openstaande afspraken met deze medewerker." in text
    assert "PDCA-module" not in text


def test_team_page_counts_the_team_agreements_and_links_to_its_review(store: Store) -> None:
    store.migrate()
    # Entered on 1 January 2020: the first is overdue now.
    _agreement(
        store, "team", "T1", "Werkoverleg over de voorraad", "2020-02-01", today=date(2020, 1, 1)
    )
    _agreement(store, "team", "T1", "Inwerken", "2099-01-01")
    at = as_role("teammanager", "T1")
    visit(at, "views/team.py")
    assert "Afspraken met het team: 2 open, waarvan 1 verlopen." in page_text(at)
    assert "Er zijn nog geen sturingsdoelen vastgelegd voor deze periode." in page_text(at)
    [link] = at.get("page_link")
    assert (link.proto.page, link.proto.query_string) == ("pdca_review", "eenheid=team&id=T1")
    assert link.proto.label.startswith("Naar de teamreview van ")


def _unit_options(at: AppTest, key: str, unit_type: str) -> list[str]:
    return list(at.selectbox(key=f"{key}_unit_id_{unit_type}").options)


@pytest.mark.parametrize(
    ("role", "unit", "employees", "teams"),
    [
        ("medewerker", "E1", ["Anna de Vries (E1)"], []),
        ("teammanager", "T1", ["Anna de Vries (E1)", "Bram Jansen (E2)"], ["T1"]),
        ("locatiehoofd", "L1", [], ["T1", "T2"]),
        ("management", None, [], []),  # both teams smaller than the minimum group size
    ],
)
def test_unit_pickers_list_only_the_units_the_viewer_may_open(
    store: Store, role: str, unit: str | None, employees: list[str], teams: list[str]
) -> None:
    """Goede gesprek and Sturingsdoelen: no employee id (and no team) outside the viewer's
    rights in the pick lists; an employee only with the right to the name."""
    for page, key in (
        ("views/pdca_gesprek.py", "pdca_gesprek"),
        ("views/pdca_doelen.py", "pdca_doelen"),
    ):
        at = visit(as_role(role, unit, eenheid="medewerker"), page)
        assert _unit_options(at, key, "medewerker") == employees, (page, role)
        at = visit(as_role(role, unit, eenheid="team"), page)
        shown = _unit_options(at, key, "team")
        assert [option.rsplit("(", 1)[-1].rstrip(")") for option in shown] == teams, (page, shown)
