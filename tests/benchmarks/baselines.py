"""Baselines: three core indicators written the straightforward way, in pandas and in plain SQL.

What a capable analyst would write without the warehouse's staging tables, to measure the
product against, on the same events:

- case lead time: per case, seconds from its first to its last event (a log without receipt or
  decision events, like BPIC 2012, is received at its first event and decided at its last);
- per employee and ISO week (Monday, Europe/Amsterdam): events and distinct cases;
- service time per activity: each complete event paired with the event just before it in the
  same case and activity (ordered by time, start before complete at equal times) when that is a
  start; p50 and p90 of the minutes between them (linear interpolation).

The events arrive as a frame or table with the canonical columns case_id, activity, lifecycle
(lower case), event_at (UTC) and employee_id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl

DISPLAY_TIMEZONE = "Europe/Amsterdam"
SERVICE_TIME_QUANTILES = (0.5, 0.9)
BASELINE_COLUMNS = ["case_id", "activity", "lifecycle", "event_at", "employee_id"]


# --- pandas ---------------------------------------------------------------------------------


def pandas_events(parquet: Path) -> pd.DataFrame:
    """The events of a Parquet file as a pandas frame (only the columns the baselines use)."""
    return pd.read_parquet(parquet, columns=BASELINE_COLUMNS)


def pandas_lead_times(events: pd.DataFrame) -> pd.DataFrame:
    """One row per case: lead_time_seconds from its first to its last event [s]."""
    span = events.groupby("case_id", sort=False)["event_at"].agg(["min", "max"])
    seconds = (span["max"] - span["min"]).dt.total_seconds()
    return seconds.rename("lead_time_seconds").reset_index()


def pandas_weekly_employee(events: pd.DataFrame) -> pd.DataFrame:
    """One row per employee and ISO week: event_count [events] and case_count [cases]."""
    named = events[events["employee_id"].notna()]
    local_day = (
        named["event_at"].dt.tz_convert(DISPLAY_TIMEZONE).dt.tz_localize(None).dt.normalize()
    )
    week_start = (local_day - pd.to_timedelta(local_day.dt.day_of_week, unit="D")).dt.date
    grouped = named.assign(week_start=week_start).groupby(["employee_id", "week_start"])
    return grouped.agg(
        event_count=("case_id", "size"), case_count=("case_id", "nunique")
    ).reset_index()


def pandas_service_times(events: pd.DataFrame) -> pd.DataFrame:
    """One row per activity with paired work: p50/p90_service_minutes [min] and pair_count."""
    work = events[events["lifecycle"].isin(["start", "complete"])].assign(
        is_complete=lambda frame: frame["lifecycle"] == "complete"
    )
    work = work.sort_values(["case_id", "activity", "event_at", "is_complete"], kind="stable")
    same_item = (work["case_id"] == work["case_id"].shift()) & (
        work["activity"] == work["activity"].shift()
    )
    paired = work["is_complete"] & same_item & (work["lifecycle"].shift() == "start")
    minutes = (work["event_at"] - work["event_at"].shift()).dt.total_seconds() / 60.0
    pairs = pd.DataFrame({"activity": work["activity"][paired], "minutes": minutes[paired]})
    grouped = pairs.groupby("activity")["minutes"]
    result = grouped.size().rename("pair_count").to_frame()
    for quantile in SERVICE_TIME_QUANTILES:
        result[f"p{round(quantile * 100)}_service_minutes"] = grouped.quantile(quantile)
    return result.reset_index()


PANDAS_INDICATORS = {
    "lead_times": pandas_lead_times,
    "weekly_employee": pandas_weekly_employee,
    "service_times": pandas_service_times,
}


# --- plain DuckDB SQL on the events table ---------------------------------------------------

SQL_INDICATORS = {
    "lead_times": """
        select case_id, epoch(max(event_at)) - epoch(min(event_at)) as lead_time_seconds
        from events
        group by case_id
    """,
    "weekly_employee": f"""
        select
            employee_id,
            date_trunc('week', (event_at at time zone '{DISPLAY_TIMEZONE}')::date)::date
                as week_start,
            count(*) as event_count,
            count(distinct case_id) as case_count
        from events
        where employee_id is not null
        group by all
    """,
    "service_times": """
        with work as (
            select
                activity,
                lifecycle,
                event_at,
                lag(lifecycle) over item as previous_lifecycle,
                lag(event_at) over item as previous_event_at
            from events
            where lifecycle in ('start', 'complete')
            window item as (
                partition by case_id, activity order by event_at, lifecycle = 'complete'
            )
        )
        select
            activity,
            count(*) as pair_count,
            quantile_cont((epoch(event_at) - epoch(previous_event_at)) / 60.0, 0.5)
                as p50_service_minutes,
            quantile_cont((epoch(event_at) - epoch(previous_event_at)) / 60.0, 0.9)
                as p90_service_minutes
        from work
        where lifecycle = 'complete' and previous_lifecycle = 'start'
        group by activity
    """,
}


def sql_indicator(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """One baseline indicator computed in plain SQL over `events`, as a Polars frame."""
    return con.sql(SQL_INDICATORS[name]).pl()


# --- comparison -----------------------------------------------------------------------------


def same_numbers(
    expected: pl.DataFrame, actual: pl.DataFrame, keys: list[str], tolerance: float = 1e-6
) -> dict[str, Any]:
    """Whether two results hold the same rows and values (floats to a relative tolerance).

    Returns {"equal": bool, "rows": n, "detail": "..."}: the detail names the first difference.
    """
    columns = [column for column in expected.columns if column in actual.columns]
    missing = sorted(set(expected.columns) - set(actual.columns))
    if missing:
        return {"equal": False, "rows": expected.height, "detail": f"columns missing: {missing}"}
    left = _normalised(expected.select(columns), keys)
    right = _normalised(actual.select(columns), keys)
    if left.height != right.height:
        return {
            "equal": False,
            "rows": left.height,
            "detail": f"{left.height} rows expected, {right.height} found",
        }
    joined = left.join(right, on=keys, how="full", suffix="_actual", nulls_equal=True)
    unmatched = joined.filter(pl.any_horizontal(pl.col(f"{key}_actual").is_null() for key in keys))
    if unmatched.height:
        return {
            "equal": False,
            "rows": left.height,
            "detail": f"{unmatched.height} keys differ, e.g. {unmatched.row(0, named=True)}",
        }
    for column in columns:
        if column in keys:
            continue
        here, there = pl.col(column), pl.col(f"{column}_actual")
        if left.schema[column].is_numeric():
            bad = ~((here - there).abs() <= tolerance * pl.max_horizontal(here.abs(), 1.0))
            bad = bad | (here.is_null() != there.is_null())
        else:
            bad = here.ne_missing(there)
        different = joined.filter(bad.fill_null(False))
        if different.height:
            example = different.select([*keys, column, f"{column}_actual"]).row(0, named=True)
            return {
                "equal": False,
                "rows": left.height,
                "detail": f"{different.height} rows differ in {column}, e.g. {example}",
            }
    return {"equal": True, "rows": left.height, "detail": "same rows, same numbers"}


def to_polars(frame: pd.DataFrame) -> pl.DataFrame:
    """A pandas result as a Polars frame, with plain (non-Arrow-extension) dtypes."""
    return pl.from_pandas(frame)


def _normalised(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    casts = {
        column: pl.Float64
        for column, dtype in frame.schema.items()
        if column not in keys and dtype.is_numeric()
    }
    keyed = {column: pl.String for column in keys if frame.schema[column] != pl.Date}
    return frame.cast({**casts, **keyed}).sort(keys)
