"""The indicators: one source of truth for the dashboard and the command line.

Each `sql/indicators/<name>.sql` is materialised by the refresh as table `<name>`; its header
comment states what the figure means. `catalog()` parses those headers (titles in Dutch and
English, definition, grain, unit, inputs, a description per column) so a page can show the
definition next to the figure, and `read_indicator()` reads the materialised table with the
common filters as SQL parameters. Pages never scan raw events: every function here reads
derived tables only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from pipelines.settings import SQL_DIR

INDICATOR_DIR = SQL_DIR / "indicators"
REQUIRED_FIELDS: tuple[str, ...] = (
    "title_nl",
    "title_en",
    "definition",
    "grain",
    "unit",
    "inputs",
    "columns",
)
OPTIONAL_FIELDS: tuple[str, ...] = ("period_column", "refresh")
UNIT_FILTERS: tuple[str, ...] = ("location_id", "team_id", "employee_id", "case_type", "route")
FILTERS: tuple[str, ...] = ("period", *UNIT_FILTERS)

_FIELD_LINE = re.compile(r"^-- (\w+):\s?(.*)$")
_COLUMN_LINE = re.compile(r"^--\s{3}(\w+):\s?(.*)$")
_CONTINUATION_LINE = re.compile(r"^--\s+(.*)$")


class IndicatorError(ValueError):
    """An indicator cannot be read: unknown name, bad header, filter that does not apply."""


@dataclass(frozen=True)
class Indicator:
    """One indicator as its SQL header describes it."""

    name: str
    title_nl: str
    title_en: str
    definition: str
    grain: str
    unit: str
    inputs: tuple[str, ...]
    columns: dict[str, str] = field(hash=False)
    period_column: str | None = None

    @property
    def filters(self) -> tuple[str, ...]:
        """The filters read_indicator accepts for this indicator."""
        period = ("period",) if self.period_column else ()
        return period + tuple(name for name in UNIT_FILTERS if name in self.columns)


def parse_header(path: Path) -> Indicator:
    """The indicator described by the leading comment block of a SQL file."""
    fields: dict[str, str] = {}
    columns: dict[str, str] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        field_match = _FIELD_LINE.match(line)
        column_match = _COLUMN_LINE.match(line)
        if field_match and field_match.group(1) in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS):
            current = field_match.group(1)
            fields[current] = field_match.group(2).strip()
        elif current == "columns" and column_match:
            columns[column_match.group(1)] = column_match.group(2).strip()
        elif current is not None and current != "columns":
            continuation = _CONTINUATION_LINE.match(line)
            if continuation:
                fields[current] = f"{fields[current]} {continuation.group(1).strip()}".strip()
    if columns:
        fields["columns"] = "listed"
    missing = [name for name in REQUIRED_FIELDS if not fields.get(name)]
    if missing:
        raise IndicatorError(f"{path.name}: header lacks {', '.join(missing)}")
    period_column = fields.get("period_column") or None
    if period_column is not None and period_column not in columns:
        raise IndicatorError(f"{path.name}: period_column {period_column} is not a listed column")
    return Indicator(
        name=path.stem,
        title_nl=fields["title_nl"],
        title_en=fields["title_en"],
        definition=fields["definition"],
        grain=fields["grain"],
        unit=fields["unit"],
        inputs=tuple(name.strip() for name in fields["inputs"].split(",") if name.strip()),
        columns=columns,
        period_column=period_column,
    )


@cache
def catalog(indicator_dir: Path = INDICATOR_DIR) -> dict[str, Indicator]:
    """Every indicator by name, from the headers of `sql/indicators/*.sql`."""
    return {path.stem: parse_header(path) for path in sorted(indicator_dir.glob("*.sql"))}


def indicator(name: str) -> Indicator:
    """The catalog entry of one indicator; a clear error for an unknown name."""
    indicators = catalog()
    if name not in indicators:
        raise IndicatorError(f"unknown indicator {name!r}; known: {', '.join(sorted(indicators))}")
    return indicators[name]


Period = tuple[dt.date, dt.date]
FilterValue = str | Sequence[str] | Period | None


def read_indicator(
    con: duckdb.DuckDBPyConnection,
    name: str,
    filters: Mapping[str, FilterValue] | None = None,
) -> pl.DataFrame:
    """The materialised indicator `name`, filtered, in a stable row order.

    filters: `period` = (first day, day after the last day), matched on the indicator's period
    column (a month column matches the months that overlap the period); `location_id`,
    `team_id`, `employee_id`, `case_type`, `route` = one value or a list of values. None values
    are ignored. A filter the indicator has no column for is an error, not silently dropped.
    """
    entry = indicator(name)
    conditions, parameters = _conditions(entry, filters or {})
    where = f"where {' and '.join(conditions)}" if conditions else ""
    try:
        return con.sql(f"select * from {entry.name} {where} order by all", params=parameters).pl()
    except duckdb.CatalogException as error:
        raise IndicatorError(
            f"indicator {name!r} is not in this warehouse; refresh the derived tables"
        ) from error


def _conditions(
    entry: Indicator, filters: Mapping[str, FilterValue]
) -> tuple[list[str], list[object]]:
    conditions: list[str] = []
    parameters: list[object] = []
    for key, value in filters.items():
        if value is None:
            continue
        if key not in FILTERS:
            raise IndicatorError(f"unknown filter {key!r}; known: {', '.join(FILTERS)}")
        if key not in entry.filters:
            raise IndicatorError(f"indicator {entry.name!r} cannot be filtered by {key}")
        if key == "period":
            assert entry.period_column is not None
            start, end = _period(value)
            column = entry.period_column
            if column.endswith("month"):
                conditions.append(f"{column} >= ? and {column} <= ?")
                last_day = end - dt.timedelta(days=1)
                parameters += [start.strftime("%Y-%m"), last_day.strftime("%Y-%m")]
            else:
                conditions.append(f"{column} >= ? and {column} < ?")
                parameters += [start, end]
            continue
        values = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
        if not values:
            raise IndicatorError(f"filter {key} has no values")
        conditions.append(f"{key} in ({', '.join('?' for _ in values)})")
        parameters += values
    return conditions, parameters


def _period(value: FilterValue) -> Period:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(day, dt.date) for day in value)
    ):
        raise IndicatorError("filter period must be (first day, day after the last day)")
    start, end = value
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise IndicatorError("filter period must be (first day, day after the last day)")
    if end <= start:
        raise IndicatorError(f"filter period is empty: {start} .. {end}")
    return start, end


def werkvoorraad_as_of(
    con: duckdb.DuckDBPyConnection,
    day: dt.date,
    filters: Mapping[str, FilterValue] | None = None,
) -> pl.DataFrame:
    """Open cases at the end of `day` (Europe/Amsterdam) by state and owner, from the intervals.

    The same count as werkvoorraad_daily, per employee and for any past date: one range join
    over case_state_intervals (valid_from before the next midnight, valid_to at or after it).
    """
    conditions, parameters = _conditions(_INTERVAL_FILTERS, filters or {})
    extra = "".join(f" and {condition}" for condition in conditions)
    return con.sql(
        f"""
        with moment as (
            select timezone('Europe/Amsterdam', (?::date + 1)::timestamp) as end_of_day
        )
        select state, location_id, team_id, employee_id, case_type, route,
               count(*) as case_count
        from case_state_intervals
        cross join moment
        where valid_from < moment.end_of_day
          and (valid_to is null or valid_to >= moment.end_of_day){extra}
        group by all
        order by all
        """,
        params=[day, *parameters],
    ).pl()


def lead_time_percentiles(
    con: duckdb.DuckDBPyConnection,
    by: Sequence[str] = (),
    filters: Mapping[str, FilterValue] | None = None,
) -> pl.DataFrame:
    """Mean and p50/p80/p90 lead time (gross and net, days) of the decided cases, grouped by `by`.

    Same definitions as lead_time_stats, for any grouping and filter (percentiles do not add up,
    so they are computed from lead_times, one row per case, not from the monthly table).
    """
    allowed = ("decision_month", "case_type", "route", "location_id")
    unknown = [column for column in by if column not in allowed]
    if unknown:
        raise IndicatorError(f"cannot group lead times by {', '.join(unknown)}")
    conditions, parameters = _conditions(indicator("lead_times"), filters or {})
    where = f"where {' and '.join(conditions)}" if conditions else ""
    group = ", ".join(by)
    return con.sql(
        f"""
        select
            {group + "," if group else ""}
            count(*)                               as decided_count,
            avg(lead_time_days)                    as mean_lead_time_days,
            quantile_cont(lead_time_days, 0.5)     as p50_lead_time_days,
            quantile_cont(lead_time_days, 0.8)     as p80_lead_time_days,
            quantile_cont(lead_time_days, 0.9)     as p90_lead_time_days,
            avg(net_lead_time_days)                as mean_net_lead_time_days,
            quantile_cont(net_lead_time_days, 0.5) as p50_net_lead_time_days,
            quantile_cont(net_lead_time_days, 0.8) as p80_net_lead_time_days,
            quantile_cont(net_lead_time_days, 0.9) as p90_net_lead_time_days
        from lead_times
        {where}
        {"group by " + group if group else ""}
        order by all
        """,
        params=parameters,
    ).pl()


_INTERVAL_FILTERS = Indicator(
    name="case_state_intervals",
    title_nl="Zaakstatus in de tijd",
    title_en="Case state over time",
    definition="see sql/marts/case_state_intervals.sql",
    grain="one row per case and stretch of unchanged state and owner",
    unit="-",
    inputs=("case_state_intervals",),
    columns={name: name for name in UNIT_FILTERS},
)
