"""The PDCA pages, driven with Streamlit's AppTest against a temporary store and warehouse."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.config import Role, Scope
from dashboard.access.login import VIEWER_KEY
from dashboard.access.scope import Viewer
from dashboard.pdca.agreements import add_agreement, agreements_with_status
from dashboard.pdca.conversations import (
    conversation_history,
    finalise,
    open_draft,
    start_conversation,
)
from dashboard.pdca.goals import current_goals, save_goal
from dashboard.pdca.store import Store
from tests.pdca.test_goals import GOAL

PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "views"
TIMEOUT = 60


@pytest.fixture
def pdca_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The store the pages open (through STURING_PDCA_URL), in a temporary file."""
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    monkeypatch.setenv("STURING_PDCA_URL", url)
    store = Store(url)
    store.migrate()
    return store


@pytest.fixture
def with_warehouse(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse))
    return warehouse


@pytest.fixture
def without_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(tmp_path / "absent.duckdb"))


# A team manager of both teams, as the entry page's access gate would identify in local mode.
MANAGER = Viewer(
    identity="manager@ind.example",
    name="Marja Manager",
    scopes=(Scope(Role.TEAMMANAGER, frozenset({"T1", "T2"})),),
    local_mode=True,
)


def page(name: str, viewer: Viewer = MANAGER, **params: str) -> AppTest:
    """The page `name` run once as `viewer` (the team manager of T1 and T2 by default)."""
    app = AppTest.from_file(str(PAGES / name), default_timeout=TIMEOUT)
    app.session_state[VIEWER_KEY] = viewer
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def texts(app: AppTest) -> str:
    parts = [
        e.value
        for kind in ("error", "success", "info", "caption", "markdown")
        for e in getattr(app, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    "name", ["pdca_doelen.py", "pdca_gesprek.py", "pdca_acties.py", "pdca_review.py"]
)
def test_every_page_runs_without_a_warehouse(pdca_store, without_warehouse, name) -> None:
    app = page(name)
    assert not app.exception
    app = page(name, eenheid="team", id="T1")
    assert not app.exception


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("pdca_doelen.py", {"eenheid": "team", "id": "T1"}),
        ("pdca_doelen.py", {"eenheid": "organisatie"}),
        ("pdca_gesprek.py", {"eenheid": "medewerker", "id": "E1"}),
        ("pdca_gesprek.py", {"eenheid": "team", "id": "T1"}),
        ("pdca_acties.py", {}),
        ("pdca_review.py", {"eenheid": "team", "id": "T1"}),
        ("pdca_review.py", {"eenheid": "locatie", "id": "L1"}),
    ],
)
def test_every_page_runs_with_data(pdca_store, with_warehouse, name, params) -> None:
    save_goal(
        pdca_store,
        {
            **GOAL,
            "period_start": date.today().replace(day=1).isoformat(),
            "period_end": (date.today().replace(day=1) + timedelta(days=80)).isoformat(),
        },
        "m",
    )
    _team_agreement(
        pdca_store, {"what": "<script>alert(1)</script>", "owner": "E1", "due_on": "2099-01-01"}
    )
    app = page(name, **params)
    assert not app.exception, app.exception


def test_a_store_locked_mid_page_refuses_the_save_with_a_message_and_keeps_the_text(
    pdca_store, with_warehouse
) -> None:
    """The page opened the store; then another connection holds its write lock (a long
    restore, say): saving says so within seconds, no traceback, and the note stays typed."""
    import sqlite3
    import time

    app = page("pdca_doelen.py", eenheid="team", id="T1")
    app.number_input(key="pdca_doelen_target").set_value(85.0)
    app.number_input(key="pdca_doelen_red").set_value(70.0)
    app.text_area(key="pdca_doelen_note").set_value("Afgesproken in MT")
    locker = sqlite3.connect(pdca_store.sqlite_path, isolation_level=None)
    locker.execute("begin immediate")
    try:
        started = time.monotonic()
        app.button(key="FormSubmitter:pdca_doelen_form-Doel opslaan").click().run()
        assert time.monotonic() - started < 10
    finally:
        locker.rollback()
        locker.close()
    assert not app.exception, app.exception
    assert "Niet opgeslagen: de PDCA-store is bezet" in texts(app)
    assert app.text_area(key="pdca_doelen_note").value == "Afgesproken in MT"
    assert current_goals(pdca_store, "team", "T1") == []


