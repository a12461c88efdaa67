"""The table `calendar_days`: every date over the span of the data, with Dutch public holidays.

Working-day lead times count the days that are neither a weekend day nor a public holiday of
the Netherlands, as the maintained `holidays` library knows them (Liberation Day only in the
lustrum years in which it is a day off, as the library has it).

Computing the holidays is the costly part of filling the calendar, so `calendar_source` records
what the stored calendar was made from: its span and a fingerprint of the library versions and
this module. A refresh whose span and fingerprint match leaves the calendar as it is without
importing `holidays` at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import importlib.metadata
from pathlib import Path

import duckdb
import polars as pl

from pipelines.schema import DISPLAY_TIMEZONE

# The calendar spans the data plus margin for deadlines after the last event, bounded so that
# one absurd timestamp in a source cannot blow the table up.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
YEARS_AFTER_DATA = 2


def calendar_fingerprint() -> str:
    """What the calendar depends on besides its span: the versions of `holidays` (the rules)
    and Polars (its time-zone database gives `calendar_hours`), and this module's code."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    holidays_version = importlib.metadata.version("holidays")
    return f"holidays {holidays_version}; polars {pl.__version__}; code {code}"


@functools.lru_cache(maxsize=8)
def dutch_holidays(first_year: int, last_year: int) -> tuple[tuple[dt.date, str], ...]:
    """(date, name) of every Dutch public holiday from first_year to last_year inclusive."""
    # Imported on use: a refresh whose calendar is up to date never needs the library.
    holidays = importlib.import_module("holidays")
    found = holidays.country_holidays("NL", years=range(first_year, last_year + 1))
    return tuple(sorted(found.items()))


def calendar_frame(first_day: dt.date, last_day: dt.date) -> pl.DataFrame:
    """One row per date from first_day to last_day inclusive, in the columns of calendar_days."""
    holiday_rows = dutch_holidays(first_day.year, last_day.year)
    holiday_names = pl.DataFrame(
        {
            "calendar_date": [day for day, _ in holiday_rows],
            "holiday_name": [name for _, name in holiday_rows],
        },
        schema={"calendar_date": pl.Date, "holiday_name": pl.String},
    )
    return (
        pl.DataFrame({"calendar_date": pl.date_range(first_day, last_day, eager=True)})
        .join(holiday_names, on="calendar_date", how="left")
        .sort("calendar_date")
        .with_columns(
            month=pl.col("calendar_date").dt.strftime("%Y-%m"),
            week_start=pl.col("calendar_date").dt.truncate("1w"),
            is_weekend=pl.col("calendar_date").dt.weekday() >= 6,
        )
        .with_columns(
            is_working_day=~pl.col("is_weekend") & pl.col("holiday_name").is_null(),
        )
        .with_columns(
            working_day_number=pl.col("is_working_day").cast(pl.Int32).cum_sum(),
        )
    )


def data_span(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """First and last date (Europe/Amsterdam) to cover: events, receipts and deadlines."""
    row = con.sql(
        """
        with instants as (
            select min(event_at) as first_at, max(event_at) as last_at from events
            union all
            select min(received_at), max(greatest(received_at, deadline_at, decided_at))
            from case_attributes
        )
        select
            min(first_at at time zone 'Europe/Amsterdam')::date,
            max(last_at at time zone 'Europe/Amsterdam')::date
        from instants
        """
    ).fetchall()[0]
    today = dt.date.today()
    first = row[0] or today
    last = row[1] or today
    first_day = dt.date(max(first.year, EARLIEST_YEAR), 1, 1)
    last_day = dt.date(min(max(last.year, first_day.year) + YEARS_AFTER_DATA, LATEST_YEAR), 12, 31)
    return first_day, last_day


def hours_frame(first_day: dt.date, last_day: dt.date) -> pl.DataFrame:
    """One row per UTC hour from first_day to last_day, with its Europe/Amsterdam date."""
    start = dt.datetime.combine(first_day, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime.combine(last_day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=1)
    local = (
        pl.datetime_range(start, end, interval="1h", time_zone="UTC", eager=True)
        .dt.convert_time_zone(DISPLAY_TIMEZONE)
        .alias("local")
    )
    return pl.DataFrame(local).select(
        utc_hour=pl.col("local").dt.epoch("s") // 3600,
        local_date=pl.col("local").dt.date(),
        month=pl.col("local").dt.strftime("%Y-%m"),
        week_start=pl.col("local").dt.date().dt.truncate("1w"),
    )


def fill_calendar_days(con: duckdb.DuckDBPyConnection) -> bool:
    """Make `calendar_days` and `calendar_hours` cover the span of the data; whether they changed.

    Rewritten only when the calendar would change (the span grew, or the holidays or the
    time-zone rules differ), so that a refresh after a small load does not rewrite them. When
    `calendar_source` shows the stored calendar was made for this span with the same
    fingerprint, nothing is computed.
    """
    first_day, last_day = data_span(con)
    source = (first_day, last_day, calendar_fingerprint())
    if stored_calendar_source(con) == source:
        return False
    changed = _changed_tables(con, first_day, last_day)
    for table, frame in changed.items():
        con.execute(f"delete from {table}")
        con.register("calendar_frame", frame)
        try:
            con.execute(f"insert into {table} by name select * from calendar_frame")
        finally:
            con.unregister("calendar_frame")
    con.execute("delete from calendar_source")
    con.execute(
        "insert into calendar_source (first_day, last_day, fingerprint) values (?, ?, ?)",
        list(source),
    )
    return bool(changed)


def calendar_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `fill_calendar_days` would leave the calendar's days and hours as they are.
    Reads only.

    Made for the data's span with today's fingerprint: current without computing anything.
    Same span, other library versions or code: current when the computed days and hours are
    the ones stored, so an update that moves no holiday and no hour rebuilds nothing.
    """
    span = data_span(con)
    stored = stored_calendar_source(con)
    if stored == (*span, calendar_fingerprint()):
        return True
    if stored is None or stored[:2] != span:
        return False
    return not _changed_tables(con, *span)


def _changed_tables(
    con: duckdb.DuckDBPyConnection, first_day: dt.date, last_day: dt.date
) -> dict[str, pl.DataFrame]:
    """The calendar tables whose computed content differs from the stored, with that content."""
    computed = {
        "calendar_days": (calendar_frame(first_day, last_day), "calendar_date"),
        "calendar_hours": (hours_frame(first_day, last_day), "utc_hour"),
    }
    changed = {}
    for table, (frame, key) in computed.items():
        stored = con.sql(f"select * from {table} order by {key}").pl()
        if not stored.select(frame.columns).equals(frame.cast(stored.schema)):
            changed[table] = frame
    return changed


def stored_calendar_source(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, fingerprint) the stored calendar was made for; None if unknown."""
    rows = con.sql("select first_day, last_day, fingerprint from calendar_source").fetchall()
    return tuple(rows[0]) if len(rows) == 1 else None
