"""Synthetic IND organisation and case flow: `generate(out_dir, scale, seed)`.

Each unit (one for demo, many for the benchmark scales) is built, simulated and written on
its own, so memory stays bounded by one unit whatever the scale; units run in parallel worker
processes and the result does not depend on their order: the same seed gives the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import polars as pl

from pipelines import schema
from pipelines.generator import config, writer
from pipelines.generator.inflow import draw_cases
from pipelines.generator.organisation import Organisation, build_organisation
from pipelines.generator.simulation import ASSIGN_ACTIVITY, UnitSimulation
from pipelines.generator.worktime import simulation_calendar

__all__ = ["GenerationResult", "generate"]


@dataclass(frozen=True)
class GenerationResult:
    out_dir: Path
    event_files: list[Path]
    reference_files: list[Path]
    metadata_file: Path
    cases: int
    events: int

    @property
    def files(self) -> list[Path]:
        """Every file to load: reference tables first, then the events month by month."""
        return [*self.reference_files, *self.event_files]


@dataclass(frozen=True)
class _UnitResult:
    organisation: Organisation
    cases: int
    events: int
    term_batch_case_ids: list[str]


def generate(
    out_dir: Path | str,
    scale: str = "demo",
    seed: int = 2026,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Write the scale's event files, reference tables and generation.json into `out_dir`."""
    if scale not in config.SCALES:
        raise ValueError(f"unknown scale {scale!r}: choose one of {', '.join(config.SCALES)}")
    chosen = config.SCALES[scale]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _remove_earlier_output(out)
    say = progress or (lambda message: None)
    batches = [
        range(first, min(first + chosen.units_per_file, chosen.shards))
        for first in range(0, chosen.shards, chosen.units_per_file)
    ]
    workers = workers or min(len(batches), os.cpu_count() or 1, 2)
    results: list[_UnitResult] = []
    event_files: list[Path] = []

    def collect(number: int, batch: tuple[list[_UnitResult], list[Path]]) -> None:
        results.extend(batch[0])
        event_files.extend(batch[1])
        say(f"part {number}/{len(batches)}: {sum(unit.events for unit in batch[0]):,} events")

    if workers <= 1:
        for number, shards in enumerate(batches):
            collect(number + 1, _generate_batch(chosen, number, shards, seed, out, len(batches)))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(_generate_batch, chosen, number, shards, seed, out, len(batches))
                for number, shards in enumerate(batches)
            ]
            for number, future in enumerate(futures):
                collect(number + 1, future.result())
    organisations = [result.organisation for result in results]
    tables = writer.reference_tables(organisations, chosen, simulation_calendar())
    reference_files = writer.write_reference_tables(tables, out)
    event_files.sort()
    cases = sum(result.cases for result in results)
    events = sum(result.events for result in results)
    metadata_file = writer.write_metadata(
        out, _metadata(chosen, seed, results, cases, events, len(event_files))
    )
    say(f"{cases:,} cases, {events:,} events in {len(event_files)} event files -> {out}")
    return GenerationResult(out, event_files, reference_files, metadata_file, cases, events)


def _generate_batch(
    scale: config.Scale, number: int, shards: range, seed: int, out: Path, batch_count: int
) -> tuple[list[_UnitResult], list[Path]]:
    """Simulate some units and write their events as one file per month (one worker's job).

    Memory is bounded by the units of one batch, whatever the scale."""
    units, frames = [], []
    for shard in shards:
        unit, rows = _simulate_unit(scale, shard, seed)
        units.append(unit)
        frames.append(rows)
    rows = pl.concat(frames).sort(schema.EVENT_AT, schema.CASE_ID, maintain_order=True)
    del frames
    suffix = f"-part{number + 1:03d}" if batch_count > 1 else ""
    return units, writer.write_event_months(rows, out, suffix)


def _simulate_unit(scale: config.Scale, shard: int, seed: int) -> tuple[_UnitResult, pl.DataFrame]:
    """Build and simulate one unit; its canonical event rows."""
    calendar = simulation_calendar()
    streams = [
        np.random.default_rng(child) for child in np.random.SeedSequence([seed, shard]).spawn(4)
    ]
    organisation = build_organisation(scale, shard, streams[0], calendar)
    cases = draw_cases(scale, organisation, streams[1], calendar)
    events = UnitSimulation(organisation, cases, calendar, streams[2]).run()
    attributes = writer.case_attributes(cases, events, calendar, streams[3])
    rows = writer.event_rows(events, attributes, organisation, calendar)
    batch = attributes.filter(pl.col("held"))[schema.CASE_ID].to_list()
    return _UnitResult(organisation, cases.height, rows.height, batch), rows


def _remove_earlier_output(out: Path) -> None:
    """A second run into the same directory must not leave months of an earlier run behind."""
    stale = [*out.glob("events-*.parquet"), out / writer.METADATA_FILE]
    stale += [out / f"{name}.csv" for name in schema.REFERENCE_TABLES]
    stale += [out / f"{name}.parquet" for name in schema.REFERENCE_TABLES]
    for path in stale:
        path.unlink(missing_ok=True)


def _metadata(
    scale: config.Scale,
    seed: int,
    results: list[_UnitResult],
    cases: int,
    events: int,
    event_files: int,
) -> dict:
    planted = config.PLANTED
    unfair = [
        {
            "team_id": f"{result.organisation.prefix}{planted.unfair_team}",
            "employee_ids": [
                e.employee_id for e in result.organisation.employees if e.stock_multiple != 1.0
            ],
        }
        for result in results
        if planted.unfair_team.split("-")[0] in scale.locations
    ]
    return {
        "scale": asdict(scale),
        "seed": seed,
        "period_start": config.PERIOD_START,
        "end_date": config.END_DATE,
        "timezone": config.LOCAL_TIMEZONE,
        "cases": cases,
        "events": events,
        "event_files": event_files,
        "conventions": {
            "assign_activity": ASSIGN_ACTIVITY,
            "deadline_at": "legal term plus extensions; suspensions are not added",
            "decided_at": "last decision; null when the case is open at the end date",
        },
        "norm_changes": [asdict(change) for change in config.NORM_CHANGES],
        "planted": {
            "unfair_spread": unfair,
            "lagging_location": planted.lagging_location
            if planted.lagging_location in scale.locations
            else None,
            "term_batch": {
                "target_group": planted.term_batch_target_group,
                "location_id": planted.term_batch_location,
                "reason": planted.term_batch_hold_reason,
                "case_ids": [case for result in results for case in result.term_batch_case_ids],
            },
            "tight_norm": {
                "activity": planted.tight_norm_activity,
                "case_type": planted.tight_norm_case_type,
                "effort_multiple": planted.tight_norm_effort_multiple,
            },
        },
    }
