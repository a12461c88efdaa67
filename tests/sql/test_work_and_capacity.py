"""Handling time against norms, productivity, workload and fairness on a hand-written team.

Team T1 (location L1): E1 (1.0 fte, 24 direct hours a week) and E2 (0.5 fte, 12 direct hours).
The norm for gehoor changes on 15 February from 120 to 90 minutes; beschikking is 60 minutes.
C0 is decided (gehoor 14 Feb, booked 100 min; beschikking 20 Feb, booked 50 min). C1 (E1)
has had its gehoor on 16 Feb (start 09:00, complete 10:30, no booking); C2 (E2) has nothing
done. The data end on 20 February.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed

WEEKS = [dt.date(2024, 1, 29), dt.date(2024, 2, 5), dt.date(2024, 2, 12), dt.date(2024, 2, 19)]


def assign(case_id, employee_id, when):
    return {"case_id": case_id, "activity": "toewijzing", "lifecycle": "assign",
            "employee_id": employee_id, "team_id": "T1", "event_at": at(when)}  # fmt: skip


def product(case_id, activity, employee_id, when, lifecycle="complete", effort=None):
    return {"case_id": case_id, "activity": activity, "lifecycle": lifecycle,
            "employee_id": employee_id, "event_at": at(when), "effort_minutes": effort}  # fmt: skip


@pytest.fixture
def team(con):
    insert_events(
        con,
        [
            product("C0", "ontvangst", None, "2024-02-01 09:00+01:00"),
            assign("C0", "E1", "2024-02-01 10:00+01:00"),
            product("C0", "gehoor", "E1", "2024-02-14 14:00+01:00", effort=100),
            product("C0", "beschikking", "E1", "2024-02-20 10:00+01:00", effort=50),
            product("C1", "ontvangst", None, "2024-02-10 09:00+01:00"),
            assign("C1", "E1", "2024-02-12 09:00+01:00"),
            product("C1", "gehoor", "E1", "2024-02-16 09:00+01:00", lifecycle="start"),
            product("C1", "gehoor", "E1", "2024-02-16 10:30+01:00"),
            product("C2", "ontvangst", None, "2024-02-10 09:00+01:00"),
            assign("C2", "E2", "2024-02-12 09:00+01:00"),
        ],
    )
    insert_rows(
        con,
        "case_attributes",
        [{"case_id": case, "case_type": "regulier", "decided_rule": "beschikking", "load_id": 1}
         for case in ("C0", "C1", "C2")],
    )  # fmt: skip
    insert_rows(con, "teams", [{"team_id": "T1", "team_name": "Team 1", "location_id": "L1"}])
    insert_rows(
        con,
        "employees",
        [{"employee_id": "E1", "fte": 1.0}, {"employee_id": "E2", "fte": 0.5}],
    )
    insert_rows(
        con,
        "employee_teams",
        [{"employee_id": e, "team_id": "T1", "valid_from": dt.date(2024, 1, 1), "valid_to": None}
         for e in ("E1", "E2")],
    )  # fmt: skip
    insert_rows(
        con,
        "norms",
        [
            {"activity": "gehoor", "case_type": None, "norm_minutes": 120.0,
             "valid_from": dt.date(2024, 1, 1), "valid_to": dt.date(2024, 2, 15)},
            {"activity": "gehoor", "case_type": None, "norm_minutes": 90.0,
             "valid_from": dt.date(2024, 2, 15), "valid_to": None},
            {"activity": "beschikking", "case_type": None, "norm_minutes": 60.0,
             "valid_from": dt.date(2024, 1, 1), "valid_to": None},
        ],
    )  # fmt: skip
    insert_rows(
        con,
        "capacity",
        [
            {"employee_id": employee, "week_start": week, "contract_hours": contract,
             "available_hours": available, "direct_hours": direct, "indirect_hours": 0.0,
             "absence_hours": absence, "leave_hours": 0.0}
            for week in WEEKS
            for employee, contract, available, direct, absence in (
                ("E1", 36.0, 32.0, 24.0, 4.0),
                ("E2", 18.0, 16.0, 12.0, 0.0),
            )
        ],
    )  # fmt: skip
    return refreshed(con)


def test_handling_time_uses_the_norm_valid_at_completion(team):
    assert_rows(
        team,
        """
        select month, activity, employee_id, team_id, location_id, completed_count, timed_count,
               handling_minutes, mean_handling_minutes, norm_minutes, realisation_vs_norm
        from handling_time_vs_norm order by activity
        """,
        [
            ("2024-02", "beschikking", "E1", "T1", "L1", 1, 1, 50.0, 50.0, 60.0, 50 / 60),
            # 100 booked against 120 (old norm) + 90 from start/complete against 90 (new norm).
            ("2024-02", "gehoor", "E1", "T1", "L1", 2, 2, 190.0, 95.0, 210.0, 190 / 210),
            ("2024-02", "ontvangst", None, None, None, 3, 0, None, None, None, None),
        ],
    )


def test_productivity_per_week_and_the_half_time_employee(team):
    zero_week = [(w, e, "T1", "L1", 0, 0, 0.0, d, 0.0) for w in WEEKS[:2] for e, d in
                 (("E1", 24.0), ("E2", 12.0))]  # fmt: skip
    assert_rows(
        team,
        """
        select week_start, employee_id, team_id, location_id, completed_products,
               products_with_norm, normative_hours, direct_hours, productivity
        from productivity_weekly order by week_start, employee_id
        """,
        [
            *zero_week,
            (WEEKS[2], "E1", "T1", "L1", 2, 2, 3.5, 24.0, 3.5 / 24),
            (WEEKS[2], "E2", "T1", "L1", 0, 0, 0.0, 12.0, 0.0),
            (WEEKS[3], "E1", "T1", "L1", 1, 1, 1.0, 24.0, 1 / 24),
            (WEEKS[3], "E2", "T1", "L1", 0, 0, 0.0, 12.0, 0.0),
        ],
    )


def test_direct_hours_and_absence_percentages(team):
    assert_rows(
        team,
        """
        select employee_id, avg(direct_hours_pct), count(*) from direct_hours_pct_weekly
        group by employee_id order by employee_id
        """,
        [("E1", 75.0, 4), ("E2", 75.0, 4)],
    )
    assert_rows(
        team,
        """
        select employee_id, avg(absence_pct) from absence_pct_weekly
        group by employee_id order by employee_id
        """,
        [("E1", 100 * 4 / 36), ("E2", 0.0)],
    )


def test_werklast_in_weeks_per_employee(team):
    # At today's norms (gehoor 90, beschikking 60) a regulier case takes 150 minutes (C0).
    # C1: 150 - 90 done = 1 norm hour over 24 h a week; C2: 2.5 h over 12 h a week (0.5 fte).
    assert_rows(
        team,
        """
        select employee_id, team_id, location_id, fte, open_case_count, remaining_norm_hours,
               productive_hours_per_week, werklast_weeks
        from werklast_per_fte order by employee_id
        """,
        [
            ("E1", "T1", "L1", 1.0, 1, 1.0, 24.0, 1 / 24),
            ("E2", "T1", "L1", 0.5, 1, 2.5, 12.0, 2.5 / 12),
        ],
    )


def test_fairness_within_team_and_location(team):
    # Werklast 1/24 and 5/24 weeks: mean 3/24; population sd 2/24 -> CV 2/3;
    # max/median 5/3; Gini = |5/24 - 1/24| / (2 x 3/24 x 2) = 1/3.
    assert_rows(
        team,
        """
        select team_id, location_id, employee_count, mean_werklast_weeks, median_werklast_weeks,
               max_werklast_weeks, coefficient_of_variation, max_over_median, gini
        from fairness_team
        """,
        [("T1", "L1", 2, 3 / 24, 3 / 24, 5 / 24, 2 / 3, 5 / 3, 1 / 3)],
    )
    # One team: its werklast (1 + 2.5) / (24 + 12), no spread.
    assert_rows(
        team,
        """
        select location_id, team_count, mean_werklast_weeks, coefficient_of_variation,
               max_over_median, gini
        from fairness_location
        """,
        [("L1", 1, 3.5 / 36, 0.0, 1.0, 0.0)],
    )


def test_employee_activity_counts_events_and_cases(team):
    assert_rows(
        team,
        "select employee_id, event_count, case_count from employee_activity order by employee_id",
        [("E1", 6, 2), ("E2", 1, 1)],
    )


def test_werkvoorraad_per_employee_on_the_last_day(team):
    assert_rows(
        team,
        """
        select snapshot_date, employee_id, state, team_id, case_count
        from werkvoorraad_weekly_employee where snapshot_date = '2024-02-20'
        order by employee_id
        """,
        [
            (dt.date(2024, 2, 20), "E1", "lopend", "T1", 1),
            (dt.date(2024, 2, 20), "E2", "lopend", "T1", 1),
        ],
    )


def test_work_items_carry_the_norm_and_team_per_product(team):
    assert_rows(
        team,
        """
        select case_id, activity, completed_on, employee_id, team_id, location_id,
               handling_minutes, handling_source, norm_minutes
        from work_items where activity = 'gehoor' order by completed_at
        """,
        [
            ("C0", "gehoor", dt.date(2024, 2, 14), "E1", "T1", "L1", 100.0, "booked", 120.0),
            ("C1", "gehoor", dt.date(2024, 2, 16), "E1", "T1", "L1", 90.0, "start-complete", 90.0),
        ],
    )
