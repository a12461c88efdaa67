"""Export a table of the warehouse (base, mart or indicator) as CSV.

Timestamps are written as ISO 8601 instants in UTC (`2011-10-11T11:45:40.276000Z`), so a
spreadsheet or another tool reads the same instant whatever its own time zone.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.errors import SourceError
from pipelines.warehouse import connect_read_only, sql_text

ISO_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def available_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the warehouse, by name."""
    rows = con.sql(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' order by table_name"
    ).fetchall()
    return [row[0] for row in rows]


def export_table(db_path: Path | str, name: str, out: Path | str) -> int:
    """Write table `name` of the warehouse to the CSV file `out`; returns the rows written.

    The file appears whole or not at all (written beside it, then renamed).
    """
    db_path, out = Path(db_path), Path(out)
    if not db_path.exists():
        raise SourceError(db_path, "no such warehouse (load some files first)")
    con = connect_read_only(db_path)
    try:
        tables = available_tables(con)
        if name not in tables:
            raise SourceError(db_path, f"no table '{name}'; available: {', '.join(tables)}")
        columns = con.sql(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and table_name = ? order by ordinal_position",
            params=[name],
        ).fetchall()
        select_list = ", ".join(_exported(column, data_type) for column, data_type in columns)
        partial = out.with_name(f".{out.name}.partial")
        out.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"copy (select {select_list} from \"{name}\") to '{sql_text(str(partial))}' "
            "(format csv, header true)"
        )
        rows = int(con.sql(f'select count(*) from "{name}"').fetchall()[0][0])
    finally:
        con.close()
    os.replace(partial, out)
    return rows


def _exported(column: str, data_type: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    if data_type.upper().startswith("TIMESTAMP"):
        # Naive timestamps are already UTC by convention; instants are shown in UTC.
        return f"strftime({quoted}, '{ISO_UTC_FORMAT}') as {quoted}"
    return quoted
