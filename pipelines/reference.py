"""Reference-table files (employees, teams, norms, capacity, ...): validated rows to load.

A file named after a table in `schema.REFERENCE_TABLES` replaces that table. Its columns are
the declared ones; each value is converted to the declared type, and a row with an empty
required value or a value that does not convert is quarantined with the reason.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.schema import SOURCE_ROW
from pipelines.validate import RAW_ROW, REASON

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


def table_constraints(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[str], list[str]]:
    """The table's NOT NULL columns and its primary-key columns, from the database itself."""
    not_null = [
        row[0]
        for row in con.sql(
            "select column_name from information_schema.columns "
            "where table_name = ? and is_nullable = 'NO' order by ordinal_position",
            params=[table],
        ).fetchall()
    ]
    key_rows = con.sql(
        "select constraint_column_names from duckdb_constraints() "
        "where table_name = ? and constraint_type = 'PRIMARY KEY'",
        params=[table],
    ).fetchall()
    key = list(key_rows[0][0]) if key_rows else []
    return not_null, key


def canonical_reference_rows(
    raw: pl.LazyFrame, declared: dict[str, pl.DataType], not_null: list[str]
) -> pl.LazyFrame:
    """The declared columns, typed, plus source_row, reason (null = good) and raw_row."""
    schema = raw.collect_schema()
    typed: dict[str, pl.Expr] = {}
    problems: list[pl.Expr] = []
    for name, dtype in declared.items():
        if name not in schema:
            typed[name] = pl.lit(None, dtype=dtype)
            continue
        value = _cleaned(name, schema[name])
        typed[name] = _converted(value, schema[name], dtype)
        if name in not_null:
            problems.append(pl.when(value.is_null()).then(pl.lit(f"empty {name}")))
        problems.append(
            pl.when(value.is_not_null() & typed[name].is_null()).then(
                pl.format(f"unparseable {_kind(dtype)} in {name}: '{{}}'", value.cast(pl.String))
            )
        )
    reason = pl.coalesce(problems) if problems else pl.lit(None, dtype=pl.String)
    raw_json = pl.struct(pl.col(name) for name in schema.names()).struct.json_encode()
    return (
        raw.with_row_index(SOURCE_ROW, offset=1)
        .with_columns(reason.alias(REASON))
        .select(
            pl.col(SOURCE_ROW).cast(pl.Int64),
            *(typed[name].cast(dtype).alias(name) for name, dtype in declared.items()),
            pl.col(REASON),
            pl.when(pl.col(REASON).is_not_null()).then(raw_json).alias(RAW_ROW),
        )
    )


def _cleaned(name: str, dtype: pl.DataType) -> pl.Expr:
    if dtype != pl.String:
        return pl.col(name)
    stripped = pl.col(name).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


def _converted(value: pl.Expr, source: pl.DataType, target: pl.DataType) -> pl.Expr:
    if target == pl.Date:
        if source == pl.Date:
            return value
        if isinstance(source, pl.Datetime):
            return value.dt.date()
        text = value.cast(pl.String)
        return pl.coalesce(text.str.to_date(fmt, strict=False) for fmt in _DATE_FORMATS)
    if target in (pl.Float64, pl.Int64) and source == pl.String:
        # Dutch exports write decimals with a comma.
        number = value.str.replace(",", ".", literal=True)
        if target == pl.Int64:
            as_float = number.cast(pl.Float64, strict=False)
            return pl.when(as_float == as_float.round(0)).then(as_float.cast(pl.Int64))
        return number.cast(pl.Float64, strict=False)
    return value.cast(target, strict=False)


def _kind(dtype: pl.DataType) -> str:
    if dtype == pl.Date:
        return "date"
    if dtype.is_numeric():
        return "number"
    return "value"
