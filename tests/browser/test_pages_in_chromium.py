"""The real server in headless Chromium: every page opens without an error box, and a
full-page screenshot of each is saved for a person to look at (`screenshots/`)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_harness import SCREENSHOTS, chromium_browser, dashboard_server
from tests.dashboard import warehouses

pytestmark = pytest.mark.browser

PAGES = {
    "overzicht": "",
    "locatie": "locatie",
    "team": "team",
    "medewerker": "medewerker",
    "proces": "proces",
    "datakwaliteit": "datakwaliteit",
    "laden": "laden",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse where the generator can build it, else the real log."""
    folder = tmp_path_factory.mktemp("browser")
    if warehouses.demo_available():
        try:
            return warehouses.build_demo(folder / "warehouse.duckdb")
        except subprocess.CalledProcessError:
            pass
    return warehouses.build_receipt(folder / "receipt.duckdb")


@pytest.fixture(scope="module")
def server(warehouse: Path) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port; yields its base URL."""
    env = {
        "DASHBOARD_WAREHOUSE": str(warehouse),
        "STURING_PDCA_URL": f"sqlite:///{warehouse.parent / 'pdca.sqlite'}",
        "STURING_DATA_DIR": str(warehouse.parent),
    }
    with dashboard_server(env) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


def _wait_until_idle(page) -> None:
    """Wait until Streamlit's script run is over (the app root says so), then let the charts
    draw."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000
    )
    page.wait_for_timeout(2000)


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_without_error(server: str, browser, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 4200}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(f"{server}/{PAGES[name]}", timeout=60_000)
        _wait_until_idle(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
        assert errors.count() == 0, errors.first.inner_text()
        assert page.locator("h1").count() >= 1
    finally:
        context.close()


def test_upload_loads_an_export_and_shows_the_reconciliation(server: str, browser) -> None:
    """The load page end to end: choose receipt.csv, preview, load, reconciliation."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(f"{server}/laden", timeout=60_000)
        _wait_until_idle(page)
        page.set_input_files("input[type=file]", str(warehouses.RECEIPT))
        _wait_until_idle(page)
        assert page.get_by_text("Voorbeeld: receipt.csv").count() == 1
        page.get_by_role("button", name="Laden", exact=True).click()
        page.wait_for_selector("text=Geladen.", timeout=300_000)
        _wait_until_idle(page)
        page.screenshot(path=str(SCREENSHOTS / "laden-na-laden.png"), full_page=True)
        errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
        assert errors.count() == 0, errors.first.inner_text()
        assert page.get_by_text("Aansluiting", exact=True).count() == 1
        # receipt.csv has 8,577 events: all read, shown in the reconciliation of this load
        summary = page.locator("[data-testid='stAlertContentSuccess']").last.inner_text()
        assert "receipt.csv: 8.577 regels gelezen = " in summary
    finally:
        context.close()
