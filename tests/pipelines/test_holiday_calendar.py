"""The calendar tables: right for the span of the data, recomputed only when they would change."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines import holiday_calendar
from pipelines.holiday_calendar import fill_calendar_days
from pipelines.refresh import apply_schema


@pytest.fixture
def con():
    """An empty in-memory warehouse with the base tables."""
    connection = duckdb.connect(":memory:")
    connection.execute("set TimeZone = 'UTC'")
    apply_schema(connection)
    yield connection
    connection.close()


def add_event(con: duckdb.DuckDBPyConnection, event_at: str) -> None:
    con.execute(
        """
        insert into events (event_key, case_id, activity, lifecycle, event_at, source_file,
            source_row, load_id)
        values (hash(?), 'Z1', 'ontvangst', 'complete', ?::timestamptz, 'f.csv', 1, 1)
        """,
        [event_at, event_at],
    )


def calendar(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.sql("select * from calendar_days order by calendar_date").fetchall()


def day(con: duckdb.DuckDBPyConnection, date: str) -> tuple:
    return con.sql(
        "select holiday_name is not null, is_weekend, is_working_day from calendar_days"
        " where calendar_date = ?::date",
        params=[date],
    ).fetchall()[0]


def test_calendar_covers_the_years_of_the_data_plus_two(con):
    add_event(con, "2024-03-05 10:00:00+00")
    fill_calendar_days(con)
    first, last, days = con.sql(
        "select min(calendar_date), max(calendar_date), count(*) from calendar_days"
    ).fetchall()[0]
    # 2024 (leap year) + 2025 + 2026
    assert (first, last, days) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31), 366 + 365 + 365)
    # (holiday, weekend, working day): Boxing Day 2024 (Thursday), Saturday 28 Dec, Friday 27 Dec
    assert day(con, "2024-12-26") == (True, False, False)
    assert day(con, "2024-12-28") == (False, True, False)
    assert day(con, "2024-12-27") == (False, False, True)
    hours = con.sql("select count(*) from calendar_hours").fetchall()[0][0]
    # 00:00 UTC the day before the first day up to 00:00 UTC the day after the last, inclusive
    assert hours == (366 + 365 + 365 + 1) * 24 + 1


def test_same_span_and_fingerprint_skips_the_holiday_computation(con, monkeypatch):
    add_event(con, "2024-03-05 10:00:00+00")
    assert fill_calendar_days(con) is True
    before = calendar(con)

    def must_not_run(*_args):
        raise AssertionError("holidays recomputed for an unchanged calendar")

    monkeypatch.setattr(holiday_calendar, "dutch_holidays", must_not_run)
    add_event(con, "2024-06-01 10:00:00+00")  # the same year: the same span
    assert fill_calendar_days(con) is False  # the tables that read the calendar can stay
    assert calendar(con) == before


def test_a_grown_span_extends_the_calendar(con):
    add_event(con, "2024-03-05 10:00:00+00")
    fill_calendar_days(con)
    add_event(con, "2027-01-10 10:00:00+00")
    assert fill_calendar_days(con) is True
    last = con.sql("select max(calendar_date) from calendar_days").fetchall()[0][0]
    assert last == dt.date(2029, 12, 31)
    assert day(con, "2029-12-25") == (True, False, False)  # Christmas 2029 is a Tuesday
    source = con.sql("select first_day, last_day from calendar_source").fetchall()
    assert source == [(dt.date(2024, 1, 1), dt.date(2029, 12, 31))]


def test_changed_holiday_rules_rewrite_the_calendar(con, monkeypatch):
    add_event(con, "2024-03-05 10:00:00+00")
    fill_calendar_days(con)
    assert day(con, "2024-03-06") == (False, False, True)  # an ordinary Wednesday

    # A newer holidays release with one more day off: a new fingerprint and new rules.
    real = holiday_calendar.dutch_holidays(2024, 2026)
    monkeypatch.setattr(
        holiday_calendar, "calendar_fingerprint", lambda: "holidays 999; polars x; code y"
    )
    monkeypatch.setattr(
        holiday_calendar,
        "dutch_holidays",
        lambda first, last: (*real, (dt.date(2024, 3, 6), "Nieuwe feestdag")),
    )
    assert fill_calendar_days(con) is True
    assert day(con, "2024-03-06") == (True, False, False)
    # Working days after the new holiday count one fewer.
    numbers = con.sql(
        "select working_day_number from calendar_days where calendar_date in"
        " ('2024-03-05'::date, '2024-03-07'::date) order by calendar_date"
    ).fetchall()
    assert numbers[1][0] - numbers[0][0] == 1


def test_fingerprint_names_the_holidays_version():
    import holidays

    assert f"holidays {holidays.__version__};" in holiday_calendar.calendar_fingerprint()


def test_dutch_holidays_are_the_librarys_own():
    """The Netherlands class is loaded from its module file: same days, same names."""
    import holidays

    expected = sorted(holidays.country_holidays("NL", years=range(1990, 2031)).items())
    assert list(holiday_calendar.dutch_holidays(1990, 2030)) == expected
    # Hand-checked: King's Day 2014 moved to Saturday 26 April (27 April was a Sunday), and
    # Liberation Day is a day off in the lustrum year 2020 only.
    days = dict(holiday_calendar.dutch_holidays(2014, 2021))
    assert dt.date(2014, 4, 26) in days and dt.date(2014, 4, 27) not in days
    assert dt.date(2020, 5, 5) in days and dt.date(2019, 5, 5) not in days


def test_other_code_with_the_same_calendar_rewrites_nothing(con, monkeypatch):
    add_event(con, "2024-03-05 10:00:00+00")
    fill_calendar_days(con)
    monkeypatch.setattr(
        holiday_calendar, "calendar_fingerprint", lambda: "holidays 999; polars x; code y"
    )
    assert holiday_calendar.calendar_is_current(con) is True  # the same days and hours
    assert fill_calendar_days(con) is False
    assert con.sql("select fingerprint from calendar_source").fetchall() == [
        ("holidays 999; polars x; code y",)
    ]


def test_a_moved_hour_alone_rewrites_the_hour_table(con, monkeypatch):
    add_event(con, "2024-03-05 10:00:00+00")
    fill_calendar_days(con)
    con.execute(
        "update calendar_hours set local_date = local_date + 1"
        " where utc_hour = (select min(utc_hour) from calendar_hours)"
    )
    monkeypatch.setattr(
        holiday_calendar, "calendar_fingerprint", lambda: "holidays 999; polars x; code y"
    )
    assert holiday_calendar.calendar_is_current(con) is False
    assert fill_calendar_days(con) is True
    assert holiday_calendar.calendar_is_current(con) is True
    wrong = con.sql(
        "select count(*) from calendar_hours where local_date <>"
        " (make_timestamptz(utc_hour * 3600000000) at time zone 'Europe/Amsterdam')::date"
    ).fetchall()
    assert wrong == [(0,)]
