"""From simulation output to files in the canonical format: monthly event Parquet files with the
case attributes on every row, the reference tables named after their table, and
`generation.json` describing what was generated (not loaded)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from pipelines import schema
from pipelines.generator import config
from pipelines.generator.organisation import Organisation
from pipelines.generator.worktime import WorkCalendar, to_utc_instants

METADATA_FILE = "generation.json"
LOCAL = config.LOCAL_TIMEZONE
CANONICAL_TYPES: dict[Any, Any] = {**schema.EVENT_COLUMNS, **schema.CASE_ATTRIBUTE_COLUMNS}


def _types(table: str) -> dict[Any, Any]:
    return dict(schema.REFERENCE_TABLES[table])


def end_instant() -> pl.Expr:
    """The first instant after the simulated period (midnight after END_DATE, local time)."""
    midnight = config.END_DATE + timedelta(days=1)
    return (
        pl.lit(midnight)
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(LOCAL)
        .dt.convert_time_zone("UTC")
    )


def case_attributes(
    cases: pl.DataFrame, events: pl.DataFrame, calendar: WorkCalendar, rng: np.random.Generator
) -> pl.DataFrame:
    """One row per case with the canonical case attributes as known at the end date.

    decided_at is the last decision, null when the case is open at the end (never decided, or
    reopened and not yet decided again). deadline_at is the legal term plus extensions; a
    suspension (opschorting) is not added to it: it shows in the events."""
    decisions = (
        events.filter(
            pl.col("activity") == schema.ACTIVITY_DECISION, pl.col("lifecycle") == "complete"
        )
        .group_by("case_index")
        .agg(decided_t=pl.col("time").max())
    )
    reopens = (
        events.filter(pl.col("activity") == schema.ACTIVITY_REOPEN)
        .group_by("case_index")
        .agg(reopened_t=pl.col("time").max())
    )
    frame = (
        cases.join(decisions, on="case_index", how="left")
        .join(reopens, on="case_index", how="left")
        .with_columns(
            decided_t=pl.when(
                pl.col("reopened_t").is_null() | (pl.col("reopened_t") < pl.col("decided_t"))
            ).then(pl.col("decided_t"))
        )
        .sort("case_index")
        .with_columns(
            received_at=to_utc_instants(pl.col("received_t"), calendar),
            decided_at=to_utc_instants(pl.col("decided_t"), calendar),
        )
        .with_columns(
            deadline_at=pl.col("received_at")
            .dt.convert_time_zone(LOCAL)
            .dt.offset_by(pl.format("{}mo", pl.col("term_months") + pl.col("extension_months")))
            .dt.convert_time_zone("UTC"),
            outcome=pl.when(pl.col("decided_at").is_not_null()).then(pl.col("outcome")),
        )
    )
    return frame.with_columns(notice_of_default_at=_notice_of_default(frame, rng))


def _notice_of_default(frame: pl.DataFrame, rng: np.random.Generator) -> pl.Series:
    """Some applicants whose term lapsed send an ingebrekestelling, while the case is open."""
    n = frame.height
    days_after = rng.integers(*config.NOTICE_OF_DEFAULT_DAYS, n)
    draw = rng.random(n)
    probability = frame["case_type"].replace_strict(
        config.NOTICE_OF_DEFAULT_PROBABILITY, default=0.0, return_dtype=pl.Float64
    )
    notice = frame.select(
        pl.col("deadline_at") + pl.duration(days=pl.lit(pl.Series(days_after)))
    ).to_series()
    still_open = frame.select(pl.coalesce("decided_at", end_instant()) > notice).to_series()
    return (
        pl.select(pl.when((pl.Series(draw) < probability) & still_open).then(notice))
        .to_series()
        .alias("notice_of_default_at")
    )


def event_rows(
    events: pl.DataFrame,
    attributes: pl.DataFrame,
    organisation: Organisation,
    calendar: WorkCalendar,
) -> pl.DataFrame:
    """Canonical event rows: event columns, then the case attributes repeated on each row."""
    employees = pl.DataFrame(
        {
            "employee_index": [e.index for e in organisation.employees],
            schema.EMPLOYEE_ID: [e.employee_id for e in organisation.employees],
        }
    )
    memberships = pl.DataFrame(
        [
            {"employee_index": e.index, "team_id": team_id, "valid_from": valid_from}
            for e in organisation.employees
            for team_id, valid_from, _ in e.memberships
        ],
        schema={"employee_index": pl.Int64, "team_id": pl.String, "valid_from": pl.Date},
    ).sort("valid_from")
    team_location = pl.DataFrame(
        {
            "team_id": [t.team_id for t in organisation.teams],
            "team_location_id": [t.location_id for t in organisation.teams],
        }
    )
    frame = (
        events.with_row_index("sequence")
        .with_columns(event_at=to_utc_instants(pl.col("time"), calendar))
        .with_columns(
            event_date=pl.col("event_at").dt.convert_time_zone(LOCAL).dt.date(),
        )
        .sort("event_date")
        .join_asof(
            memberships,
            left_on="event_date",
            right_on="valid_from",
            by="employee_index",
            strategy="backward",
            check_sortedness=False,
        )
        .join(employees, on="employee_index", how="left")
        .join(team_location, on="team_id", how="left")
        .join(
            attributes.select(
                "case_index",
                schema.CASE_ID,
                pl.col("location_id").alias("case_location_id"),
                *schema.CASE_ATTRIBUTE_COLUMNS,
            ),
            on="case_index",
            how="left",
        )
        .sort(schema.EVENT_AT, schema.CASE_ID, "sequence")
    )
    return frame.select(
        pl.col(schema.CASE_ID),
        pl.col("activity").alias(schema.ACTIVITY),
        pl.col("lifecycle").alias(schema.LIFECYCLE),
        pl.col(schema.EVENT_AT),
        pl.col(schema.EMPLOYEE_ID),
        pl.col("team_id").alias(schema.TEAM_ID),
        pl.coalesce("team_location_id", "case_location_id").alias(schema.LOCATION_ID),
        pl.when(pl.col("effort_minutes").is_not_nan())
        .then(pl.col("effort_minutes"))
        .alias(schema.EFFORT_MINUTES),
        pl.concat_str(
            pl.col(schema.CASE_ID),
            pl.lit("-"),
            pl.col(schema.EVENT_AT).rank("ordinal").over(schema.CASE_ID).cast(pl.String),
        ).alias(schema.SOURCE_EVENT_ID),
        *schema.CASE_ATTRIBUTE_COLUMNS,
    ).cast(CANONICAL_TYPES)


def write_event_months(frame: pl.DataFrame, out_dir: Path, suffix: str = "") -> list[Path]:
    """One Parquet file per calendar month (local time) of the events; returns the paths."""
    month = pl.col(schema.EVENT_AT).dt.convert_time_zone(LOCAL).dt.strftime("%Y-%m")
    keyed = frame.with_columns(month=month)
    paths = []
    for (key,), part in keyed.partition_by("month", as_dict=True, maintain_order=True).items():
        path = out_dir / f"events-{key}{suffix}.parquet"
        part.drop("month").write_parquet(path, compression="zstd", statistics=True)
        paths.append(path)
    return sorted(paths)


# --- reference tables ----------------------------------------------------------------------------
def reference_tables(
    organisations: list[Organisation], scale: config.Scale, calendar: WorkCalendar
) -> dict[str, pl.DataFrame]:
    """The organisation, norms, capacity and production targets, typed as REFERENCE_TABLES."""
    tables = {
        "locations": _locations(scale),
        "teams": pl.DataFrame(
            [(t.team_id, t.team_name, t.location_id) for o in organisations for t in o.teams],
            orient="row",
            schema=["team_id", "team_name", "location_id"],
        ),
        "employees": pl.DataFrame(
            [
                (
                    e.employee_id,
                    e.name,
                    e.role,
                    e.fte,
                    ",".join(e.competences),
                    e.started_on,
                    e.left_on,
                )
                for o in organisations
                for e in o.employees
            ],
            orient="row",
            schema=list(schema.REFERENCE_TABLES["employees"]),
        ),
        "employee_teams": pl.DataFrame(
            [
                (e.employee_id, team_id, valid_from, e.left_on if valid_to is None else valid_to)
                for o in organisations
                for e in o.employees
                for team_id, valid_from, valid_to in e.memberships
            ],
            orient="row",
            schema=list(schema.REFERENCE_TABLES["employee_teams"]),
        ),
        "norms": _norms(),
        "capacity": pl.concat([_capacity(o, calendar) for o in organisations]),
        "production_targets": _production_targets(scale, organisations),
    }
    return {
        name: frame.cast(_types(name)).select(list(schema.REFERENCE_TABLES[name]))
        for name, frame in tables.items()
    }


def _locations(scale: config.Scale) -> pl.DataFrame:
    return pl.DataFrame(
        [(loc.code, loc.name) for loc in config.LOCATIONS if loc.code in scale.locations],
        orient="row",
        schema=["location_id", "location_name"],
    )


def _norms() -> pl.DataFrame:
    rows: list[tuple[str, str, float, date, date | None]] = []
    for (activity, case_type), minutes in config.NORM_MINUTES.items():
        valid_from = config.NORMS_VALID_FROM
        for change in config.NORM_CHANGES:
            if (change.activity, change.case_type) == (activity, case_type):
                rows.append((activity, case_type, minutes, valid_from, change.changed_on))
                valid_from, minutes = change.changed_on, change.new_minutes
        rows.append((activity, case_type, minutes, valid_from, None))
    return pl.DataFrame(rows, orient="row", schema=list(schema.REFERENCE_TABLES["norms"]))


def _capacity(organisation: Organisation, calendar: WorkCalendar) -> pl.DataFrame:
    employee, week = np.nonzero(organisation.active)
    ids = np.array([e.employee_id for e in organisation.employees])

    def hours(array: np.ndarray) -> np.ndarray:
        return np.round(array[employee, week], 2)

    return pl.DataFrame(
        {
            "employee_id": ids[employee],
            "week_start": calendar.week_starts[week],
            "contract_hours": hours(organisation.contract_hours),
            "available_hours": hours(organisation.available_hours),
            "direct_hours": hours(organisation.direct_hours),
            "indirect_hours": hours(organisation.indirect_hours),
            "absence_hours": hours(organisation.absence_hours),
            "leave_hours": hours(organisation.leave_hours),
        }
    )


def _production_targets(scale: config.Scale, organisations: list[Organisation]) -> pl.DataFrame:
    """Funded decisions per case type and quarter: the baseline inflow the unit was funded for,
    without the peak (the IND is funded for a production below the surge)."""
    shares: dict[str, float] = {}
    for route in config.ROUTES:
        if route.route in organisations[0].routing:
            shares[route.case_type] = shares.get(route.case_type, 0.0) + route.share
    rows = []
    quarter = date(config.PERIOD_START.year, (config.PERIOD_START.month - 1) // 3 * 3 + 1, 1)
    while quarter <= config.END_DATE:
        following = date(quarter.year + quarter.month // 10, (quarter.month + 2) % 12 + 1, 1)
        for case_type, share in shares.items():
            target = round(scale.cases_per_year * share / 4 * len(organisations))
            rows.append((quarter, following, case_type, None, target))
        quarter = following
    return pl.DataFrame(
        rows, orient="row", schema=list(schema.REFERENCE_TABLES["production_targets"])
    )


def write_reference_tables(tables: dict[str, pl.DataFrame], out_dir: Path) -> list[Path]:
    """capacity as Parquet (it is the big one), the rest as CSV; file name = table name."""
    paths = []
    for name, frame in tables.items():
        if name == "capacity":
            path = out_dir / f"{name}.parquet"
            frame.write_parquet(path, compression="zstd", statistics=True)
        else:
            path = out_dir / f"{name}.csv"
            frame.write_csv(path, date_format="%Y-%m-%d", float_precision=2)
        paths.append(path)
    return paths


def write_metadata(out_dir: Path, metadata: dict) -> Path:
    path = out_dir / METADATA_FILE
    path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
