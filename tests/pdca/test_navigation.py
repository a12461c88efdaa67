"""The PDCA pages inside the whole app: registered in the navigation, reachable, no errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.pdca.goals import save_goal
from dashboard.pdca.store import Store
from tests.pdca.test_goals import GOAL

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PDCA_PAGES = ("pdca_doelen", "pdca_gesprek", "pdca_acties", "pdca_review")


@pytest.mark.parametrize("name", PDCA_PAGES)
def test_pdca_page_in_the_app(name: str, warehouse: Path, tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("STURING_PDCA_URL", url)
    store = Store(url)
    store.migrate()
    save_goal(store, GOAL, "m")
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params.update({"eenheid": "team", "id": "T1"})
    app.run()
    app.switch_page(f"views/{name}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.title[0].value.startswith(
        {
            "pdca_doelen": "Sturingsdoelen",
            "pdca_gesprek": "Goede gesprek",
            "pdca_acties": "Afspraken en acties",
            "pdca_review": "Team- en locatiereview",
        }[name]
    )