def test_a_locked_store_raises_store_busy_which_pages_translate(pdca_store) -> None:
    """Pages show StoreBusy in the session's language (AppTest cannot drive an English page
    here: it formats radio options in the test's own session, in Dutch)."""
    import sqlite3

    from dashboard.i18n import translate
    from dashboard.pdca.store import Store, StoreBusy

    short = Store(pdca_store.url, busy_timeout_seconds=0.2)
    locker = sqlite3.connect(pdca_store.sqlite_path, isolation_level=None)
    locker.execute("begin immediate")
    try:
        with pytest.raises(StoreBusy), short.transaction() as tx:
            tx.execute("delete from goals")
    finally:
        locker.rollback()
        locker.close()
    assert translate("pdca_store_busy", "en").startswith("the PDCA store is busy")
    assert translate("pdca_store_busy", "nl").startswith("de PDCA-store is bezet")


def test_goal_page_saves_a_goal_and_shows_its_history(pdca_store, with_warehouse) -> None:
    app = page("pdca_doelen.py", eenheid="team", id="T1")
    assert app.selectbox(key="pdca_doelen_unit_id_team").value == "T1"
    app.number_input(key="pdca_doelen_target").set_value(85.0)
    app.number_input(key="pdca_doelen_red").set_value(70.0)
    app.text_area(key="pdca_doelen_note").set_value("Afgesproken in MT")
    app.button(key="FormSubmitter:pdca_doelen_form-Doel opslaan").click().run()
    assert not app.exception
    assert "Doel opgeslagen (versie 1)." in texts(app)
    [goal] = current_goals(pdca_store, "team", "T1")
    assert (goal["indicator"], goal["target_value"], goal["red_threshold"], goal["set_by"]) == (
        "tijdigheid_pct",
        85.0,
        70.0,
        "manager@ind.example",
    )
    # A second save is version 2; the first stays in the history.
    app.number_input(key="pdca_doelen_target").set_value(90.0)
    app.button(key="FormSubmitter:pdca_doelen_form-Doel opslaan").click().run()
    assert "Doel opgeslagen (versie 2)." in texts(app)
    history = app.dataframe[-1].value
    assert history["Versie"].to_list() == [2, 1]


@pytest.mark.parametrize(
    ("target", "red", "message"),
    [
        (None, 70.0, "Doel: dit veld is verplicht."),
        (250.0, 70.0, "Doel: 250 % is onmogelijk voor Tijdigheid"),
        (60.0, 70.0, "Grens rood: moet onder het doel liggen"),
    ],
)
def test_goal_page_refuses_bad_input_with_a_clear_message(
    pdca_store, without_warehouse, target, red, message
) -> None:
    app = page("pdca_doelen.py", eenheid="team", id="T1")
    if target is not None:
        app.number_input(key="pdca_doelen_target").set_value(target)
    app.number_input(key="pdca_doelen_red").set_value(red)
    app.button(key="FormSubmitter:pdca_doelen_form-Doel opslaan").click().run()
    assert not app.exception
    assert message in app.error[0].value
    assert current_goals(pdca_store) == []


def _team_agreement(store: Store, record: dict, **extra: str) -> None:
    """An agreement of team T1 at L1, made by its manager."""
    add_agreement(
        store,
        record,
        subject_type="team",
        subject_id="T1",
        created_by="m",
        team_id="T1",
        location_id="L1",
        **extra,
    )


def _start(app: AppTest) -> AppTest:
    app.button(key="FormSubmitter:pdca_gesprek_start-Gesprek starten").click().run()
    assert not app.exception
    return app


def test_conversation_typing_survives_a_rerun_and_a_new_session(pdca_store, with_warehouse) -> None:
    app = _start(page("pdca_gesprek.py", eenheid="medewerker", id="E1"))
    app.text_area(key="pdca_gesprek_employee_results").set_value(
        "Twee zware dossiers afgerond"
    ).run()
    app.radio(key="pdca_gesprek_werkplezier_score").set_value(4).run()
    assert not app.exception
    app.run()  # a plain rerun
    assert (
        app.text_area(key="pdca_gesprek_employee_results").value == "Twee zware dossiers afgerond"
    )
    draft = open_draft(pdca_store, "medewerker", "E1")
    assert (draft["employee_results"], draft["werkplezier_score"]) == (
        "Twee zware dossiers afgerond",
        4,
    )
    # Another browser session opens the same concept with what was typed.
    again = page("pdca_gesprek.py", eenheid="medewerker", id="E1")
    assert (
        again.text_area(key="pdca_gesprek_employee_results").value == "Twee zware dossiers afgerond"
    )
    assert again.radio(key="pdca_gesprek_werkplezier_score").value == 4


