"""Open periods, state intervals and the monthly flow, on hand-written cases.

Each scenario is a handful of events; the expected rows are worked out by hand from them
(instants in UTC: Europe/Amsterdam is UTC+1 in winter, UTC+2 in summer).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.sql.warehouse_fixtures import (
    assert_rows,
    at,
    insert_events,
    insert_rows,
    refreshed,
    utc,
)

OPEN_RULE = {"decided_rule": "beschikking", "load_id": 1}


def open_case(con: duckdb.DuckDBPyConnection) -> None:
    """Received, assigned, never decided: open at the end."""
    insert_events(
        con,
        [
            {"case_id": "A", "activity": "ontvangst", "event_at": at("2024-01-10 09:00+01:00")},
            {
                "case_id": "A",
                "activity": "toewijzing",
                "lifecycle": "assign",
                "employee_id": "E1",
                "team_id": "T1",
                "location_id": "L1",
                "event_at": at("2024-01-12 10:00+01:00"),
            },
        ],
    )
    insert_rows(con, "case_attributes", [{"case_id": "A", "case_type": "regulier", **OPEN_RULE}])


def reopened_case(con: duckdb.DuckDBPyConnection) -> None:
    """Decided in February, reopened and decided again in March."""
    insert_events(
        con,
        [
            {"case_id": "R", "activity": "ontvangst", "event_at": at("2024-01-10 09:00+01:00")},
            {"case_id": "R", "activity": "beschikking", "event_at": at("2024-02-20 09:00+01:00")},
            {"case_id": "R", "activity": "heropening", "event_at": at("2024-03-05 09:00+01:00")},
            {"case_id": "R", "activity": "beschikking", "event_at": at("2024-03-20 09:00+01:00")},
        ],
    )
    insert_rows(con, "case_attributes", [{"case_id": "R", **OPEN_RULE}])


def suspended_case(con: duckdb.DuckDBPyConnection) -> None:
    """Suspended from 29 January to 5 February: across the month end."""
    insert_events(
        con,
        [
            {"case_id": "S", "activity": "ontvangst", "event_at": at("2024-01-15 09:00+01:00")},
            {
                "case_id": "S",
                "activity": "opschorting",
                "lifecycle": "suspend",
                "event_at": at("2024-01-29 12:00+01:00"),
            },
            {
                "case_id": "S",
                "activity": "opschorting",
                "lifecycle": "resume",
                "event_at": at("2024-02-05 12:00+01:00"),
            },
            {"case_id": "S", "activity": "beschikking", "event_at": at("2024-02-15 09:00+01:00")},
        ],
    )
    insert_rows(con, "case_attributes", [{"case_id": "S", **OPEN_RULE}])


def team_change_case(con: duckdb.DuckDBPyConnection) -> None:
    """The owner moves from team T1 (location L1) to T2 (L2) on 1 March, mid-case."""
    insert_events(
        con,
        [
            {
                "case_id": "M",
                "activity": "ontvangst",
                "location_id": "L1",
                "event_at": at("2024-02-20 09:00+01:00"),
            },
            {
                "case_id": "M",
                "activity": "toewijzing",
                "lifecycle": "assign",
                "employee_id": "E1",
                "team_id": "T1",
                "location_id": "L1",
                "event_at": at("2024-02-21 09:00+01:00"),
            },
            {
                "case_id": "M",
                "activity": "beschikking",
                "employee_id": "E1",
                "event_at": at("2024-03-10 09:00+01:00"),
            },
        ],
    )
    insert_rows(con, "case_attributes", [{"case_id": "M", **OPEN_RULE}])
    insert_rows(
        con,
        "teams",
        [
            {"team_id": "T1", "team_name": "Team 1", "location_id": "L1"},
            {"team_id": "T2", "team_name": "Team 2", "location_id": "L2"},
        ],
    )
    insert_rows(
        con,
        "employee_teams",
        [
            {"employee_id": "E1", "team_id": "T1", "valid_from": dt.date(2024, 1, 1),
             "valid_to": dt.date(2024, 3, 1)},
            {"employee_id": "E1", "team_id": "T2", "valid_from": dt.date(2024, 3, 1),
             "valid_to": None},
        ],
    )  # fmt: skip


def dst_midnight_cases(con: duckdb.DuckDBPyConnection) -> None:
    """Events exactly at local midnight on both sides of the DST changes of 2024."""
    insert_events(
        con,
        [
            # 31 March 00:00 is still winter time: UTC 30 March 23:00, but March locally.
            {"case_id": "D1", "activity": "ontvangst", "event_at": at("2024-03-31 00:00+01:00")},
            # 27 October 00:00 is still summer time: UTC 26 October 22:00.
            {"case_id": "D1", "activity": "beschikking", "event_at": at("2024-10-27 00:00+02:00")},
            # 1 April 00:00 summer time is UTC 31 March 22:00: April locally.
            {"case_id": "D2", "activity": "ontvangst", "event_at": at("2024-04-01 00:00+02:00")},
            # 1 November 00:00 winter time is UTC 31 October 23:00: November locally.
            {"case_id": "D2", "activity": "beschikking", "event_at": at("2024-11-01 00:00+01:00")},
        ],
    )
    insert_rows(con, "case_attributes", [{"case_id": c, **OPEN_RULE} for c in ("D1", "D2")])


INTERVALS = """
    select case_id, period_number, state, employee_id, team_id, location_id, valid_from, valid_to
    from case_state_intervals order by case_id, valid_from
