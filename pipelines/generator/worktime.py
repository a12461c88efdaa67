"""Working time: the simulation clock counts working days, the data shows local office hours.

Simulation time `t` is a float in working days since the first working day of the calendar;
day `floor(t)` is a weekday that is not a Dutch public holiday, and its fraction is spread
over office hours, so every event falls on a working day between 08:00 and 17:00 local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import holidays
import numpy as np
import polars as pl

from pipelines.generator import config
from pipelines.schema import UTC_DATETIME


@dataclass(frozen=True)
class WorkCalendar:
    """Working days from `first` to `last` (inclusive) and the weeks that hold them."""

    first: date
    last: date

    @cached_property
    def public_holidays(self) -> frozenset[date]:
        years = range(self.first.year, self.last.year + 1)
        return frozenset(holidays.Netherlands(years=years))

    @cached_property
    def days(self) -> np.ndarray:
        """Every working day as datetime64[D]."""
        all_days = np.arange(
            np.datetime64(self.first, "D"), np.datetime64(self.last + timedelta(days=1), "D")
        )
        weekday = (all_days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
        off = np.isin(all_days, np.array(sorted(self.public_holidays), dtype="datetime64[D]"))
        return all_days[(weekday < config.WORKING_DAYS_PER_WEEK) & ~off]

    @property
    def day_count(self) -> int:
        return len(self.days)

    def day_index(self, on: date) -> int:
        """Index of the first working day on or after `on`."""
        return int(np.searchsorted(self.days, np.datetime64(on, "D")))

    @cached_property
    def week_starts(self) -> np.ndarray:
        """Monday of every week from the week of PERIOD_START to the week of `last`."""
        first_monday = config.PERIOD_START - timedelta(days=config.PERIOD_START.weekday())
        last_monday = self.last - timedelta(days=self.last.weekday())
        return np.arange(
            np.datetime64(first_monday, "D"),
            np.datetime64(last_monday + timedelta(days=1), "D"),
            7,
        )

    @cached_property
    def week_of_day(self) -> np.ndarray:
        """Week index of each working day (-1 before the first capacity week)."""
        offset = (self.days - self.week_starts[0]).astype("int64")
        return np.where(offset >= 0, offset // 7, -1)

    @cached_property
    def working_days_per_week(self) -> np.ndarray:
        weeks = self.week_of_day[self.week_of_day >= 0]
        return np.bincount(weeks, minlength=len(self.week_starts))

    @cached_property
    def holiday_days_per_week(self) -> np.ndarray:
        return config.WORKING_DAYS_PER_WEEK - self.working_days_per_week


def simulation_calendar() -> WorkCalendar:
    """The calendar every scale simulates on: opening stock receipts up to the end date."""
    return WorkCalendar(config.OPENING_STOCK_FROM, config.END_DATE)


def to_utc_instants(times: pl.Expr, calendar: WorkCalendar) -> pl.Expr:
    """Simulation times (working days) -> UTC instants, whole seconds, via local office hours."""
    days = pl.Series("days", calendar.days.astype("datetime64[us]"))
    day = times.floor().cast(pl.Int64)
    seconds = (times - times.floor()) * (config.OFFICE_HOURS * 3600) + (
        config.OFFICE_OPENS_HOUR * 3600
    )
    local = day.map_batches(
        lambda index: days.gather(index), return_dtype=pl.Datetime("us")
    ) + pl.duration(seconds=seconds.cast(pl.Int64))
    return (
        local.dt.replace_time_zone(config.LOCAL_TIMEZONE)
        .dt.convert_time_zone("UTC")
        .cast(UTC_DATETIME)
    )
