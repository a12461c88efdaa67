"""Inflow: which cases arrive when, routed where, with which attributes.

Daily counts are Poisson draws around a rate with a weekly pattern (nothing on weekends or
public holidays), a yearly pattern per case type and the peaks of the config. Cases received
before PERIOD_START form the opening stock: the part of earlier inflow still waiting.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.generator import config
from pipelines.generator.organisation import Organisation
from pipelines.generator.worktime import WorkCalendar

CASE_NUMBER_PREFIX = {"asiel": "AS", "nareis": "NR", "regulier": "RG", "naturalisatie": "NT"}
WORKING_DAYS_PER_YEAR = 253.0
DEMO_CASES_PER_YEAR = config.SCALES["demo"].cases_per_year


def daily_rate(route: config.Route, scale: config.Scale, calendar: WorkCalendar) -> np.ndarray:
    """Expected receipts of a route on each working day (all locations together)."""
    days = calendar.days
    weekday = (days.astype("int64") + 3) % 7
    month = days.astype("datetime64[M]").astype("int64") % 12
    weekday_weight = np.array(config.WEEKDAY_WEIGHTS)
    rate = (
        scale.cases_per_year
        * route.share
        / WORKING_DAYS_PER_YEAR
        * (weekday_weight[weekday] / weekday_weight.mean())
        * np.array(config.MONTH_WEIGHTS[route.case_type])[month]
    )
    for peak in config.PEAKS:
        if peak.case_type == route.case_type:
            inside = (days >= np.datetime64(peak.start)) & (days < np.datetime64(peak.end))
            rate = np.where(inside, rate * peak.factor, rate)
    before = days < np.datetime64(config.PERIOD_START)
    window_months = (config.PERIOD_START - config.OPENING_STOCK_FROM).days / 30.44
    return np.where(before, rate * config.OPENING_STOCK_MONTHS_OF_INFLOW / window_months, rate)


def draw_cases(
    scale: config.Scale,
    organisation: Organisation,
    rng: np.random.Generator,
    calendar: WorkCalendar,
) -> pl.DataFrame:
    """One row per case, ordered by receipt; `received_t` is the simulation time of receipt."""
    parts = [
        _draw_route(route, scale, organisation, rng, calendar)
        for route in config.ROUTES
        if route.route in organisation.routing
    ]
    batch = _planted_term_batch(scale, organisation, rng, calendar)
    if batch is not None:
        parts.append(batch)
    cases = pl.concat(parts).sort("received_t", "route", "target_group", maintain_order=True)
    prefix = pl.col("case_type").replace_strict(CASE_NUMBER_PREFIX)
    return cases.with_row_index("case_index").with_columns(
        case_id=pl.concat_str(
            pl.lit(organisation.prefix),
            prefix,
            pl.lit("-"),
            pl.col("case_index").add(1).cast(pl.String).str.zfill(7),
        ),
        case_index=pl.col("case_index").cast(pl.Int64),
    )


def _draw_route(
    route: config.Route,
    scale: config.Scale,
    organisation: Organisation,
    rng: np.random.Generator,
    calendar: WorkCalendar,
) -> pl.DataFrame:
    counts = rng.poisson(daily_rate(route, scale, calendar))
    day = np.repeat(np.arange(calendar.day_count), counts)
    n = len(day)
    received_t = day + rng.uniform(0.02, 0.95, n)
    routing = organisation.routing[route.route]
    location = rng.choice(list(routing), n, p=list(routing.values()))
    groups = route.target_groups or {"": 1.0}
    target_group = rng.choice(list(groups), n, p=_normalised(groups.values()))
    complex_group = np.isin(target_group, list(config.COMPLEX_TARGET_GROUPS))
    complexity = rng.choice(config.COMPLEXITY_LEVELS, n, p=_normalised(route.complexity))
    complexity = np.where(complex_group, "hoog", complexity)
    urgent = np.isin(target_group, list(config.URGENT_TARGET_GROUPS)) | (
        rng.random(n) < config.URGENT_SHARE
    )
    competence = np.where(
        complex_group & (route.route != "Dublin"), "complexe doelgroepen", route.competence
    )
    outcome = rng.choice(list(route.outcomes), n, p=_normalised(route.outcomes.values()))
    extension = np.full(n, route.extension_months)
    for peak in config.PEAKS:
        if peak.case_type == route.case_type and peak.extension_months:
            inside = _received_between(calendar, day, peak.start, peak.end)
            extension = np.where(inside, np.maximum(extension, peak.extension_months), extension)
    return pl.DataFrame(
        {
            "case_type": np.full(n, route.case_type),
            "route": np.full(n, route.route),
            "target_group": pl.Series(target_group).replace("", None),
            "priority": np.where(urgent, "spoed", "normaal"),
            "complexity": complexity,
            "location_id": location,
            "competence": competence,
            "outcome": outcome,
            "received_t": received_t,
            "term_months": np.full(n, route.term_months),
            "extension_months": extension,
            "held": np.zeros(n, dtype=bool),
        },
        schema_overrides={"target_group": pl.String},
    )


def _planted_term_batch(
    scale: config.Scale,
    organisation: Organisation,
    rng: np.random.Generator,
    calendar: WorkCalendar,
) -> pl.DataFrame | None:
    """The planted group of asylum cases held for country policy (see config.PLANTED); its
    size is for the demo volume and scales with the inflow."""
    planted = config.PLANTED
    if planted.term_batch_location not in organisation.routing.get("AA", {}):
        return None
    first = calendar.day_index(planted.term_batch_received_from)
    last = calendar.day_index(planted.term_batch_received_to)
    n = max(5, round(planted.term_batch_size * scale.cases_per_year / DEMO_CASES_PER_YEAR))
    day = np.sort(rng.integers(first, last, n))
    return pl.DataFrame(
        {
            "case_type": np.full(n, "asiel"),
            "route": np.full(n, "AA"),
            "target_group": np.full(n, planted.term_batch_target_group),
            "priority": np.full(n, "normaal"),
            "complexity": rng.choice(config.COMPLEXITY_LEVELS, n, p=(0.2, 0.6, 0.2)),
            "location_id": np.full(n, planted.term_batch_location),
            "competence": np.full(n, "AA-beslissen"),
            "outcome": np.full(n, "inwilliging"),
            "received_t": day + rng.uniform(0.02, 0.95, n),
            "term_months": np.full(n, 6),
            "extension_months": np.zeros(n, dtype=np.int64),
            "held": np.ones(n, dtype=bool),
        }
    )


def _received_between(
    calendar: WorkCalendar, day: np.ndarray, start: date, end: date
) -> np.ndarray:
    dates = calendar.days[day]
    return (dates >= np.datetime64(start)) & (dates < np.datetime64(end))


def _normalised(weights) -> np.ndarray:
    array = np.array(list(weights), dtype=float)
    return array / array.sum()