"""

FLOW = """
    select month, inflow, inflow_received, inflow_reopened, outflow,
           open_at_month_start, open_at_month_end
    from flow_monthly order by month
"""


@pytest.mark.parametrize(
    ("scenario", "expected_intervals"),
    [
        pytest.param(
            open_case,
            [
                ("A", 1, "te_plannen", None, None, "L1", utc("2024-01-10 08:00"),
                 utc("2024-01-12 09:00")),
                ("A", 1, "lopend", "E1", "T1", "L1", utc("2024-01-12 09:00"), None),
            ],
            id="open case",
        ),
        pytest.param(
            reopened_case,
            [
                ("R", 1, "te_plannen", None, None, None, utc("2024-01-10 08:00"),
                 utc("2024-02-20 08:00")),
                ("R", 2, "te_plannen", None, None, None, utc("2024-03-05 08:00"),
                 utc("2024-03-20 08:00")),
            ],
            id="reopened case",
        ),
        pytest.param(
            suspended_case,
            [
                ("S", 1, "te_plannen", None, None, None, utc("2024-01-15 08:00"),
                 utc("2024-01-29 11:00")),
                ("S", 1, "opgeschort", None, None, None, utc("2024-01-29 11:00"),
                 utc("2024-02-05 11:00")),
                ("S", 1, "te_plannen", None, None, None, utc("2024-02-05 11:00"),
                 utc("2024-02-15 08:00")),
            ],
            id="suspension over a month end",
        ),
        pytest.param(
            team_change_case,
            [
                ("M", 1, "te_plannen", None, None, "L1", utc("2024-02-20 08:00"),
                 utc("2024-02-21 08:00")),
                ("M", 1, "lopend", "E1", "T1", "L1", utc("2024-02-21 08:00"),
                 utc("2024-02-29 23:00")),
                ("M", 1, "lopend", "E1", "T2", "L2", utc("2024-02-29 23:00"),
                 utc("2024-03-10 08:00")),
            ],
            id="employee changes team mid-case",
        ),
    ],
)  # fmt: skip
def test_case_state_intervals(con, scenario, expected_intervals):
    scenario(con)
    assert_rows(refreshed(con), INTERVALS, expected_intervals)


@pytest.mark.parametrize(
    ("scenario", "expected_flow"),
    [
        pytest.param(open_case, [("2024-01", 1, 1, 0, 0, 0, 1)], id="open case"),
        pytest.param(
            reopened_case,
            [
                ("2024-01", 1, 1, 0, 0, 0, 1),
                ("2024-02", 0, 0, 0, 1, 1, 0),
                ("2024-03", 1, 0, 1, 1, 0, 0),
            ],
            id="reopened case",
        ),
        pytest.param(
            suspended_case,
            [("2024-01", 1, 1, 0, 0, 0, 1), ("2024-02", 0, 0, 0, 1, 1, 0)],
            id="suspension over a month end",
        ),
        pytest.param(
            dst_midnight_cases,
            [
                ("2024-03", 1, 1, 0, 0, 0, 1),
                ("2024-04", 1, 1, 0, 0, 1, 2),
                *[(f"2024-{month:02d}", 0, 0, 0, 0, 2, 2) for month in range(5, 10)],
                ("2024-10", 0, 0, 0, 1, 2, 1),
                ("2024-11", 0, 0, 0, 1, 1, 0),
            ],
            id="midnight events across DST changes",
        ),
    ],
)
def test_flow_monthly(con, scenario, expected_flow):
    scenario(con)
    assert_rows(refreshed(con), FLOW, expected_flow)


def test_flow_per_unit_counts_team_change_as_transfer(con):
    team_change_case(con)
    # The move happens at local midnight 1 March (UTC 29 February 23:00): a March transfer.
    assert_rows(
        refreshed(con),
        """
        select month, location_id, team_id, inflow, transfers_in, outflow, transfers_out,
               open_at_month_start, open_at_month_end
        from flow_monthly_by_unit order by month, location_id, team_id nulls first
        """,
        [
            ("2024-02", "L1", None, 1, 0, 0, 1, 0, 0),
            ("2024-02", "L1", "T1", 0, 1, 0, 0, 0, 1),
            ("2024-03", "L1", "T1", 0, 0, 0, 1, 1, 0),
            ("2024-03", "L2", "T2", 0, 1, 1, 0, 0, 0),
        ],
    )


def test_decision_is_attributed_to_the_team_at_that_moment(con):
    team_change_case(con)
    assert_rows(
        refreshed(con),
        "select case_id, decided_on, month, employee_id, team_id, location_id from case_decisions",
        [("M", dt.date(2024, 3, 10), "2024-03", "E1", "T2", "L2")],
    )


def test_werkvoorraad_daily_counts_state_at_end_of_day(con):
    suspended_case(con)
    rows = (
        refreshed(con)
        .sql(
            """
        select calendar_date, state, case_count from werkvoorraad_daily
        where calendar_date in ('2024-01-15', '2024-01-28', '2024-01-29', '2024-01-31',
                                '2024-02-05', '2024-02-14', '2024-02-15')
        order by calendar_date
        """
        )
        .fetchall()
    )
    assert rows == [
        (dt.date(2024, 1, 15), "te_plannen", 1),
        (dt.date(2024, 1, 28), "te_plannen", 1),
        (dt.date(2024, 1, 29), "opgeschort", 1),
        (dt.date(2024, 1, 31), "opgeschort", 1),
        (dt.date(2024, 2, 5), "te_plannen", 1),
        (dt.date(2024, 2, 14), "te_plannen", 1),
        # Decided at 09:00 on 15 February: no longer open at the end of that day.
    ]


def test_open_case_deadlines(con):
    open_case(con)
    con.execute(
        "update case_attributes set deadline_at = '2024-04-10 09:00+02:00' where case_id = 'A'"
    )
    assert_rows(
        refreshed(con),
        """
        select case_id, state, employee_id, age_days, days_left, is_past_term,
               pace_p50_net_days, will_pass_term
        from open_case_deadlines
        """,
        # As of the latest event, 12 January: two days old, 89 days until 10 April.
        [("A", "lopend", "E1", 2, 89, False, None, None)],
    )


def test_cases_mart_keeps_export_columns(con):
    reopened_case(con)
    assert_rows(
        refreshed(con),
        """
        select case_id, first_event_at, last_event_at, event_count, received_at, decided_at,
               deadline_at, reopen_count, is_open
        from cases
        """,
        [
            ("R", utc("2024-01-10 08:00"), utc("2024-03-20 08:00"), 4, utc("2024-01-10 08:00"),
             utc("2024-03-20 08:00"), None, 1, False),
        ],
    )  # fmt: skip


def test_flow_runs_to_the_month_of_the_latest_event(con):
    open_case(con)
    insert_events(
        con,
        [{"case_id": "A", "activity": "gehoor", "event_at": at("2024-03-05 09:00+01:00")}],
    )
    assert_rows(
        refreshed(con),
        FLOW,
        [
            ("2024-01", 1, 1, 0, 0, 0, 1),
            ("2024-02", 0, 0, 0, 0, 1, 1),
            ("2024-03", 0, 0, 0, 0, 1, 1),
        ],
    )
