"""Enforcement in the data module, called directly as a page would, for every role: only
allowed data comes back, everything else is refused with a Dutch message, and every view of
named personal figures writes one audit entry.

Warehouse (tests/pdca/conftest.py): location L1 with team T1 (E1 Anna, E2 Bram) and team T2
(E3 Cor); cases Z1-Z4 in T1 (Z1-Z3 of E1, Z4 of E2), Z5 in T2 (E3).
"""

from __future__ import annotations

import inspect
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from dashboard import data
from dashboard.access.audit import audit_entries
from dashboard.access.config import Role, Scope
from dashboard.access.pseudonym import pseudonym
from dashboard.access.scope import AccessDenied, Viewer
from dashboard.access.suppress import hidden_difference_reason
from dashboard.pdca.store import Store
from tests.pdca.conftest import build_warehouse

KEY = "k" * 40
PERIOD = data.Filters(start=date(2026, 9, 1), end=date(2026, 10, 31))


def make(*scopes: Scope, minimum: int = 5) -> Viewer:
    return Viewer("user@example.org", "User", scopes, minimum)


MEDEWERKER_E1 = make(Scope(Role.MEDEWERKER, frozenset({"E1"})))
TEAMMANAGER_T1 = make(Scope(Role.TEAMMANAGER, frozenset({"T1"})))
LOCATIEHOOFD_L1 = make(Scope(Role.LOCATIEHOOFD, frozenset({"L1"})))
# Minimum 2: team T1 (2 people) shows, team T2 (1 person) is hidden.
MANAGEMENT = make(Scope(Role.MANAGEMENT), minimum=2)
BEHEERDER = make(Scope(Role.BEHEERDER))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")


