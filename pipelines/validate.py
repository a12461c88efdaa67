"""Raw source rows -> canonical event rows, each with the reason it cannot be loaded (if any).

One pure LazyFrame step, `canonical_events`, so that Polars streams it over a file of any
size. A row with a problem is not dropped here: it keeps its `reason` and the raw row as
JSON, and the load step sends it to the `quarantine` table. Rows read = rows loaded +
rows quarantined + duplicates holds because every raw row leaves this step exactly once.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from pipelines.mapping import Mapping, ResolvedMapping
from pipelines.schema import (
    ACTIVITY,
    CASE_ATTRIBUTE_COLUMNS,
    CASE_ID,
    DEADLINE_AT,
    DEFAULT_LIFECYCLE,
    EVENT_AT,
    EVENT_COLUMNS,
    LIFECYCLE,
    SOURCE_ROW,
    UTC_DATETIME,
)

ATTRIBUTES = "attributes"  # every other case attribute of the source, as a JSON object
REASON = "reason"  # why the row is quarantined; null for a good row
RAW_ROW = "raw_row"  # the row as read, as JSON; only for quarantined rows

CANONICAL_COLUMNS: dict[str, pl.DataType] = {**EVENT_COLUMNS, **CASE_ATTRIBUTE_COLUMNS}

# The columns of a staged (validated) row, in order: what the load step inserts from.
STAGING_SCHEMA: dict[str, pl.DataType] = {
    SOURCE_ROW: pl.Int64(),
    **CANONICAL_COLUMNS,
    ATTRIBUTES: pl.String(),
    REASON: pl.String(),
    RAW_ROW: pl.String(),
}

# Timestamp forms tried in order (format, carries an offset). chrono's %.f also accepts no
# fraction and %z accepts +01:00 and +0100. The common ISO 8601 forms come first.
_TIMESTAMP_FORMATS: tuple[tuple[str, bool], ...] = (
    ("%Y-%m-%dT%H:%M:%S%.f%z", True),
    ("%Y-%m-%d %H:%M:%S%.f%z", True),
    ("%Y-%m-%dT%H:%M:%S%.f", False),
    ("%Y-%m-%d %H:%M:%S%.f", False),
    ("%Y-%m-%d %H:%M", False),
    ("%Y-%m-%dT%H:%M", False),
    ("%Y-%m-%d", False),
)
_PREFIX = "__typed_"  # typed copies of the mapped columns, before the reason is decided


def canonical_events(
    raw: pl.LazyFrame,
    resolved: ResolvedMapping,
    mapping: Mapping,
    first_row: int = 1,
    row_number_column: str | None = None,
    window: tuple[datetime, datetime] | None = None,
    deadline_window: tuple[datetime, datetime] | None = None,
    max_field_chars: int | None = None,
) -> pl.LazyFrame:
    """Canonical, typed event rows (STAGING_SCHEMA) from raw rows with source column names.

    Rows are numbered from `first_row`, or taken from `row_number_column` where the reader
    numbers them itself (the XES reader's event number). A timestamp outside `window`
    (earliest, latest; `deadline_window` for the deadline, else `window`) and a number that
    is not finite (NaN, inf, 1e309) quarantine the row, and so does a text cell longer than
    `max_field_chars`; the raw row kept for a quarantined row holds at most that many
    characters of each cell.
    """
    raw_schema = raw.collect_schema()
    raw_columns = raw_schema.names()

    def value(source: str) -> pl.Expr:
        return _source_value(source, raw_schema[source], mapping.null_values)

    typed: dict[str, pl.Expr] = {}
    fallbacks: dict[str, pl.Expr] = {}
    problems: list[pl.Expr] = []
    for canonical, target_dtype in CANONICAL_COLUMNS.items():
        source = resolved.source_for(canonical)
        plausible = deadline_window or window if canonical == DEADLINE_AT else window
        if source is None:
            typed[canonical] = pl.lit(None, dtype=target_dtype)
            continue
        if target_dtype == UTC_DATETIME and raw_schema[source] == pl.String:
            # The first form here, the others only for the rows it fails on (below): Polars
            # skips a fallback for a batch without such rows, so a file in one form pays
            # for one parse only.
            first, *others = timestamp_attempts(value(source), mapping)
            typed[canonical] = first
            fallbacks[canonical] = (
                pl.when(pl.col(_PREFIX + canonical).is_null() & value(source).is_not_null())
                .then(pl.coalesce(others))
                .otherwise(pl.col(_PREFIX + canonical))
            )
            problems.append(_unparseable(value(source), canonical, source, "timestamp"))
            problems.append(_outside(value(source), canonical, source, plausible))
        elif target_dtype == UTC_DATETIME:
            typed[canonical] = to_utc_instant(value(source), raw_schema[source], mapping)
            problems.append(_unparseable(value(source), canonical, source, "timestamp"))
            problems.append(_outside(value(source), canonical, source, plausible))
        elif target_dtype == pl.Float64:
            typed[canonical] = _to_number(value(source), raw_schema[source])
            problems.append(_unparseable(value(source), canonical, source, "number"))
            problems.append(
                pl.when(pl.col(_PREFIX + canonical).is_finite().not_()).then(
                    pl.format(
                        f"non-finite number in {source}: '{{}}'", value(source).cast(pl.String)
                    )
                )
            )
        else:
            typed[canonical] = value(source).cast(pl.String)
    typed[LIFECYCLE] = typed[LIFECYCLE].str.to_lowercase().fill_null(DEFAULT_LIFECYCLE)

    # First among the reasons: another reason would quote the overlong cell.
    text_sources = [name for name in raw_columns if raw_schema[name] == pl.String]
    mapped = {resolved.source_for(name) for name in CANONICAL_COLUMNS}
    too_long = [
        _too_long(pl.col(name), name, max_field_chars)
        for name in text_sources
        if max_field_chars is not None
        and (name in mapped or name in resolved.case_attribute_sources)
    ]

    event_at_source = resolved.columns[EVENT_AT]
    reason = pl.coalesce(
        *too_long,
        _when_null(CASE_ID, f"empty case id ({resolved.source_for(CASE_ID)})"),
        _when_null(ACTIVITY, f"empty activity ({resolved.source_for(ACTIVITY)})"),
        pl.when(value(event_at_source).is_null()).then(
            pl.lit(f"empty timestamp ({event_at_source})")
        ),
        *problems,
    )
    attributes = (
        pl.struct(
            value(name).alias(name) for name in resolved.case_attribute_sources
        ).struct.json_encode()
        if resolved.case_attribute_sources
        else pl.lit(None, dtype=pl.String)
    )
    raw_json = pl.struct(
        _cut(pl.col(name), max_field_chars) if name in text_sources else pl.col(name)
        for name in raw_columns
    ).struct.json_encode()
    # Two steps, so that each typed value is computed once and the reason reads the result.
    return (
        _numbered(raw, first_row, row_number_column)
        .with_columns(
            *(
                expr.cast(CANONICAL_COLUMNS[name]).alias(_PREFIX + name)
                for name, expr in typed.items()
            ),
            attributes.alias(_PREFIX + ATTRIBUTES),
        )
        .with_columns(
            expr.cast(UTC_DATETIME).alias(_PREFIX + name) for name, expr in fallbacks.items()
        )
        .with_columns(reason.alias(_PREFIX + REASON))
        .select(
            pl.col(SOURCE_ROW).cast(pl.Int64),
            *(pl.col(_PREFIX + name).alias(name) for name in CANONICAL_COLUMNS),
            pl.col(_PREFIX + ATTRIBUTES).alias(ATTRIBUTES),
            pl.col(_PREFIX + REASON).alias(REASON),
            pl.when(pl.col(_PREFIX + REASON).is_not_null()).then(raw_json).alias(RAW_ROW),
        )
    )


def _too_long(text: pl.Expr, source: str, limit: int) -> pl.Expr:
    length = text.str.len_chars()
    return pl.when(length > limit).then(
        pl.format(f"text too long in {source}: {{}} characters (limit {limit:,})", length)
    )


def _cut(text: pl.Expr, limit: int | None) -> pl.Expr:
    """`text` cut to `limit` characters, marked with an ellipsis where it was longer."""
    if limit is None:
        return text
    return (
        pl.when(text.str.len_chars() > limit)
        .then(pl.concat_str(text.str.slice(0, limit), pl.lit(" …")))
        .otherwise(text)
        .alias(text.meta.output_name())
    )


def _numbered(raw: pl.LazyFrame, first_row: int, row_number_column: str | None) -> pl.LazyFrame:
    if row_number_column is None:
        return raw.with_row_index(SOURCE_ROW, offset=first_row)
    return raw.with_columns(pl.col(row_number_column).cast(pl.Int64).alias(SOURCE_ROW))


def to_utc_instant(column: pl.Expr, dtype: pl.DataType, mapping: Mapping) -> pl.Expr:
    """A timestamp column of any source type as a UTC instant (null where unparseable).

    Timestamps with an offset keep their instant, whatever the offset (a log mixing +01:00
    and +02:00 is normal around the DST change). Naive ones are wall-clock time in the
    mapping's time zone. In the autumn the hour 02:00-03:00 occurs twice and a naive time
    in it cannot say which pass it belongs to: it is taken as the first (summer time, the
    'earliest' instant), so such an event is at most one hour early; the event surely
    happened, so it is loaded rather than quarantined. A naive time in the spring gap
    (02:00-03:00 does not exist that night) cannot be a real clock reading: it becomes
    null and the row is quarantined.
    """
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return column.dt.convert_time_zone("UTC").cast(UTC_DATETIME)
        return _localise(column.cast(pl.Datetime("us")), mapping.timezone)
    if dtype == pl.Date:
        return _localise(column.cast(pl.Datetime("us")), mapping.timezone)
    return pl.coalesce(timestamp_attempts(column, mapping))


def timestamp_attempts(text: pl.Expr, mapping: Mapping) -> list[pl.Expr]:
    """One parse per accepted timestamp form, in order of preference (each null on failure)."""
    text = text.cast(pl.String)
    formats = list(_TIMESTAMP_FORMATS)
    if mapping.timestamp_format:
        formats.insert(0, (mapping.timestamp_format, "%z" in mapping.timestamp_format))
    attempts = []
    for fmt, has_offset in formats:
        if has_offset:
            attempts.append(
                text.str.to_datetime(fmt, time_unit="us", time_zone="UTC", strict=False)
            )
        else:
            naive = text.str.to_datetime(fmt, time_unit="us", strict=False)
            attempts.append(_localise(naive, mapping.timezone))
    # 'Z' (Zulu) is no offset that chrono's %z accepts; it means +00:00.
    zulu = text.str.replace(r"(\d)Z$", "${1}+00:00")
    attempts.append(
        zulu.str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%.f%z", time_unit="us", time_zone="UTC", strict=False
        )
    )
    return attempts


def _localise(naive: pl.Expr, timezone: str) -> pl.Expr:
    return naive.dt.replace_time_zone(
        timezone, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")


def _to_number(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_numeric():
        return column.cast(pl.Float64)
    # Dutch exports write decimals with a comma.
    return column.cast(pl.String).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def _source_value(name: str, dtype: pl.DataType, null_values: list[str]) -> pl.Expr:
    """A source column with surrounding blanks removed and null markers ('EMPTY', '') as null."""
    if dtype != pl.String:
        return pl.col(name)
    stripped = pl.col(name).str.strip_chars()
    markers = sorted({marker.strip() for marker in null_values} | {""})
    return pl.when(stripped.is_in(markers)).then(None).otherwise(stripped)


def _when_null(canonical: str, reason: str) -> pl.Expr:
    return pl.when(pl.col(_PREFIX + canonical).is_null()).then(pl.lit(reason))


def _outside(
    raw: pl.Expr, canonical: str, source: str, window: tuple[datetime, datetime] | None
) -> pl.Expr:
    if window is None:
        return pl.lit(None, dtype=pl.String)
    earliest, latest = window
    typed = pl.col(_PREFIX + canonical)
    return pl.when((typed < pl.lit(earliest)) | (typed > pl.lit(latest))).then(
        pl.format(
            f"implausible timestamp in {source}: '{{}}' is outside"
            f" {earliest:%Y-%m-%d} .. {latest:%Y-%m-%d}",
            raw.cast(pl.String),
        )
    )


def _unparseable(raw: pl.Expr, canonical: str, source: str, kind: str) -> pl.Expr:
    return pl.when(raw.is_not_null() & pl.col(_PREFIX + canonical).is_null()).then(
        pl.format(f"unparseable {kind} in {source}: '{{}}'", raw.cast(pl.String))
    )
