"""Warehouses for the dashboard tests, each built once per session, and an AppTest factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard import warehouses

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGES = (
    "overzicht",
    "locatie",
    "team",
    "medewerker",
    "proces",
    "datakwaliteit",
    "laden",
)


@pytest.fixture(scope="session")
def receipt_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small real log receipt.csv only: no organisation, norms, capacity or targets."""
    return warehouses.build_receipt(tmp_path_factory.mktemp("receipt") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's demo warehouse, as `make demo` builds it."""
    if not warehouses.demo_available():
        pytest.skip("the demo command (python -m pipelines demo) cannot build a warehouse yet")
    return warehouses.build_demo(tmp_path_factory.mktemp("demo") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh install: schema and derived tables, no rows."""
    return warehouses.build_empty(tmp_path_factory.mktemp("empty") / "warehouse.duckdb")


@pytest.fixture
def missing_warehouse(tmp_path: Path) -> Path:
    """A path where no warehouse exists."""
    return tmp_path / "nothing-here.duckdb"


@pytest.fixture
def open_page(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Run the app on `warehouse` with URL parameters `params`, then show `page`."""

    def run(warehouse: Path, page: str, params: dict[str, str] | None = None) -> AppTest:
        monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse))
        # The PDCA store of the tests lives beside the warehouse, never in the project.
        monkeypatch.setenv("STURING_PDCA_URL", f"sqlite:///{warehouse.parent / 'pdca.sqlite'}")
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params.update(params or {})
        at.run()
        if page != "overzicht":
            at.switch_page(f"views/{page}.py").run()
        return at

    return run