def test_two_sessions_typing_in_one_concept_both_land(pdca_store, with_warehouse) -> None:
    first = _start(page("pdca_gesprek.py", eenheid="medewerker", id="E1"))
    second = page("pdca_gesprek.py", eenheid="medewerker", id="E1")  # opened before typing
    first.text_area(key="pdca_gesprek_employee_results").set_value("Medewerker typt").run()
    second.text_area(key="pdca_gesprek_manager_results").set_value("Manager typt").run()
    assert not first.exception and not second.exception
    draft = open_draft(pdca_store, "medewerker", "E1")
    assert (draft["employee_results"], draft["manager_results"]) == (
        "Medewerker typt",
        "Manager typt",
    )


def test_saving_and_finalising_a_form_keeps_another_sessions_text(
    pdca_store, with_warehouse
) -> None:
    """Through the page: B's text in a field A never touched survives A's save and finalise."""
    first = _start(page("pdca_gesprek.py", eenheid="medewerker", id="E1"))
    second = page("pdca_gesprek.py", eenheid="medewerker", id="E1")
    second.text_area(key="pdca_gesprek_manager_results").set_value("Tekst van B").run()
    first.button(key="pdca_gesprek_save").click().run()
    assert open_draft(pdca_store, "medewerker", "E1")["manager_results"] == "Tekst van B"
    # A's page now shows B's text too.
    assert first.text_area(key="pdca_gesprek_manager_results").value == "Tekst van B"
    second.text_area(key="pdca_gesprek_employee_results").set_value("Nog van B").run()
    first.text_area(key="pdca_gesprek_learned").set_value("Geleerd door A").run()
    first.button(key="pdca_gesprek_finalise").click().run()
    assert not first.exception and not second.exception
    [record] = conversation_history(pdca_store, "medewerker", "E1")
    assert (record["manager_results"], record["employee_results"], record["learned"]) == (
        "Tekst van B",
        "Nog van B",
        "Geleerd door A",
    )


def test_two_sessions_typing_in_one_field_the_second_sees_both_texts(
    pdca_store, with_warehouse
) -> None:
    first = _start(page("pdca_gesprek.py", eenheid="medewerker", id="E1"))
    second = page("pdca_gesprek.py", eenheid="medewerker", id="E1")
    first.text_area(key="pdca_gesprek_manager_results").set_value("Tekst van A").run()
    second.text_area(key="pdca_gesprek_manager_results").set_value("Tekst van B").run()
    assert not second.exception
    assert any("Iemand anders heeft intussen" in e.value for e in second.error)
    assert second.text_area(key="pdca_gesprek_manager_results").value == "Tekst van B"
    assert "Tekst van A" in [e.value for e in second.text]
    assert open_draft(pdca_store, "medewerker", "E1")["manager_results"] == "Tekst van A"
    # Another field of B saves without taking over the field in conflict.
    second.text_area(key="pdca_gesprek_learned").set_value("Van B").run()
    assert open_draft(pdca_store, "medewerker", "E1")["manager_results"] == "Tekst van A"
    # Having seen both, B saves: B's text is stored.
    second.button(key="pdca_gesprek_save").click().run()
    draft = open_draft(pdca_store, "medewerker", "E1")
    assert (draft["manager_results"], draft["learned"]) == ("Tekst van B", "Van B")
    assert "Tekst van A" not in [e.value for e in second.text]


def test_text_typed_into_a_concept_finalised_meanwhile_stays_on_the_page(
    pdca_store, with_warehouse
) -> None:
    first = _start(page("pdca_gesprek.py", eenheid="medewerker", id="E1"))
    second = page("pdca_gesprek.py", eenheid="medewerker", id="E1")
    first.text_area(key="pdca_gesprek_learned").set_value("Geleerd").run()
    first.button(key="pdca_gesprek_finalise").click().run()
    second.text_area(key="pdca_gesprek_employee_results").set_value("Te laat getypt").run()
    assert not second.exception
    assert any("definitief vastgelegd" in e.value for e in second.error)
    assert second.text_area(key="pdca_gesprek_kept_employee_results").value == "Te laat getypt"
    second.run()  # a rerun keeps it
    assert second.text_area(key="pdca_gesprek_kept_employee_results").value == "Te laat getypt"
    [record] = conversation_history(pdca_store, "medewerker", "E1")
    assert record["employee_results"] == ""


