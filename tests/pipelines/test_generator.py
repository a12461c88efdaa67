"""The synthetic organisation and case flow: determinism, canonical format, sanity, the load
path, and the four planted situations of the demo story."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines import schema
from pipelines.cli import app
from pipelines.generator import config, generate
from pipelines.generator.simulation import _between
from pipelines.generator.worktime import WorkCalendar, simulation_calendar, to_utc_instants
from pipelines.generator.writer import METADATA_FILE

AMSTERDAM = ZoneInfo(config.LOCAL_TIMEZONE)
UTC = ZoneInfo("UTC")
END_INSTANT = datetime(2026, 11, 1, tzinfo=AMSTERDAM).astimezone(UTC)


def _hashes(directory: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.iterdir())
    }


def _events(directory: Path) -> pl.DataFrame:
    return pl.read_parquet(sorted(directory.glob("events-*.parquet")))


def _cases(events: pl.DataFrame) -> pl.DataFrame:
    """One row per case: its attributes and the location that received it."""
    return events.group_by(schema.CASE_ID).agg(
        *(pl.col(column).first() for column in schema.CASE_ATTRIBUTE_COLUMNS),
        location_id=pl.col(schema.LOCATION_ID)
        .filter(pl.col(schema.ACTIVITY) == schema.ACTIVITY_RECEIPT)
        .first(),
    )


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny scale (two locations, a few hundred cases), generated once for the module."""
    out = tmp_path_factory.mktemp("tiny")
    generate(out, "tiny", seed=7)
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo scale, generated once: the planted situations are checked on it."""
    out = tmp_path_factory.mktemp("demo")
    generate(out, "demo", seed=2026)
    return out


# --- small pure parts, hand-computed --------------------------------------------------------------
@pytest.mark.parametrize(
    ("bounds", "draw", "expected"),
    [
        ((1, 4), 0.0, 1),
        ((1, 4), 0.2499, 1),
        ((1, 4), 0.25, 2),
        ((1, 4), 0.9999, 4),
        ((5, 5), 0.7, 5),
    ],
)
def test_between_maps_a_uniform_draw_onto_whole_days(bounds, draw, expected):
    assert _between(bounds, draw) == expected


def test_calendar_skips_weekends_and_public_holidays():
    calendar = WorkCalendar(date(2025, 12, 22), date(2026, 1, 2))
    days = [str(day) for day in calendar.days]
    # Christmas (25, 26 Dec), New Year's Day and the weekend are not working days.
    assert days == ["2025-12-22", "2025-12-23", "2025-12-24", "2025-12-29", "2025-12-30",
                    "2025-12-31", "2026-01-02"]  # fmt: skip


@pytest.mark.parametrize(
    ("time", "expected_utc"),
    [
        # first working day of the calendar: Thursday 1 Feb 2024, 08:00 CET = 07:00 UTC
        (0.0, datetime(2024, 2, 1, 7, 0)),
        # half a working day later: 12:30 CET
        (0.5, datetime(2024, 2, 1, 11, 30)),
        # the next working day is Friday 2 Feb
        (1.0, datetime(2024, 2, 2, 7, 0)),
    ],
)
def test_simulation_time_maps_onto_office_hours_in_utc(time, expected_utc):
    calendar = simulation_calendar()
    result = pl.select(to_utc_instants(pl.lit(pl.Series([time])), calendar)).item()
    assert result == expected_utc.replace(tzinfo=UTC)


def test_summer_time_shifts_the_utc_hour():
    calendar = simulation_calendar()
    index = calendar.day_index(date(2024, 7, 1))  # CEST: 08:00 local = 06:00 UTC
    result = pl.select(to_utc_instants(pl.lit(pl.Series([float(index)])), calendar)).item()
    assert result == datetime(2024, 7, 1, 6, 0, tzinfo=UTC)


# --- determinism ----------------------------------------------------------------------------------
def test_same_seed_gives_identical_files_and_another_seed_does_not(tiny, tmp_path):
    again = tmp_path / "again"
    generate(again, "tiny", seed=7)
    assert _hashes(again) == _hashes(tiny)
    other = tmp_path / "other"
    generate(other, "tiny", seed=8)
    differing = [name for name, digest in _hashes(other).items() if _hashes(tiny)[name] != digest]
    assert "employees.csv" in differing
    assert sum(name.startswith("events-") for name in differing) > 20


def test_generating_again_into_a_directory_removes_the_earlier_months(tmp_path):
    stale = tmp_path / "events-1999-01.parquet"
    stale.write_bytes(b"old")
    generate(tmp_path, "tiny", seed=1)
    assert not stale.exists()


# --- canonical format -----------------------------------------------------------------------------
def test_event_files_carry_exactly_the_canonical_columns_and_types(tiny):
    expected = {**schema.EVENT_COLUMNS, **schema.CASE_ATTRIBUTE_COLUMNS}
    for path in sorted(tiny.glob("events-*.parquet")):
        assert dict(pl.read_parquet_schema(path)) == expected, path.name


def test_each_event_is_in_the_file_of_its_own_month(tiny):
    for path in sorted(tiny.glob("events-*.parquet")):
        months = (
            pl.read_parquet(path)[schema.EVENT_AT]
            .dt.convert_time_zone(config.LOCAL_TIMEZONE)
            .dt.strftime("%Y-%m")
        )
        assert set(months) == {path.stem.removeprefix("events-")}


@pytest.mark.parametrize("table", sorted(schema.REFERENCE_TABLES))
def test_reference_tables_have_exactly_their_schema_columns(tiny, table):
    path = tiny / (f"{table}.parquet" if table == "capacity" else f"{table}.csv")
    frame = pl.read_parquet(path) if path.suffix == ".parquet" else pl.read_csv(path)
    assert frame.columns == list(schema.REFERENCE_TABLES[table])
    assert frame.height > 0


def test_metadata_names_the_end_date_seed_and_planted_situations(tiny):
    metadata = json.loads((tiny / METADATA_FILE).read_text())
    assert metadata["seed"] == 7
    assert metadata["end_date"] == "2026-10-31"
    assert metadata["planted"]["unfair_spread"][0]["team_id"] == "ZW-AA1"
    assert len(metadata["planted"]["term_batch"]["case_ids"]) >= 5


# --- sanity ---------------------------------------------------------------------------------------
def test_every_case_starts_with_its_receipt_at_received_at(tiny):
    first = (
        _events(tiny)
        .sort(schema.EVENT_AT, schema.SOURCE_EVENT_ID)
        .group_by(schema.CASE_ID)
        .agg(
            pl.col(schema.ACTIVITY).first(),
            pl.col(schema.EVENT_AT).first(),
            pl.col(schema.RECEIVED_AT).first(),
        )
    )
    assert set(first[schema.ACTIVITY]) == {schema.ACTIVITY_RECEIPT}
    assert (first[schema.EVENT_AT] == first[schema.RECEIVED_AT]).all()


def test_decided_cases_have_their_decision_at_decided_at_and_open_ones_none(tiny):
    events = _events(tiny)
    decisions = events.filter(
        pl.col(schema.ACTIVITY) == schema.ACTIVITY_DECISION,
        pl.col(schema.LIFECYCLE) == schema.LIFECYCLE_COMPLETE,
    )
    decided = _cases(events).filter(pl.col(schema.DECIDED_AT).is_not_null())
    last = decisions.group_by(schema.CASE_ID).agg(last_decision=pl.col(schema.EVENT_AT).max())
    joined = decided.join(last, on=schema.CASE_ID, how="left")
    assert (joined["last_decision"] == joined[schema.DECIDED_AT]).all()
    assert decided[schema.OUTCOME].null_count() == 0
    open_cases = _cases(events).filter(pl.col(schema.DECIDED_AT).is_null())
    assert open_cases.height > 0
    assert open_cases[schema.OUTCOME].null_count() == open_cases.height


def test_nothing_happens_after_the_end_date_or_outside_office_hours(tiny):
    events = _events(tiny)
    assert events[schema.EVENT_AT].max() < END_INSTANT
    local_hour = events[schema.EVENT_AT].dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.hour()
    assert local_hour.min() >= 8
    assert local_hour.max() <= 17
    weekday = events[schema.EVENT_AT].dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.weekday()
    assert weekday.max() <= 5


def test_case_attributes_are_the_same_on_every_row_of_a_case(tiny):
    distinct = (
        _events(tiny)
        .group_by(schema.CASE_ID)
        .agg(pl.col(column).n_unique() for column in schema.CASE_ATTRIBUTE_COLUMNS)
    )
    for column in schema.CASE_ATTRIBUTE_COLUMNS:
        assert distinct[column].max() == 1, column


def test_effort_is_booked_on_completions_of_work_only(tiny):
    events = _events(tiny)
    booked = events.filter(pl.col(schema.EFFORT_MINUTES).is_not_null())
    assert set(booked[schema.LIFECYCLE]) == {schema.LIFECYCLE_COMPLETE}
    assert schema.ACTIVITY_RECEIPT not in set(booked[schema.ACTIVITY])
    starts = events.filter(pl.col(schema.LIFECYCLE) == schema.LIFECYCLE_START).height
    # Each start is completed, except the product an employee is busy with at the end date.
    employees = pl.read_csv(tiny / "employees.csv").height
    assert 0 <= starts - booked.height <= employees


def test_deadlines_follow_the_legal_terms(tiny):
    cases = _cases(_events(tiny)).with_columns(
        months=(
            (pl.col(schema.DEADLINE_AT).dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.year()
             - pl.col(schema.RECEIVED_AT).dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.year())
            * 12
            + pl.col(schema.DEADLINE_AT).dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.month()
            - pl.col(schema.RECEIVED_AT).dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.month()
        )
    )  # fmt: skip
    terms = cases.group_by(schema.CASE_TYPE).agg(pl.col("months").unique().sort())
    by_type = dict(zip(terms[schema.CASE_TYPE], terms["months"].to_list(), strict=True))
    assert set(by_type["asiel"]) <= {6, 15}  # 6 months, plus 9 for VA and peak receipts
    assert 15 in by_type["asiel"]
    assert by_type["regulier"] == [3]
    assert by_type["nareis"] == [6]  # the asylum term (IND news, 19-04-2022)


def test_employees_fte_and_team_moves(tiny):
    employees = pl.read_csv(tiny / "employees.csv")
    assert employees["fte"].min() >= 0.5
    assert employees["fte"].max() <= 1.0
    memberships = pl.read_csv(tiny / "employee_teams.csv", try_parse_dates=True)
    assert set(memberships["employee_id"]) == set(employees["employee_id"])


def test_norms_change_once_mid_period_as_a_closed_and_an_open_interval(tiny):
    norms = pl.read_csv(tiny / "norms.csv", try_parse_dates=True).filter(
        pl.col("activity") == "beschikking", pl.col("case_type") == "regulier"
    )
    assert norms.rows() == [
        ("beschikking", "regulier", 60.0, date(2024, 1, 1), date(2025, 7, 1)),
        ("beschikking", "regulier", 45.0, date(2025, 7, 1), None),
    ]


def test_capacity_shows_absence_leave_and_direct_hours_in_realistic_shares(demo):
    capacity = pl.read_parquet(demo / "capacity.parquet")
    totals = capacity.select(pl.all().exclude("employee_id", "week_start").sum()).row(0, named=True)
    assert 0.04 <= totals["absence_hours"] / totals["contract_hours"] <= 0.08  # verzuim 5-7%
    assert 0.6 <= totals["direct_hours"] / totals["available_hours"] <= 0.78
    assert 0.08 <= totals["leave_hours"] / totals["contract_hours"] <= 0.18
    whole_weeks_absent = capacity.filter(
        pl.col("absence_hours") == pl.col("contract_hours") - pl.col("leave_hours"),
        pl.col("absence_hours") > 0,
    )
    spells = whole_weeks_absent.group_by("employee_id").len().filter(pl.col("len") >= 3)
    assert spells.height >= 5  # long absence spells, several weeks in a row
    sums = capacity.select(
        (pl.col("available_hours") - (pl.col("direct_hours") + pl.col("indirect_hours"))).abs()
    )
    assert sums.to_series().max() < 0.02


def test_employees_move_between_teams_and_academy_starters_join(demo):
    memberships = pl.read_csv(demo / "employee_teams.csv", try_parse_dates=True)
    movers = memberships.group_by("employee_id").len().filter(pl.col("len") == 2)
    assert movers.height >= 3
    employees = pl.read_csv(demo / "employees.csv", try_parse_dates=True)
    starters = employees.filter(pl.col("started_on") >= config.PERIOD_START)
    assert starters.height >= 10


def test_demo_size_and_inflow_pattern(demo):
    events = _events(demo)
    cases = _cases(events)
    assert 15_000 <= cases.height <= 25_000
    received = cases[schema.RECEIVED_AT].dt.convert_time_zone(config.LOCAL_TIMEZONE)
    assert received.dt.weekday().max() <= 5  # nothing received at weekends
    asylum = cases.filter(pl.col(schema.CASE_TYPE) == "asiel")[schema.RECEIVED_AT]
    months = asylum.dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.strftime("%Y-%m")
    counts = dict(months.value_counts().iter_rows())
    # the peak: September 2025 far above September 2026
    assert counts["2025-09"] > 1.5 * counts["2026-09"]


# --- planted situations (demo scale) --------------------------------------------------------------
def _open_cases_per_fte_at_end(directory: Path) -> pl.DataFrame:
    """Open, assigned cases per fte of each employee at the end date, with their team then.
    (A proxy of werklast per fte that needs no norms: counts instead of norm hours.)"""
    events = _events(directory)
    owner = (
        events.filter(pl.col(schema.LIFECYCLE) == schema.LIFECYCLE_ASSIGN)
        .sort(schema.EVENT_AT)
        .group_by(schema.CASE_ID)
        .agg(pl.col(schema.EMPLOYEE_ID).last())
        .drop_nulls()
    )
    open_cases = _cases(events).filter(pl.col(schema.DECIDED_AT).is_null())
    per_employee = open_cases.join(owner, on=schema.CASE_ID).group_by(schema.EMPLOYEE_ID).len()
    employees = pl.read_csv(directory / "employees.csv", try_parse_dates=True).filter(
        pl.col("left_on").is_null()
    )
    teams = pl.read_csv(directory / "employee_teams.csv", try_parse_dates=True).filter(
        pl.col("valid_to").is_null()
    )
    return (
        employees.join(teams, on="employee_id")
        .join(per_employee, on="employee_id", how="left")
        .with_columns(open_per_fte=pl.col("len").fill_null(0) / pl.col("fte"))
    )


def test_planted_unfair_team_spread_is_far_above_the_other_teams(demo):
    spread = (
        _open_cases_per_fte_at_end(demo)
        .group_by("team_id")
        .agg(
            members=pl.len(),
            max_over_median=pl.col("open_per_fte").max() / pl.col("open_per_fte").median(),
        )
    )
    unfair = spread.filter(pl.col("team_id") == config.PLANTED.unfair_team)["max_over_median"]
    others = spread.filter(pl.col("team_id") != config.PLANTED.unfair_team, pl.col("members") >= 4)
    assert unfair.item() >= 2.0
    assert others["max_over_median"].max() < 0.75 * unfair.item()


def test_planted_tight_norm_is_realised_at_about_1_4_times_and_others_near_1(demo):
    norms = pl.read_csv(demo / "norms.csv", try_parse_dates=True)
    completed = (
        _events(demo)
        .filter(pl.col(schema.EFFORT_MINUTES).is_not_null())
        .with_columns(day=pl.col(schema.EVENT_AT).dt.convert_time_zone(config.LOCAL_TIMEZONE).dt.date())
        .join(norms, on=[schema.ACTIVITY, schema.CASE_TYPE])
        .filter(pl.col("day") >= pl.col("valid_from"),
                pl.col("valid_to").is_null() | (pl.col("day") < pl.col("valid_to")))
    )  # fmt: skip
    # A redo is booked against the same product; leave it out so each product counts once.
    first_time = completed.sort(schema.EVENT_AT).unique(
        [schema.CASE_ID, schema.ACTIVITY], keep="first", maintain_order=True
    )
    ratios = first_time.group_by(schema.ACTIVITY, schema.CASE_TYPE).agg(
        ratio=(pl.col(schema.EFFORT_MINUTES) / pl.col("norm_minutes")).median(), n=pl.len()
    )
    planted = config.PLANTED
    tight = ratios.filter(
        pl.col(schema.ACTIVITY) == planted.tight_norm_activity,
        pl.col(schema.CASE_TYPE) == planted.tight_norm_case_type,
    )
    assert 1.3 <= tight["ratio"].item() <= 1.55
    others = ratios.join(tight, on=[schema.ACTIVITY, schema.CASE_TYPE], how="anti")
    assert others["ratio"].min() >= 0.8
    assert others["ratio"].max() <= 1.25


def _open_per_location(cases: pl.DataFrame, at: datetime) -> dict[str, int]:
    still_open = cases.filter(
        pl.col(schema.RECEIVED_AT) <= at,
        pl.col(schema.DECIDED_AT).is_null() | (pl.col(schema.DECIDED_AT) > at),
    )
    return dict(still_open.group_by("location_id").len().iter_rows())


def test_planted_lagging_location_backlog_grows_after_the_peak_while_others_fall(demo):
    cases = _cases(_events(demo)).filter(pl.col(schema.CASE_TYPE) == "asiel")
    after_peak = _open_per_location(cases, datetime(2026, 1, 1, tzinfo=AMSTERDAM).astimezone(UTC))
    at_end = _open_per_location(cases, END_INSTANT)
    lagging = config.PLANTED.lagging_location
    assert at_end[lagging] >= 1.15 * after_peak[lagging]
    for location in set(after_peak) - {lagging}:
        assert at_end[location] < after_peak[location], location
    past_term = dict(
        cases.filter(pl.col(schema.DECIDED_AT).is_null(), pl.col(schema.DEADLINE_AT) < END_INSTANT)
        .group_by("location_id")
        .len()
        .iter_rows()
    )
    others = max(count for location, count in past_term.items() if location != lagging)
    assert past_term[lagging] > 3 * others


def test_planted_term_batch_is_open_and_passes_its_term_within_four_weeks(demo):
    metadata = json.loads((demo / METADATA_FILE).read_text())
    batch_ids = metadata["planted"]["term_batch"]["case_ids"]
    assert len(batch_ids) == config.PLANTED.term_batch_size
    cases = _cases(_events(demo))
    batch = cases.filter(pl.col(schema.CASE_ID).is_in(batch_ids))
    assert batch[schema.DECIDED_AT].null_count() == len(batch_ids)
    assert batch[schema.DEADLINE_AT].min() > END_INSTANT
    assert batch[schema.DEADLINE_AT].max() <= END_INSTANT + timedelta(days=28)
    assert set(batch[schema.TARGET_GROUP]) == {config.PLANTED.term_batch_target_group}


# --- the command line and the load path -----------------------------------------------------------
def test_generate_command_writes_the_files_and_refuses_an_unknown_scale(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["generate", "--out", str(tmp_path), "--scale", "tiny"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "capacity.parquet").exists()
    assert (tmp_path / METADATA_FILE).exists()
    refused = runner.invoke(app, ["generate", "--out", str(tmp_path), "--scale", "huge"])
    assert refused.exit_code != 0
    assert "unknown scale 'huge'" in refused.output


def test_generated_files_load_through_the_load_path_with_nothing_quarantined(tmp_path):
    import duckdb

    from pipelines.generator.demo import build_demo_warehouse

    db = tmp_path / "warehouse.duckdb"
    result = build_demo_warehouse(db, seed=7, scale="tiny", progress=lambda message: None)
    con = duckdb.connect(str(db), read_only=True)
    try:
        loads = con.sql(
            "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined), sum(rows_duplicate)"
            " from loads where target_table = 'events'"
        ).fetchall()[0]
        quarantined = con.sql("select count(*) from quarantine").fetchall()[0][0]
        events = con.sql("select count(*) from events").fetchall()[0][0]
        employees = con.sql("select count(*) from employees").fetchall()[0][0]
    finally:
        con.close()
    assert quarantined == 0
    assert loads == (result.events, result.events, 0, 0)
    assert events == result.events
    assert employees == pl.read_csv(result.out_dir / "employees.csv").height
