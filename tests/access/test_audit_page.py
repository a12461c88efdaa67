"""The audit page (beheerder only) and the one-entry-per-view rule of the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.audit import ACTION_VIEW_FIGURES, audit_entries, record_view
from dashboard.access.scope import Viewer
from dashboard.pdca.store import Store
from pipelines.settings import PROJECT_ROOT
from tests.access.conftest import BEHEERDER, LOCATIEHOOFD, MANAGEMENT, MEDEWERKER, TEAMMANAGER

PAGE = str(PROJECT_ROOT / "dashboard" / "views" / "beheer_audit.py")


@pytest.fixture
def pdca_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The PDCA store the pages use, in a temporary SQLite file."""
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    monkeypatch.setenv("STURING_PDCA_URL", url)
    return url


def _page_as(viewer: Viewer | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    if viewer is not None:
        at.session_state["access_viewer"] = viewer
    return at.run()


def test_beheerder_sees_the_log(pdca_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STURING_ACCESS_CONFIG", str(PROJECT_ROOT / "config/access.example.yaml"))
    record_view(
        Store(pdca_url),
        TEAMMANAGER,
        action=ACTION_VIEW_FIGURES,
        subject_type="medewerker",
        subject_id="E1",
        page="medewerker",
    )
    at = _page_as(BEHEERDER)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Wie"]) == ["tm@example.org"]
    assert list(table["Over"]) == ["E1"]
    users = at.dataframe[1].value
    assert list(users["Login"])[:2] == ["a.devries@example.org", "b.jansen@example.org"]
    assert list(users["Rollen"])[1] == "medewerker (E0002)"


@pytest.mark.parametrize("viewer", [MEDEWERKER, TEAMMANAGER, LOCATIEHOOFD, MANAGEMENT])
def test_other_roles_are_refused(pdca_url: str, viewer: Viewer) -> None:
    at = _page_as(viewer)
    assert not at.exception
    assert at.error[0].value.startswith("Geen toegang tot het beheer.")
    assert "Alleen de beheerder" in at.error[0].value
    assert not at.dataframe


def test_page_outside_the_app_shows_nothing(pdca_url: str) -> None:
    at = _page_as(None)
    assert at.error[0].value == "Geen toegang: open het dashboard via de startpagina."
    assert not at.dataframe


def personal_page() -> None:
    """A page showing one employee's figures, as the employee page does."""
    import streamlit as st

    from dashboard.access import login

    login.begin_page(st.session_state.get("test_page", "medewerker"))
    employee = st.session_state.get("test_employee", "E1")
    login.log_personal_view("medewerker", employee, page="medewerker")
    st.markdown(f"figures of {employee}")


def test_one_entry_per_view_not_per_rerun(pdca_url: str) -> None:
    at = AppTest.from_function(personal_page)
    at.session_state["access_viewer"] = TEAMMANAGER
    at.run()
    at.run()  # a widget change reruns the page: the same view
    assert len(audit_entries(Store(pdca_url))) == 1
    at.session_state["test_employee"] = "E2"
    at.run()  # another employee: a new view
    assert [e["subject_id"] for e in audit_entries(Store(pdca_url))] == ["E2", "E1"]
    at.session_state["test_page"] = "overzicht"
    at.session_state["test_employee"] = "E1"
    at.run()  # leaving the page and coming back is a new visit
    at.session_state["test_page"] = "medewerker"
    at.run()
    assert len(audit_entries(Store(pdca_url))) == 4


def test_unwritable_log_hides_the_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STURING_PDCA_URL", "sqlite:///:memory:")
    at = AppTest.from_function(personal_page)
    at.session_state["access_viewer"] = TEAMMANAGER
    at.run()
    assert at.error[0].value.startswith("Het auditlogboek is niet bereikbaar")
    assert not [m for m in at.markdown if m.value.startswith("figures of")]
