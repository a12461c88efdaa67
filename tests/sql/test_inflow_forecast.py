"""The forecast of inflow, open stock and capacity on a hand-written history.

Regulier cases (route R) are received: 5 in November 2023, 1 in December, 2 in January 2024,
none in February, 4 in March (one of them at 00:30 on 1 March, still 29 February in UTC) and
1 in April. Three are decided: one in January, two in February; each had a gehoor (120
minutes) and a beschikking (60 minutes), so a decided regulier case takes 3 norm hours. One
asiel case (route AA) is received in December and never decided, so asiel has no norm. The
data end on 10 April 2024: April is the as-of month, November to March the complete months.

Capacity: E1 (1.0 fte) 24 and E2 (0.5 fte) 12 direct hours a week in the four weeks up to the
as-of date; E1's 40 hours in the week before those, and E3 (1.0 fte) who worked only in
February, fall outside them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed

HOURS_PER_FTE_MONTH = 24.0 * 365.25 / 12 / 7  # 36 direct hours a week over 1.5 fte
RECEIVED = {
    "2023-11": ["2023-11-06 09:00+01:00"] * 5,
    "2023-12": ["2023-12-04 09:00+01:00"],
    "2024-01": ["2024-01-08 09:00+01:00"] * 2,
    "2024-03": ["2024-03-01 00:30+01:00"] + ["2024-03-11 09:00+01:00"] * 3,
    "2024-04": ["2024-04-10 16:00+02:00"],
}
DECIDED = {"R01": "2024-01-15 10:00+01:00", "R02": "2024-02-12 10:00+01:00",
           "R03": "2024-02-19 10:00+01:00"}  # fmt: skip


def event(case_id, activity, when, employee_id=None):
    return {"case_id": case_id, "activity": activity, "employee_id": employee_id,
            "event_at": at(when)}  # fmt: skip


@pytest.fixture
def history(con):
    events, attributes = [], []
    received = [when for month in sorted(RECEIVED) for when in RECEIVED[month]]
    for number, when in enumerate(received, start=1):
        case_id = f"R{number:02d}"
        events.append(event(case_id, "ontvangst", when))
        attributes.append({"case_id": case_id, "case_type": "regulier", "route": "R"})
        if case_id in DECIDED:
            decided = at(DECIDED[case_id])
            gehoor = (decided - dt.timedelta(days=2)).isoformat()
            events.append(event(case_id, "gehoor", gehoor, "E1"))
            events.append(event(case_id, "beschikking", DECIDED[case_id], "E1"))
    events.append(event("A01", "ontvangst", "2023-12-05 09:00+01:00"))
    attributes.append({"case_id": "A01", "case_type": "asiel", "route": "AA"})
    insert_events(con, events)
    insert_rows(
        con,
        "case_attributes",
        [{**row, "decided_rule": "beschikking", "load_id": 1} for row in attributes],
    )
    insert_rows(
        con,
        "employees",
        [{"employee_id": "E1", "fte": 1.0}, {"employee_id": "E2", "fte": 0.5},
         {"employee_id": "E3", "fte": 1.0}],
    )  # fmt: skip
    insert_rows(
        con,
        "norms",
        [{"activity": activity, "case_type": None, "norm_minutes": minutes,
          "valid_from": dt.date(2023, 1, 1), "valid_to": None}
         for activity, minutes in (("gehoor", 120.0), ("beschikking", 60.0))],
    )  # fmt: skip
    weeks = [dt.date(2024, 3, 18), dt.date(2024, 3, 25), dt.date(2024, 4, 1), dt.date(2024, 4, 8)]
    capacity = [
        (employee, week, direct)
        for week in weeks
        for employee, direct in (("E1", 24.0), ("E2", 12.0))
    ]
    capacity += [("E1", dt.date(2024, 3, 11), 40.0), ("E3", dt.date(2024, 2, 5), 30.0)]
    insert_rows(
        con,
        "capacity",
        [{"employee_id": employee, "week_start": week, "contract_hours": 36.0,
          "available_hours": 36.0, "direct_hours": direct, "indirect_hours": 0.0,
          "absence_hours": 0.0, "leave_hours": 0.0}
         for employee, week, direct in capacity],
    )  # fmt: skip
    return refreshed(con)


def test_the_complete_months_as_they_were(history):
    assert_rows(
        history,
        """
        select month, case_type, inflow, outflow, open_at_month_end, fte_needed
        from inflow_forecast where not is_forecast order by month, case_type
        """,
        [
            ("2023-11", "regulier", 5.0, 0.0, 5.0, 5 * 3 / HOURS_PER_FTE_MONTH),
            ("2023-12", "asiel", 1.0, 0.0, 1.0, None),
            ("2023-12", "regulier", 1.0, 0.0, 6.0, 1 * 3 / HOURS_PER_FTE_MONTH),
            ("2024-01", "asiel", 0.0, 0.0, 1.0, None),
            ("2024-01", "regulier", 2.0, 1.0, 7.0, 2 * 3 / HOURS_PER_FTE_MONTH),
            ("2024-02", "asiel", 0.0, 0.0, 1.0, None),
            ("2024-02", "regulier", 0.0, 2.0, 5.0, 0.0),
            # the case received at 00:30 on 1 March counts in March, not in February (UTC)
            ("2024-03", "asiel", 0.0, 0.0, 1.0, None),
            ("2024-03", "regulier", 4.0, 0.0, 9.0, 4 * 3 / HOURS_PER_FTE_MONTH),
        ],
    )


def test_the_three_months_ahead(history):
    # Normal inflow (2 + 0 + 4) / 3 = 2, pace (1 + 2 + 0) / 3 = 1, peak 5 (November). Open now:
    # 13 received - 3 decided = 10 regulier, 1 asiel. Days from 10 April to the end of May: 51.
    normal, peak = 2 * 3 / HOURS_PER_FTE_MONTH, 5 * 3 / HOURS_PER_FTE_MONTH
    expected = []
    for month, days_to_month_end in (("2024-05", 51), ("2024-06", 81), ("2024-07", 112)):
        projected = 10 + (2 - 1) * days_to_month_end / 30.4375
        expected += [
            (month, "asiel", "AA", 3, 0.0, 1.0, 0.0, 1, 1.0, None, None, None),
            (month, "regulier", "R", 3, 2.0, 5.0, 1.0, 10, projected, 3.0, normal, peak),
        ]
    assert_rows(
        history,
        """
        select month, case_type, route, basis_months, inflow, inflow_peak, outflow, open_now,
               open_at_month_end, norm_hours_per_case, fte_needed, fte_needed_peak
        from inflow_forecast where is_forecast order by month, case_type
        """,
        expected,
    )


def test_capacity_is_that_of_the_last_four_weeks(history):
    assert_rows(
        history,
        """
        select distinct productive_hours_per_fte_week, available_fte, flex_pool_fte
        from inflow_forecast
        """,
        [(24.0, 1.5, 0.15)],
    )


def open_cases(con, case_ids):
    """Cases that stay open: decided by a beschikking, of which they have none."""
    insert_rows(
        con,
        "case_attributes",
        [{"case_id": case_id, "decided_rule": "beschikking", "load_id": 1} for case_id in case_ids],
    )


def test_a_shorter_history_divides_by_the_months_it_has(con):
    # Data from 20 February to 2 April: February and March are complete, so the normal
    # inflow is the mean of two months, not three.
    open_cases(con, ["C1", "C2", "C3", "C4"])
    insert_events(
        con,
        [
            event("C1", "ontvangst", "2024-02-20 09:00+01:00"),
            event("C2", "ontvangst", "2024-03-04 09:00+01:00"),
            event("C3", "ontvangst", "2024-03-05 09:00+01:00"),
            event("C4", "ontvangst", "2024-04-02 09:00+02:00"),
        ],
    )
    assert_rows(
        refreshed(con),
        """
        select month, basis_months, inflow, inflow_peak, open_now, fte_needed
        from inflow_forecast where is_forecast order by month
        """,
        [
            ("2024-05", 2, 1.5, 2.0, 4, None),
            ("2024-06", 2, 1.5, 2.0, 4, None),
            ("2024-07", 2, 1.5, 2.0, 4, None),
        ],
    )


def test_no_forecast_before_one_complete_month(con):
    open_cases(con, ["C1", "C2"])
    insert_events(
        con,
        [
            event("C1", "ontvangst", "2024-03-04 09:00+01:00"),
            event("C2", "ontvangst", "2024-03-20 09:00+01:00"),
        ],
    )
    assert refreshed(con).sql("select count(*) from inflow_forecast").fetchall() == [(0,)]
