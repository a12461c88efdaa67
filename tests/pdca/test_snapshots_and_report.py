"""Figures from the warehouse (hand-computed on the small warehouse), the report, the attach."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from dashboard.pdca.attach import attach_store, current_goals_frame
from dashboard.pdca.conversations import finalise, save_draft, start_conversation
from dashboard.pdca.goals import save_goal
from dashboard.pdca.report import conversation_report
from dashboard.pdca.snapshots import (
    duckdb_query,
    duckdb_tables,
    figures_for,
    month_starts,
    realised,
    recent_realisation,
)
from dashboard.pdca.store import Store
from tests.pdca.conftest import build_warehouse
from tests.pdca.test_goals import GOAL

OCTOBER = (date(2026, 10, 1), date(2026, 11, 1))


@pytest.fixture
def warehouse_con(warehouse: Path):
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("set TimeZone='UTC'")
    yield con
    con.close()


@pytest.mark.parametrize(
    ("unit_type", "unit_id", "figure", "expected"),
    [
        # Employee: owner = the last assign (case_state_intervals); Z1, Z2, Z3 assigned to E1.
        ("medewerker", "E1", "instroom_zaken", 1),  # Z3 assigned 1 October; Z1, Z2 in September
        ("medewerker", "E1", "productie_zaken", 2),  # case_decisions: Z1, Z2, E1 owner at both
        ("medewerker", "E1", "tijdigheid_pct", 50),  # lead_times: Z1 in time, Z2 late
        # lead_times gross days: Z1 1 Sep 09:00 - 10 Oct 12:00 = 39.125, Z2 15 Sep - 20 Oct
        # = 35.125; mean 37.125, rounded half to even.
        ("medewerker", "E1", "doorlooptijd_dagen", 37.12),
        ("medewerker", "E1", "werkvoorraad_zaken", 1),  # Z3 open at the end of 31 October
        # Z3 received 1 October: age bin [30, 31) on 31 October; its middle for one case.
        ("medewerker", "E1", "ouderdom_dagen", 30.5),
        ("medewerker", "E1", "over_termijn_zaken", 0),  # Z3's term is 31 December
        ("medewerker", "E2", "over_termijn_zaken", 1),  # Z4, term 25 October
        ("medewerker", "E1", "bewerkingstijd_norm_pct", 100),  # work_item_days: 180 / 3 x 60 min
        # work_items in October: gehoor Z1 x2, gehoor Z2, beschikking Z1, Z2: 1 repeat of 5.
        ("medewerker", "E1", "herstelwerk_pct", 20),
        ("medewerker", "E1", "directe_uren_pct", 75),  # 24 / 32
        ("medewerker", "E1", "verzuim_pct", 11.11),  # 4 / 36
        # Team, location, organisation: overview_daily / open_stock_by_receipt, case's unit.
        ("team", "T1", "instroom_zaken", 2),  # Z3, Z4 received in October
        ("team", "T1", "productie_zaken", 2),  # Z1, Z2 decided in October
        ("team", "T1", "tijdigheid_pct", 50),  # Z1 in time, Z2 late
        ("team", "T1", "werkvoorraad_zaken", 2),  # Z3, Z4
        # Ages on 31 October: Z4 bin 26, Z3 bin 30; half of 2 falls at the end of bin 26.
        ("team", "T1", "ouderdom_dagen", 27),
        ("team", "T1", "over_termijn_zaken", 1),  # Z4 past its term since 25 October
        ("team", "T1", "beschikbare_uren", 48),  # 32 + 16
        ("locatie", "L1", "werkvoorraad_zaken", 3),
        # Bins 24 (Z5), 26 (Z4), 30 (Z3): 1.5 of 3 lies halfway through bin 26.
        ("organisatie", "", "ouderdom_dagen", 26.5),
        ("organisatie", "", "instroom_zaken", 3),  # Z3, Z4, Z5
        ("medewerker", "E9", "productie_zaken", 0),
        ("medewerker", "E9", "tijdigheid_pct", None),  # nothing decided: unknown, not 0
        ("team", "T1", "productiviteit_pct", None),  # not computed from these tables
    ],
)
def test_realised(warehouse_con, unit_type, unit_id, figure, expected) -> None:
    query, tables = duckdb_query(warehouse_con), duckdb_tables(warehouse_con)
    assert realised(query, tables, unit_type, unit_id, figure, *OCTOBER) == expected


def test_figures_compare_werklast_with_the_team(warehouse_con) -> None:
    goal = {**GOAL, "version": 1, "unit_id": "T1", "target_value": 80.0, "red_threshold": 60.0}
    figures = figures_for(
        duckdb_query(warehouse_con),
        duckdb_tables(warehouse_con),
        "medewerker",
        "E1",
        *OCTOBER,
        [goal],
    )
    assert figures["figures"]["werkvoorraad_per_fte"]["value"] == 1.0  # 1 case / 1.0 fte
    assert figures["figures"]["team_werkvoorraad_per_fte"]["value"] == 1.33  # 2 / 1.5 fte
    # werklast_per_fte: 1.5 remaining norm hours / 24 direct hours a week; team mean with E2.
    assert figures["figures"]["werklast_weken"]["value"] == 0.06  # 0.0625
    assert figures["figures"]["team_werklast_weken"]["value"] == 0.09  # (0.0625 + 0.125) / 2
    [goal_row] = figures["goals"]
    assert (goal_row["value"], goal_row["status"]) == (50.0, "rood")


def test_an_empty_warehouse_gives_empty_figures(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    figures = figures_for(duckdb_query(con), duckdb_tables(con), "team", "T1", *OCTOBER)
    assert {f["value"] for f in figures["figures"].values()} == {None}
    frame = recent_realisation(
        duckdb_query(con), set(), "team", "T1", "tijdigheid_pct", date(2026, 11, 22), 3
    )
    assert frame.height == 3 and frame["realisatie"].null_count() == 3


def test_recent_realisation_per_month(warehouse_con) -> None:
    frame = recent_realisation(
        duckdb_query(warehouse_con),
        duckdb_tables(warehouse_con),
        "team",
        "T1",
        "productie_zaken",
        date(2026, 11, 22),
        3,
    )
    assert frame.to_dicts() == [
        {"maand": date(2026, 8, 1), "realisatie": 0.0, "instroom": 0.0, "beschikbare_uren": None},
        {"maand": date(2026, 9, 1), "realisatie": 0.0, "instroom": 2.0, "beschikbare_uren": None},
        {"maand": date(2026, 10, 1), "realisatie": 2.0, "instroom": 2.0, "beschikbare_uren": 48.0},
    ]


def test_month_starts() -> None:
    assert month_starts(date(2026, 1, 15), 2) == [date(2025, 11, 1), date(2025, 12, 1)]


def test_report_escapes_every_text_and_prints_the_snapshot(store: Store) -> None:
    draft = start_conversation(
        store, {"subject_type": "medewerker", "subject_id": "E1", "held_on": "2026-11-22"}, "m"
    )
    script = "<script>alert('x')</script>"
    save_draft(store, draft["conversation_id"], {"employee_results": script})
    figures = {"figures": {"p": {"label": "Productie <i>", "unit": "zaken", "value": 1234.5}}}
    record = finalise(
        store,
        draft["conversation_id"],
        {"employee_results": script, "learned": "a & b"},
        figures,
        "m",
    )
    html = conversation_report(record, subject_name="Anna <de> Vries")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Anna &lt;de&gt; Vries" in html and "a &amp; b" in html
    assert "Productie &lt;i&gt;" in html and "1.234,5 zaken" in html
    assert "@media print" in html and "Definitief vastgelegd" in html
    assert "gesprek op 22-11-2026" in html and "Cijfers van 11-10-2026 tot 22-11-2026" in html


def test_report_of_a_concept_says_so(store: Store) -> None:
    draft = start_conversation(
        store, {"subject_type": "team", "subject_id": "T1", "held_on": "2026-11-22"}, "m"
    )
    assert "CONCEPT" in conversation_report(draft, figures={}, agreements=[])


def test_goals_join_indicators_through_duckdb(store: Store, warehouse_con) -> None:
    save_goal(store, GOAL, "m")
    save_goal(store, {**GOAL, "target_value": 85}, "m")
    mode = attach_store(warehouse_con, store)
    assert mode in ("extension", "copy")
    assert current_goals_frame(warehouse_con)["target_value"].to_list() == [85.0]
    joined = warehouse_con.sql(
        "select teams.team_name, goals.target_value from pdca.goals as goals"
        " join teams on teams.team_id = goals.unit_id order by goals.version"
    ).fetchall()
    assert joined == [("Team Noord", 80.0), ("Team Noord", 85.0)]


# E2 works on Z3 (E1's case) on 15 October without an assign. Under the owner rule of the
# indicators (the last assign) Z3 stays E1's; "the last employee named on its events" would
# make it E2's.
HELPED = (("Z3", "gehoor", "complete", "2026-10-15 10:00", "E2", "T1", "L1", 45.0),)


@pytest.fixture
def helped_warehouse(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "helped.duckdb", HELPED)


def test_the_owner_of_a_case_is_its_last_assign(helped_warehouse: Path) -> None:
    con = duckdb.connect(str(helped_warehouse), read_only=True)
    con.execute("set TimeZone='UTC'")
    query, tables = duckdb_query(con), duckdb_tables(con)
    try:
        stock = {
            employee: realised(
                query, tables, "medewerker", employee, "werkvoorraad_zaken", *OCTOBER
            )
            for employee in ("E1", "E2")
        }
        # E1 keeps Z3, E2 keeps Z4 only.
        assert stock == {"E1": 1.0, "E2": 1.0}
        # E2's own work still counts as E2's: 45 minutes against a norm of 60.
        assert (
            realised(query, tables, "medewerker", "E2", "bewerkingstijd_norm_pct", *OCTOBER) == 75
        )
    finally:
        con.close()


def test_snapshot_equals_the_team_and_employee_pages(
    helped_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A conversation shows the figures the manager sees on Medewerker and Team."""
    from dashboard import data

    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(helped_warehouse))
    con = duckdb.connect(str(helped_warehouse), read_only=True)
    con.execute("set TimeZone='UTC'")
    query, tables = duckdb_query(con), duckdb_tables(con)
    try:
        employee = figures_for(query, tables, "medewerker", "E1", *OCTOBER)["figures"]
        team = figures_for(query, tables, "team", "T1", *OCTOBER)["figures"]
    finally:
        con.close()
    # The pages take an inclusive end day; a snapshot runs up to, not including, its end.
    period = data.Filters(start=OCTOBER[0], end=OCTOBER[1] - timedelta(days=1))

    page = data.employee_figures(period, employee_id="E1").row(0, named=True)
    workload = data.indicator("werklast_per_fte", period, employee_id="E1")
    pairs = {
        "bewerkingstijd_norm_pct": page["handling_vs_norm_pct"],
        "herstelwerk_pct": page["rework_pct"],
        "werkvoorraad_zaken": page["open_cases"],
        "werkvoorraad_per_fte": page["open_cases_per_fte"],
        "directe_uren_pct": page["direct_pct"],
        "verzuim_pct": page["absence_pct"],
        "werklast_weken": workload["werklast_weeks"][0],
    }
    assert {name: employee[name]["value"] for name in pairs} == {
        name: round(value, 2) for name, value in pairs.items()
    }
    assert employee["werkvoorraad_zaken"]["value"] == 1  # Z3, see HELPED

    kpis = data.overview_kpis(data.Filters(start=period.start, end=period.end, teams=("T1",)))
    pairs = {
        "instroom_zaken": kpis["instroom"],
        "productie_zaken": kpis["uitstroom"],
        "tijdigheid_pct": kpis["tijdigheid_pct"],
        "doorlooptijd_dagen": kpis["doorlooptijd_mean_days"],
        "werkvoorraad_zaken": kpis["werkvoorraad"],
        "ouderdom_dagen": kpis["ouderdom_median_days"],
        "over_termijn_zaken": kpis["past_term"],
    }
    assert {name: team[name]["value"] for name in pairs} == {
        name: round(value, 2) for name, value in pairs.items()
    }
    assert team["ouderdom_dagen"]["value"] == 27  # as in test_realised