def test_hold_record_and_find_agreements_next_time(pdca_store, with_warehouse) -> None:
    app = _start(page("pdca_gesprek.py", eenheid="medewerker", id="E1"))
    # An agreement due in the past is refused with a clear message.
    app.text_area(key="pdca_gesprek_agreement_what").set_value("Werkvoorraad <b>opschonen</b>")
    app.text_input(key="pdca_gesprek_agreement_owner").set_value("Anna")
    app.date_input(key="pdca_gesprek_agreement_due").set_value(date.today() - timedelta(days=1))
    app.button(
        key="FormSubmitter:pdca_gesprek_agreement_new_agreement-Afspraak toevoegen"
    ).click().run()
    assert "Uiterlijk op: de datum ligt in het verleden." in app.error[0].value
    app.date_input(key="pdca_gesprek_agreement_due").set_value(date.today() + timedelta(days=30))
    app.button(
        key="FormSubmitter:pdca_gesprek_agreement_new_agreement-Afspraak toevoegen"
    ).click().run()
    assert not app.exception
    assert [a["what"] for a in agreements_with_status(pdca_store)] == [
        "Werkvoorraad <b>opschonen</b>"
    ]
    # The form starts empty for the next agreement (its widgets are a new generation).
    assert app.text_area(key="pdca_gesprek_agreement_what_1").value == ""
    assert "Afspraak opgeslagen." in texts(app)
    # Finalising needs what was learned.
    app.button(key="pdca_gesprek_finalise").click().run()
    assert "Wat hebben we geleerd: dit veld is verplicht." in app.error[0].value
    app.text_area(key="pdca_gesprek_learned").set_value("Eerder om hulp vragen").run()
    app.button(key="pdca_gesprek_finalise").click().run()
    assert not app.exception
    assert "definitief vastgelegd" in texts(app)
    [record] = conversation_history(pdca_store, "medewerker", "E1")
    assert record["learned"] == "Eerder om hulp vragen"
    assert '"productie_zaken"' in record["figures_snapshot"]
    # Next month: a new session finds the agreement waiting, and the earlier record.
    later = page("pdca_gesprek.py", eenheid="medewerker", id="E1")
    assert not later.exception
    carried = later.dataframe[-2].value if len(later.dataframe) > 1 else None
    assert "Werkvoorraad <b>opschonen</b>" in str([df.value for df in later.dataframe])
    assert carried is not None
    assert later.button(key="FormSubmitter:pdca_gesprek_start-Gesprek starten")


def test_actions_overview_shows_overdue_first_and_records_follow_up(
    pdca_store, without_warehouse
) -> None:
    for what, due in (("Later", "2099-01-01"), ("Te laat", "2020-01-01")):
        with pdca_store.transaction() as tx:
            tx.insert(
                "agreements",
                {
                    "agreement_id": what,
                    "subject_type": "team",
                    "subject_id": "T1",
                    "what": what,
                    "owner": "x",
                    "due_on": due,
                    "created_by": "m",
                    "created_at": "2020-01-01T00:00:00+00:00",
                    "team_id": "T1",
                    "location_id": "L1",
                },
            )
            tx.insert(
                "agreement_updates",
                {
                    "update_id": what,
                    "agreement_id": what,
                    "status": "open",
                    "note": "",
                    "updated_by": "m",
                    "updated_at": "2020-01-01T00:00:00+00:00",
                },
            )
    app = page("pdca_acties.py")
    assert not app.exception
    listed = app.dataframe[1].value  # after the summary per team and location
    assert listed["Afspraak"].to_list() == ["Te laat", "Later"]
    assert listed["Status"].to_list() == ["open (verlopen)", "open"]
    app.selectbox(key="pdca_acties_Te laat_status").set_value("afgerond")
    app.text_area(key="pdca_acties_Te laat_note").set_value("Gedaan in week 3")
    app.button(key="FormSubmitter:pdca_acties_Te laat-Status bijwerken").click().run()
    assert not app.exception
    assert [a["what"] for a in agreements_with_status(pdca_store, only_open=True)] == ["Later"]
    assert app.dataframe[1].value["Afspraak"].to_list() == ["Later"]


def _review_agreements(store: Store) -> None:
    """A personal agreement with E1 and one with team T1, both open, in T1 at L1."""
    for subject_type, subject_id, what in (
        ("medewerker", "E1", "PERSOONLIJK: burn-out traject"),
        ("team", "T1", "Werkvoorraad samen verdelen"),
    ):
        add_agreement(
            store,
            {"what": what, "owner": subject_id, "due_on": "2099-01-01"},
            subject_type=subject_type,
            subject_id=subject_id,
            created_by="m",
            team_id="T1",
            location_id="L1",
        )


