"""A team manager in headless Chromium: prepare, hold, record and print a goede gesprek, and
find the agreement waiting next time. Screenshots of each step go to `screenshots/`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from dashboard.pdca.agreements import agreements_with_status
from dashboard.pdca.conversations import conversation_history
from dashboard.pdca.goals import save_goal
from dashboard.pdca.store import Store
from tests.browser_harness import SCREENSHOTS, chromium_browser, dashboard_server
from tests.pdca.conftest import build_warehouse

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdca_browser")


@pytest.fixture(scope="module")
def store(folder: Path) -> Store:
    """The store the server uses, with this quarter's timeliness goal for employee E1."""
    store = Store(f"sqlite:///{folder / 'pdca.sqlite'}")
    store.migrate()
    first = date.today().replace(day=1)
    save_goal(
        store,
        {
            "unit_type": "medewerker",
            "unit_id": "E1",
            "indicator": "tijdigheid_pct",
            "period_start": first - timedelta(days=90),
            "period_end": first + timedelta(days=90),
            "direction": "higher",
            "target_value": 80,
            "red_threshold": 60,
        },
        "management",
    )
    return store


@pytest.fixture(scope="module")
def server(folder: Path, store: Store) -> Iterator[str]:
    warehouse = build_warehouse(folder / "warehouse.duckdb")
    env = {
        "DASHBOARD_WAREHOUSE": str(warehouse),
        "STURING_PDCA_URL": store.url,
        "STURING_DATA_DIR": str(folder),
    }
    with dashboard_server(env) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000
    )
    page.wait_for_timeout(700)


def _no_errors(page) -> None:
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.first.inner_text()


def _open(page, server: str, title: str) -> None:
    """Start at the entry page (it identifies the viewer), then follow the navigation link."""
    page.goto(server, timeout=60_000)
    _idle(page)
    page.get_by_role("link", name=title).click()
    _idle(page)


def _choose(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option).click()
    _idle(page)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_prepare_hold_record_print_and_find_agreements_next_time(
    server: str, browser, store: Store, folder: Path
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        _open(page, server, "Goede gesprek (Check)")
        _choose(page, "Kies een medewerker", "Anna de Vries (E1)")
        _no_errors(page)
        assert "eenheid=medewerker" in page.url and "id=E1" in page.url  # a shareable link
        assert page.get_by_text("Resultaten tegenover de doelen").count() == 1
        _shot(page, "pdca_gesprek_1_voorbereiden")

        page.get_by_role("button", name="Gesprek starten").click()
        page.get_by_label("Wat hebben we geleerd").wait_for(timeout=60_000)
        _idle(page)
        results = page.get_by_label("Resultaten (medewerker)")
        results.fill("Twee zware dossiers afgerond <script>alert(1)</script>")
        page.get_by_label("Wat hebben we geleerd").fill("Eerder om hulp vragen bij Dublin-zaken")
        page.get_by_label("Wat hebben we geleerd").press("Tab")  # leaving the field saves it
        _idle(page)
        page.get_by_label("Afspraak", exact=True).fill("Werkvoorraad opschonen")
        page.get_by_label("Wie", exact=True).fill("Anna")
        page.get_by_role("button", name="Afspraak toevoegen").click()
        page.get_by_text("Afspraak opgeslagen.").wait_for(timeout=60_000)
        _idle(page)
        _no_errors(page)
        _shot(page, "pdca_gesprek_2_gesprek")

        page.get_by_role("button", name="Definitief vastleggen").click()
        _idle(page)
        _no_errors(page)
        # The record now heads the earlier conversations, and a new one can be started.
        page.get_by_role("heading", name="Eerdere gesprekken", exact=True).wait_for(timeout=60_000)
        page.get_by_role("button", name="Gesprek starten").wait_for(timeout=60_000)
        _idle(page)
        _shot(page, "pdca_gesprek_3_vastgelegd")
        [record] = conversation_history(store, "medewerker", "E1")
        assert record["learned"] == "Eerder om hulp vragen bij Dublin-zaken"
        assert [a["what"] for a in agreements_with_status(store)] == ["Werkvoorraad opschonen"]

        with page.expect_download() as download:
            page.get_by_role("button", name="Verslag afdrukken", exact=True).click()
        report = folder / "verslag.html"
        download.value.save_as(report)
        printed = context.new_page()
        printed.goto(report.as_uri())
        assert printed.locator("script").count() == 0  # the typed script is text, not code
        assert "<script>alert(1)</script>" in printed.inner_text("body")
        printed.pdf(path=str(folder / "verslag.pdf"), format="A4")
        _shot(printed, "pdca_gesprek_4_verslag")
        printed.close()
    finally:
        context.close()

    # Next month, another session: the agreement is waiting.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        _open(page, server, "Goede gesprek (Check)")
        _choose(page, "Kies een medewerker", "Anna de Vries (E1)")
        _no_errors(page)
        assert page.get_by_text("Werkvoorraad opschonen").count() >= 1
        _shot(page, "pdca_gesprek_5_volgende_keer")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("title", "choice"),
    [
        ("Sturingsdoelen (Plan)", ("Kies een team", "Team Noord (T1)")),
        ("Afspraken en acties (Act)", None),
        ("Team- en locatiereview", ("Kies een team", "Team Noord (T1)")),
    ],
)
def test_pdca_page_renders(server: str, browser, title: str, choice) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        _open(page, server, title)
        if title.startswith("Sturingsdoelen"):
            page.locator("[data-testid='stRadio']").get_by_text("Team", exact=True).click()
            _idle(page)
        if choice:
            _choose(page, *choice)
        _no_errors(page)
        assert page.get_by_role("heading", name=title).count() == 1
        _shot(page, "pdca_" + title.split()[0].lower().rstrip("-"))
    finally:
        context.close()
