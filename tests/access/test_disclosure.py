"""Management cannot single out a small group by differencing two selections it may see.

The organisation: location ZW with teams ZW-AA1 and ZW-AA2 (6 people each) and ZW-REG
(2 people); location RW with RW-A and RW-B (6 each) and RW-NAT (2 people, nearly all the
naturalisatie cases); location AM with AM-A (6). Minimum group size 5.
"""

from __future__ import annotations

from itertools import combinations

import polars as pl
import pytest

from dashboard.access.disclosure import (
    CONTRIBUTION_SCHEMA,
    Selection,
    matching,
    refusal,
    safe,
    shown_teams,
)
from dashboard.access.guard import Organisation, data_scope, shape_result
from dashboard.access.scope import AccessDenied
from tests.access.conftest import KEY, MANAGEMENT

TEAMS = {
    "ZW-AA1": ("ZW", 6, "asiel"),
    "ZW-AA2": ("ZW", 6, "asiel"),
    "ZW-REG": ("ZW", 2, "regulier"),
    "RW-A": ("RW", 6, "asiel"),
    "RW-B": ("RW", 6, "regulier"),
    "RW-NAT": ("RW", 2, "naturalisatie"),
    "AM-A": ("AM", 6, "asiel"),
}


def _organisation() -> Organisation:
    rows = []
    employee_teams = {}
    for team, (location, people, case_type) in TEAMS.items():
        for n in range(people):
            employee = f"{team}-E{n}"
            employee_teams[employee] = frozenset({team})
            rows.append((location, team, case_type, "AA", employee, 20))
    # RW-A handles a few naturalisatie cases: RW filtered to naturalisatie is almost RW-NAT
    rows.append(("RW", "RW-A", "naturalisatie", "AA", "RW-A-E0", 2))
    rows.append(("RW", "RW-A", "naturalisatie", "AA", "RW-A-E1", 1))
    rows.append(("RW", "RW-A", "naturalisatie", "AA", "RW-A-E2", 1))
    contributions = pl.DataFrame(rows, schema=CONTRIBUTION_SCHEMA, orient="row")
    headcount = {team: people for team, (_, people, _) in TEAMS.items()}
    locations = {"ZW": 14, "RW": 14, "AM": 6}
    return Organisation(
        team_locations={team: loc for team, (loc, _, _) in TEAMS.items()},
        employee_teams=employee_teams,
        team_headcount=headcount,
        location_headcount=locations,
        contributions=contributions,
    )


ORGANISATION = _organisation()


def _allowed(selection: Selection) -> bool:
    try:
        data_scope(
            MANAGEMENT,
            selection.locations,
            selection.teams,
            ORGANISATION,
            selection.case_types,
            selection.routes,
        )
    except AccessDenied:
        return False
    return True


def _cells(selection: Selection) -> pl.DataFrame:
    return matching(ORGANISATION.contributions, selection)


def _people(selection: Selection) -> frozenset[str]:
    return frozenset(_cells(selection)["employee_id"])


def test_the_reported_team_difference_is_refused() -> None:
    """`?team=ZW-AA1,ZW-REG` minus `ZW-AA1` was the 2-person team ZW-REG."""
    assert not _allowed(Selection(teams=("ZW-AA1", "ZW-REG")))
    assert not _allowed(Selection(teams=("ZW-REG",)))


def test_a_location_minus_its_teams_is_no_small_group() -> None:
    """ZW minus ZW-AA1 minus ZW-AA2 would be ZW-REG: one of the two large teams is hidden too."""
    shown = shown_teams(ORGANISATION, 5) & {"ZW-AA1", "ZW-AA2", "ZW-REG"}
    assert len(shown) == 1
    assert _allowed(Selection(locations=("ZW",)))


def test_a_location_filtered_to_a_case_type_of_one_small_team_is_refused() -> None:
    """RW filtered to naturalisatie: 5 people, but RW-NAT's two made nearly all of it."""
    assert len(_people(Selection(locations=("RW",), case_types=("naturalisatie",)))) == 5
    assert not _allowed(Selection(locations=("RW",), case_types=("naturalisatie",)))
    # and so is its complement within RW: RW minus (RW without naturalisatie)
    assert not _allowed(Selection(locations=("RW",), case_types=("asiel", "regulier")))
    assert _allowed(Selection(locations=("RW",)))


def test_no_difference_of_two_allowed_selections_is_a_small_group() -> None:
    """Every pair of selections management may see, one inside the other: the difference
    is empty or safe (at least 5 people, not nearly all made by fewer)."""
    teams = sorted(TEAMS)
    case_filters: list[tuple[str, ...]] = [
        (),
        ("asiel",),
        ("regulier",),
        ("naturalisatie",),
        ("asiel", "regulier"),
        ("regulier", "naturalisatie"),
        ("asiel", "naturalisatie"),
    ]
    candidates = [Selection()]
    for cases in case_filters:
        candidates += [Selection(locations=(loc,), case_types=cases) for loc in ("ZW", "RW", "AM")]
        candidates += [
            Selection(teams=pair, case_types=cases)
            for size in (1, 2, 3)
            for pair in combinations(teams, size)
        ]
        candidates.append(Selection(case_types=cases))
    allowed = [s for s in candidates if _allowed(s)]
    assert len(allowed) > 10  # the rule still leaves management much to see
    keys = {s: _cells(s) for s in allowed}
    for big in allowed:
        rows_big = set(keys[big].select("team_id", "case_type", "employee_id").rows())
        for small in allowed:
            rows_small = set(keys[small].select("team_id", "case_type", "employee_id").rows())
            if small == big or not rows_small < rows_big:
                continue
            difference = keys[big].filter(
                ~pl.struct("team_id", "case_type", "employee_id").is_in(
                    keys[small]
                    .select(pl.struct("team_id", "case_type", "employee_id"))
                    .to_series()
                    .implode()
                )
            )
            assert safe(difference, 5), (big, small)