def _review_as(viewer: Viewer, **params: str) -> AppTest:
    return page("pdca_review.py", viewer, **params)


def _shown(app: AppTest) -> str:
    frames = "\n".join(frame.value.to_string() for frame in app.dataframe)
    return "\n".join([texts(app), frames, *(e.label for e in app.expander)])


# Small groups allowed here, so that the two-person team T1 opens at all for the location head
# (management: only location L1, since L1 minus T1 is the one-person T2).
MANAGEMENT_SMALL = Viewer(
    "mt@ind.example", "MT", (Scope(Role.MANAGEMENT),), minimum_group_size=2, local_mode=True
)
LOCATION_HEAD_SMALL = Viewer(
    "lh@ind.example",
    "LH",
    (Scope(Role.LOCATIEHOOFD, frozenset({"L1"})),),
    minimum_group_size=2,
    local_mode=True,
)


@pytest.mark.parametrize(
    ("viewer", "params"),
    [
        (MANAGEMENT_SMALL, {"eenheid": "locatie", "id": "L1"}),
        (LOCATION_HEAD_SMALL, {"eenheid": "team", "id": "T1"}),
        (LOCATION_HEAD_SMALL, {"eenheid": "locatie", "id": "L1"}),
    ],
)
def test_review_hides_personal_agreements_from_those_without_the_name(
    pdca_store, with_warehouse, viewer, params
) -> None:
    """Management and a location head read the team's agreements on the review, not an
    employee's own, never see the employee id and get no form to change it."""
    _review_agreements(pdca_store)
    app = _review_as(viewer, **params)
    assert not app.exception, app.exception
    shown = _shown(app)
    assert "Werkvoorraad samen verdelen" in shown
    assert "PERSOONLIJK" not in shown
    assert "E1" not in shown
    assert [e.label.split(" · ")[0] for e in app.expander] == ["Werkvoorraad samen verdelen"]


def test_review_refuses_management_a_team_whose_location_rest_is_one_person(
    pdca_store, with_warehouse
) -> None:
    """L1 minus T1 is T2, one person: management may not open T1 alone, even at minimum 2."""
    _review_agreements(pdca_store)
    app = _review_as(MANAGEMENT_SMALL, eenheid="team", id="T1")
    assert not app.exception, app.exception
    assert "team T1 is niet apart te tonen" in texts(app)
    assert "Werkvoorraad samen verdelen" not in _shown(app)


@pytest.mark.parametrize(
    ("viewer", "params"),
    [
        (MANAGEMENT_SMALL, {"eenheid": "locatie", "id": "L1"}),
        (LOCATION_HEAD_SMALL, {"eenheid": "team", "id": "T1"}),
    ],
)
def test_names_typed_into_a_team_agreement_reach_only_the_team_manager(
    pdca_store, with_warehouse, viewer, params
) -> None:
    """A team agreement naming two of its (two-person) team: management and the location head
    read the agreement with the names masked, its owner id too; the team manager reads them."""
    _team_agreement(
        pdca_store,
        {
            "what": "Anna de Vries en Bram nemen samen de zware dossiers",
            "owner": "E1",
            "due_on": "2099-01-01",
        },
    )
    app = _review_as(viewer, **params)
    assert not app.exception, app.exception
    shown = _shown(app)
    assert "nemen samen de zware dossiers" in shown
    for word in ("Anna", "Vries", "Bram", "E1"):
        assert word not in shown, word
    assert "[naam]" in shown
    manager = _review_as(MANAGER, eenheid="team", id="T1")
    assert "Anna de Vries en Bram nemen samen" in _shown(manager)


def test_mask_names_replaces_whole_names_and_their_long_parts() -> None:
    from dashboard.access.guard import mask_names

    names = {"E1": "Anna de Vries", "E2": "Bram Jansen", "E3": "Cor Bakker"}
    text = "Overleg met anna de vries, E2 en Bakker; de planning van Cor blijft. Jansenweg 1"
    assert mask_names(text, names, {"E3"}) == (
        "Overleg met [naam], [naam] en Bakker; de planning van Cor blijft. Jansenweg 1"
    )


def test_review_shows_the_personal_agreement_to_the_team_manager(
    pdca_store, with_warehouse
) -> None:
    _review_agreements(pdca_store)
    app = _review_as(MANAGER, eenheid="team", id="T1")
    assert not app.exception, app.exception
    labels = [e.label.split(" · ")[0] for e in app.expander]
    assert sorted(labels) == ["PERSOONLIJK: burn-out traject", "Werkvoorraad samen verdelen"]