@pytest.fixture(autouse=True)
def environment(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The test warehouse, a fresh PDCA store for the audit log, and a pseudonym key."""
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse))
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    monkeypatch.setenv("STURING_PDCA_URL", url)
    monkeypatch.setenv("STURING_PSEUDONYM_KEY", KEY)
    return Store(url)


def entries(store: Store) -> list[tuple[str, str]]:
    return [(e["subject_type"], e["subject_id"]) for e in audit_entries(store)]


def test_every_query_function_is_guarded() -> None:
    for name, value in vars(data).items():
        public = inspect.isfunction(value) and not name.startswith("_")
        if public and "viewer" in inspect.signature(value).parameters:
            assert getattr(value, "__access_guarded__", False), name
    assert {"filter_options", "display_names"} <= set(data.GUARDED_FUNCTIONS)


def test_trusted_caller_outside_a_session_sees_everything() -> None:
    assert data.overview_kpis(PERIOD)["instroom"] == 5


# --- medewerker -------------------------------------------------------------------------------
def test_medewerker_sees_own_figures_only(environment: Store) -> None:
    own = data.employee_figures(PERIOD, MEDEWERKER_E1, employee_id="E1")
    assert own["employee_id"].to_list() == ["E1"]
    assert own["employee_name"].to_list() == ["Anna de Vries"]
    assert own["running"].to_list() == [1]  # Z3 open at the end of October
    everyone = data.employee_figures(PERIOD, MEDEWERKER_E1)
    assert everyone["employee_id"].to_list() == ["E1"]
    assert entries(environment) == [("medewerker", "E1"), ("medewerker", "E1")]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: data.employee_figures(PERIOD, v, employee_id="E2"), "medewerker E2"),
        (lambda v: data.employee_monthly("E3", PERIOD, v), "medewerker E3"),
        (lambda v: data.overview_kpis(PERIOD, v), "alleen de eigen cijfers"),
        (lambda v: data.breakdown(PERIOD, "team_id", v), "alleen de eigen cijfers"),
        (
            lambda v: data.overview_kpis(data.Filters(teams=("T1",)), v),
            "Geen toegang tot team T1",
        ),
    ],
)
def test_medewerker_is_refused_the_rest(call, message: str, environment: Store) -> None:
    with pytest.raises(AccessDenied, match=message):
        call(MEDEWERKER_E1)
    assert entries(environment) == []


# --- teammanager ------------------------------------------------------------------------------
def test_teammanager_sees_own_team_by_name(environment: Store) -> None:
    kpis = data.overview_kpis(PERIOD, TEAMMANAGER_T1)
    assert kpis["instroom"] == 4  # Z1-Z4, not Z5 of team T2
    people = data.employee_figures(PERIOD, TEAMMANAGER_T1)
    assert people.select("employee_id", "employee_name").rows() == [
        ("E1", "Anna de Vries"),
        ("E2", "Bram Jansen"),
    ]
    assert data.breakdown(PERIOD, "team_id", TEAMMANAGER_T1)["unit"].to_list() == ["T1"]
    assert entries(environment) == [("medewerkers", "E1,E2")]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: data.overview_kpis(data.Filters(teams=("T2",)), v), "Geen toegang tot team T2"),
        (lambda v: data.employee_figures(PERIOD, v, employee_id="E3"), "medewerker E3"),
        (lambda v: data.employee_monthly("E3", PERIOD, v), "medewerker E3"),
        (
            lambda v: data.open_cases(data.Filters(locations=("L1",)), v),
            "Geen toegang tot locatie L1",
        ),
    ],
)
def test_teammanager_is_refused_other_teams(call, message: str) -> None:
    with pytest.raises(AccessDenied, match=message):
        call(TEAMMANAGER_T1)


# --- locatiehoofd -----------------------------------------------------------------------------
def test_locatiehoofd_sees_location_with_pseudonyms(environment: Store) -> None:
    assert data.overview_kpis(PERIOD, LOCATIEHOOFD_L1)["instroom"] == 5
    people = data.employee_figures(PERIOD, LOCATIEHOOFD_L1)
    key = KEY.encode()
    assert sorted(people["employee_id"].to_list()) == sorted(
        pseudonym(e, key) for e in ("E1", "E2", "E3")
    )
    assert people["employee_name"].null_count() == 3
    assert sorted(people["open_cases"].to_list()) == [1, 1, 1]
    assert entries(environment) == []  # nobody named: no personal view


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: data.employee_figures(PERIOD, v, employee_id="E1"), "zonder naam"),
        (lambda v: data.overview_kpis(data.Filters(locations=("L2",)), v), "locatie L2"),
    ],
)
def test_locatiehoofd_is_refused_individuals_and_other_locations(call, message: str) -> None:
    with pytest.raises(AccessDenied, match=message):
        call(LOCATIEHOOFD_L1)


HIDDEN_2 = hidden_difference_reason(2)


# --- management ------------------------------------------------------------------------------
def test_management_sees_aggregates_with_small_groups_hidden() -> None:
    assert data.overview_kpis(PERIOD, MANAGEMENT)["instroom"] == 5
    per_team = data.breakdown(PERIOD, "team_id", MANAGEMENT).sort("unit")
    # T1 too: the total minus T1 would be the 1-person T2 (its complement is suppressed)
    assert per_team.select("unit", "instroom", "hidden_reason").rows() == [
        ("T1", None, HIDDEN_2),
        ("T2", None, HIDDEN_2),
    ]
    by_age = data.open_by_age(PERIOD, MANAGEMENT)
    assert by_age.filter(pl.col("team_id") == "T2")["open_cases"].to_list() == [None]
    assert data.team_capacity(PERIOD, MANAGEMENT).filter(pl.col("team_id") == "T2").is_empty()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: data.employee_figures(PERIOD, v), "Management ziet alleen totalen"),
        (lambda v: data.employee_figures(PERIOD, v, employee_id="E1"), "alleen totalen"),
        (lambda v: data.workload(PERIOD, v), "alleen totalen"),
        (
            lambda v: data.overview_kpis(data.Filters(teams=("T2",)), v),
            "verborgen: minder dan 2 medewerkers",
        ),
    ],
)
def test_management_is_refused_people_and_small_selections(call, message: str) -> None:
    with pytest.raises(AccessDenied, match=message):
        call(MANAGEMENT)


def test_management_at_default_minimum_sees_nothing_of_three_people() -> None:
    strict = make(Scope(Role.MANAGEMENT))
    for call in (
        lambda: data.overview_kpis(PERIOD, strict),
        lambda: data.breakdown(PERIOD, "team_id", strict),
        lambda: data.overview_kpis(data.Filters(teams=("T1",)), strict),
        lambda: data.monthly_trend(data.Filters(locations=("L1",)), strict),
    ):
        with pytest.raises(AccessDenied, match="verborgen: minder dan 5 medewerkers"):
            call()
    # With a teammanager scope over every team the viewer sees the whole by name anyway.
    both = make(Scope(Role.MANAGEMENT), Scope(Role.TEAMMANAGER, frozenset({"T1", "T2"})))
    assert data.overview_kpis(PERIOD, both)["instroom"] == 5


# --- beheerder ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        lambda v: data.overview_kpis(PERIOD, v),
        lambda v: data.employee_figures(PERIOD, v),
        lambda v: data.breakdown(PERIOD, "location_id", v),
    ],
)
def test_beheerder_sees_no_figures(call) -> None:
    with pytest.raises(AccessDenied, match="Geen toegang"):
        call(BEHEERDER)