def test_breakdowns_hide_what_could_not_be_chosen() -> None:
    """Per case type within RW: naturalisatie hidden, and a second row with it (its
    complement), since RW's total minus the other rows would be naturalisatie."""
    per_type = pl.DataFrame(
        {"unit": ["asiel", "regulier", "naturalisatie"], "instroom": [120, 120, 44]}
    )
    shaped = shape_result(
        per_type, MANAGEMENT, ORGANISATION, KEY, "case_type", Selection(locations=("RW",))
    )
    hidden = shaped.filter(pl.col("instroom").is_null())["unit"].to_list()
    assert "naturalisatie" in hidden
    assert len(hidden) >= 2
    per_team = pl.DataFrame({"unit": sorted(TEAMS), "instroom": [1] * len(TEAMS)})
    shaped = shape_result(per_team, MANAGEMENT, ORGANISATION, KEY, "team_id")
    shown = set(shaped.filter(pl.col("instroom").is_not_null())["unit"])
    assert shown == set(shown_teams(ORGANISATION, 5))
    assert not shown & {"ZW-REG", "RW-NAT"}


@pytest.mark.parametrize(
    ("cases", "members", "expected"),
    [
        ([], None, True),  # no cases: nothing to give away
        ([10, 10, 10, 10], None, False),  # four people
        ([10, 10, 10, 10, 10], None, True),
        ([100, 100, 100, 100, 1], None, False),  # four made 99.75 %
        ([10, 10, 10, 10, 10], 6, True),  # five owners in the data of a 6-person team
        ([10, 10, 10, 10], 6, False),  # six members, but four made all of it
        ([10], 6, False),  # six members, but one of them made all of it
        ([10], 2, False),
    ],
)
def test_safe(cases: list[int], members: int | None, expected: bool) -> None:
    cells = pl.DataFrame(
        {"employee_id": [f"E{i}" for i in range(len(cases))], "cases": cases},
        schema={"employee_id": pl.String, "cases": pl.Int64},
    )
    assert safe(cells, 5, members) is expected


def test_own_units_are_never_refused() -> None:
    assert refusal(ORGANISATION, 5, Selection(teams=("ZW-REG",)), own_teams={"ZW-REG"}) is None


# --- on the demo, through the page -----------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    from tests.dashboard import warehouses

    return warehouses.build_demo(tmp_path_factory.mktemp("demo") / "warehouse.duckdb")


def _as_management(demo, tmp_path, monkeypatch, **params: str):
    from streamlit.testing.v1 import AppTest

    from pipelines.settings import PROJECT_ROOT

    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(demo))
    monkeypatch.setenv("STURING_PDCA_URL", f"sqlite:///{tmp_path / 'pdca.sqlite'}")
    monkeypatch.setenv("STURING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STURING_ACCESS_CONFIG", str(PROJECT_ROOT / "config/access.example.yaml"))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.session_state["access_demo_role"] = "management"
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_the_team_difference_is_refused_on_the_overview(demo, tmp_path, monkeypatch) -> None:
    """The probe as it was made: management opens *Overzicht* with `?team=ZW-AA1,ZW-REG`."""
    at = _as_management(demo, tmp_path, monkeypatch, team="ZW-AA1,ZW-REG")
    assert not at.exception
    refusals = [e.value for e in at.error if e.value.startswith("Geen toegang")]
    assert any("ZW-REG" in text for text in refusals), refusals
    # the filter keeps only what may be chosen: ZW-AA1 alone, never the pair
    assert "ZW-REG" not in str(at.query_params.get("team", ""))


def test_the_demo_breakdowns_hide_the_small_teams_and_their_complement(demo) -> None:
    import duckdb

    from dashboard.access import guard

    con = duckdb.connect(str(demo), read_only=True)
    try:
        present = {
            name: () for (name,) in con.sql("select table_name from duckdb_tables()").fetchall()
        }
        organisation = guard.load_organisation(lambda sql: con.sql(sql).pl(), lambda: present)
    finally:
        con.close()
    shown = shown_teams(organisation, 5)
    assert shown, "management still sees teams on the demo"
    assert not shown & {"ZW-REG", "RW-NAT", "AM-NAT"}
    for location in {organisation.team_locations[t] for t in organisation.team_locations}:
        teams = [t for t, loc in organisation.team_locations.items() if loc == location]
        rest = [t for t in teams if t not in shown]
        cells = organisation.contributions.filter(pl.col("team_id").is_in(rest))
        members = sum(organisation.team_headcount.get(t, 0) for t in rest)
        assert not rest or safe(cells, 5, members), (location, rest)
    assert refusal(organisation, 5, Selection(locations=("RW",), case_types=("naturalisatie",)))


def test_management_is_offered_only_the_units_it_may_choose() -> None:
    from dashboard.access.guard import filter_pick_lists

    options = {"teams": sorted(TEAMS), "locations": ["AM", "RW", "ZW"], "case_types": ["asiel"]}
    offered = filter_pick_lists(options, MANAGEMENT, ORGANISATION)
    assert offered["teams"] == sorted(shown_teams(ORGANISATION, 5))
    assert "ZW-REG" not in offered["teams"]
    assert offered["case_types"] == ["asiel"]
    for team in offered["teams"]:
        assert _allowed(Selection(teams=(team,)))
    for location in offered["locations"]:
        assert _allowed(Selection(locations=(location,)))
