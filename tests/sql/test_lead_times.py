"""Lead times and timeliness on hand-written cases: suspension, DST, holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.sql.test_case_timeline import dst_midnight_cases, reopened_case, suspended_case
from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed

LEAD_TIMES = """
    select case_id, decision_month, reopen_count, lead_time_seconds, lead_time_days,
           suspension_days, net_lead_time_days, lead_time_calendar_days,
           lead_time_working_days, net_lead_time_working_days
    from lead_times order by case_id
"""
DAY = 86400


def holiday_cases(con):
    """Received on Christmas Day 2024 and on King's Day 2023 (a Thursday)."""
    insert_events(
        con,
        [
            {"case_id": "X", "activity": "ontvangst", "event_at": at("2024-12-25 10:00+01:00")},
            {"case_id": "X", "activity": "beschikking", "event_at": at("2024-12-30 15:00+01:00")},
            {"case_id": "K", "activity": "ontvangst", "event_at": at("2023-04-27 10:00+02:00")},
            {"case_id": "K", "activity": "beschikking", "event_at": at("2023-05-01 10:00+02:00")},
        ],
    )


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        pytest.param(
            suspended_case,
            # 15 Jan 09:00 -> 15 Feb 09:00 = 31 days; suspended 29 Jan 12:00 -> 5 Feb 12:00 = 7.
            # Working days after 15 Jan up to 15 Feb: 12 in January + 11 in February = 23;
            # in the suspension (30, 31 Jan, 1, 2, 5 Feb) 5.
            [("S", "2024-02", 0, 31 * DAY, 31.0, 7.0, 24.0, 31, 23, 18)],
            id="suspension over a month end",
        ),
        pytest.param(
            reopened_case,
            # First receipt 10 Jan 09:00 to last decision 20 Mar 09:00: 70 days (2024 is leap).
            # Working days 11 Jan..20 Mar: 15 + 21 + 14 = 50.
            [("R", "2024-03", 1, 70 * DAY, 70.0, 0.0, 70.0, 70, 50, 50)],
            id="reopened case",
        ),
        pytest.param(
            dst_midnight_cases,
            # D1: UTC 30 Mar 23:00 -> 26 Oct 22:00 = 210 days less the hour of summer time.
            # D2: UTC 31 Mar 22:00 -> 31 Oct 23:00 = 214 days plus one hour.
            [
                ("D1", "2024-10", 0, 210 * DAY - 3600, 210 - 1 / 24, 0.0, 210 - 1 / 24, 210,
                 147, 147),
                ("D2", "2024-11", 0, 214 * DAY + 3600, 214 + 1 / 24, 0.0, 214 + 1 / 24, 214,
                 152, 152),
            ],
            id="midnight events across DST changes",
        ),
        pytest.param(
            holiday_cases,
            # K: 28 Apr (Fri) and 1 May (Mon) are working days; 29-30 Apr weekend.
            # X: 26 Dec is a holiday; 27 Dec (Fri) and 30 Dec (Mon) are working days.
            [
                ("K", "2023-05", 0, 4 * DAY, 4.0, 0.0, 4.0, 4, 2, 2),
                ("X", "2024-12", 0, 5 * DAY + 5 * 3600, 5 + 5 / 24, 0.0, 5 + 5 / 24, 5, 2, 2),
            ],
            id="received on a public holiday",
        ),
    ],
)  # fmt: skip
def test_lead_times(con, scenario, expected):
    scenario(con)
    if scenario is not holiday_cases:
        con.execute("update case_attributes set decided_rule = 'beschikking'")
    assert_rows(refreshed(con), LEAD_TIMES, expected)


def test_working_days_of_dst_cases_are_counted_by_hand():
    """Guard for the expected values above: weekdays minus Dutch holidays, computed here."""
    import holidays

    dutch = holidays.country_holidays("NL", years=2024)

    def working_days(after: dt.date, up_to: dt.date) -> int:
        days = (after + dt.timedelta(days=n) for n in range(1, (up_to - after).days + 1))
        return sum(1 for day in days if day.weekday() < 5 and day not in dutch)

    assert working_days(dt.date(2024, 3, 31), dt.date(2024, 10, 27)) == 147
    assert working_days(dt.date(2024, 4, 1), dt.date(2024, 11, 1)) == 152
    assert working_days(dt.date(2024, 1, 15), dt.date(2024, 2, 15)) == 23
    assert working_days(dt.date(2024, 1, 10), dt.date(2024, 3, 20)) == 50


def test_timeliness_counts_suspension_as_extra_term(con):
    suspended_case(con)
    # Term 10 Feb; 7 days suspended move it to 17 Feb; decided 15 Feb: within term.
    con.execute(
        "update case_attributes set deadline_at = '2024-02-10 09:00+01:00' where case_id = 'S'"
    )
    insert_events(
        con,
        [
            {"case_id": "L", "activity": "ontvangst", "event_at": at("2024-01-02 09:00+01:00")},
            {"case_id": "L", "activity": "beschikking", "event_at": at("2024-02-20 09:00+01:00")},
        ],
    )
    insert_rows(
        con,
        "case_attributes",
        [{"case_id": "L", "deadline_at": at("2024-02-19 09:00+01:00"), "load_id": 1}],
    )
    assert_rows(
        refreshed(con),
        """
        select decision_month, decided_count, with_deadline_count, within_term_count,
               within_term_pct
        from timeliness_monthly
        """,
        [("2024-02", 2, 2, 1, 50.0)],
    )


def test_lead_time_percentiles_interpolate(con):
    insert_events(
        con,
        [
            event
            for number, days in enumerate([1, 2, 3, 4, 10])
            for event in (
                {"case_id": f"P{number}", "activity": "ontvangst",
                 "event_at": at("2024-01-01 09:00+01:00")},
                {"case_id": f"P{number}", "activity": "beschikking",
                 "event_at": at("2024-01-01 09:00+01:00") + dt.timedelta(days=days)},
            )
        ],
    )  # fmt: skip
    # Lead times 1, 2, 3, 4, 10 days: mean 4; p50 3; p80 4 + 0.2 x 6 = 5.2; p90 7.6.
    assert_rows(
        refreshed(con),
        """
        select decision_month, decided_count, mean_lead_time_days, p50_lead_time_days,
               p80_lead_time_days, p90_lead_time_days
        from lead_time_stats
        """,
        [("2024-01", 5, 4.0, 3.0, 5.2, 7.6)],
    )