def test_review_hides_the_mean_work_pleasure_of_a_single_conversation(
    pdca_store, with_warehouse
) -> None:
    """One finalised conversation with E1: the review's mean would be E1's own score."""
    draft = start_conversation(
        pdca_store,
        {"subject_type": "medewerker", "subject_id": "E1", "held_on": date.today().isoformat()},
        "m",
        team_id="T1",
        location_id="L1",
    )
    finalise(
        pdca_store, draft["conversation_id"], {"learned": "x", "werkplezier_score": 4}, {}, "m"
    )
    for viewer, unit in (
        (MANAGER, {"eenheid": "team", "id": "T1"}),
        (LOCATION_HEAD_SMALL, {"eenheid": "team", "id": "T1"}),
        (MANAGEMENT_SMALL, {"eenheid": "locatie", "id": "L1"}),
    ):
        app = _review_as(viewer, **unit)
        assert not app.exception, app.exception
        pleasure = next(m for m in app.metric if m.label == "Gemiddeld werkplezier")
        assert pleasure.value == "verborgen"
        assert "minder dan" in texts(app)


def _team_conversation_naming_people(store: Store) -> dict:
    """A finalised T1 conversation naming its people (reflection and agreement), and a new
    concept that names them too."""
    held = start_conversation(
        store,
        {"subject_type": "team", "subject_id": "T1", "held_on": date.today() - timedelta(days=30)},
        "m",
        team_id="T1",
        location_id="L1",
    )
    _team_agreement(
        store,
        {"what": "Anna de Vries neemt de zware dossiers", "owner": "E1", "due_on": "2099-01-01"},
        conversation_id=held["conversation_id"],
    )
    finalise(
        store,
        held["conversation_id"],
        {"manager_results": "Bram had het zwaar", "learned": "Anna helpt Bram"},
        {},
        "m",
    )
    draft = start_conversation(
        store,
        {"subject_type": "team", "subject_id": "T1", "held_on": date.today()},
        "m",
        "T1",
        "L1",
    )
    from dashboard.pdca.conversations import save_changes

    return save_changes(store, draft["conversation_id"], draft, {"employee_results": "Anna ok"})


def test_names_in_a_team_conversation_reach_only_who_may_see_them(
    pdca_store, with_warehouse
) -> None:
    """The location head opens team T1's conversation page: the earlier record, its agreement
    and the concept show [naam] for every name, and the concept cannot be edited (saving the
    masked text would overwrite the names). The team manager reads and edits them."""
    _team_conversation_naming_people(pdca_store)
    app = page("pdca_gesprek.py", LOCATION_HEAD_SMALL, eenheid="team", id="T1")
    assert not app.exception, app.exception
    shown = _shown(app) + "\n".join(e.value for e in app.text)
    assert "neemt de zware dossiers" in shown and "had het zwaar" in shown
    for word in ("Anna", "Vries", "Bram", "E1"):
        assert word not in shown, word
    assert "[naam] had het zwaar" in shown
    assert "Alleen wie de namen mag zien, kan het concept bewerken." in texts(app)
    assert not [a for a in app.text_area if a.key == "pdca_gesprek_employee_results"]

    manager = page("pdca_gesprek.py", eenheid="team", id="T1")
    assert not manager.exception
    assert manager.text_area(key="pdca_gesprek_employee_results").value == "Anna ok"
    assert "Bram had het zwaar" in "\n".join(e.value for e in manager.text)


def test_the_printed_report_masks_the_names_the_reader_may_not_see(pdca_store) -> None:
    from dashboard.access.guard import name_masker
    from dashboard.pdca.report import conversation_report

    _team_conversation_naming_people(pdca_store)
    [record] = conversation_history(pdca_store, "team", "T1")
    names = {"E1": "Anna de Vries", "E2": "Bram Jansen"}
    hidden = conversation_report(record, "Team T1", mask=name_masker(names, visible=()))
    for word in ("Anna", "Vries", "Bram", "E1"):
        assert word not in hidden, word
    assert "[naam] had het zwaar" in hidden and "[naam] neemt de zware dossiers" in hidden
    shown = conversation_report(record, "Team T1", mask=name_masker(names, visible=("E1", "E2")))
    assert "Bram had het zwaar" in shown and "Anna de Vries neemt" in shown
