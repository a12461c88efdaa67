"""The PDCA store inside a DuckDB connection, as schema `pdca`, for joins with indicators.

DuckDB attaches SQLite and PostgreSQL through its `sqlite` and `postgres` extensions. Where
an extension cannot be loaded (no network to download it, as on a closed server), the
store's tables are copied into an in-memory database attached under the same name through
Polars, so a query like `select ... from pdca.goals join team_figures ...` works either way;
the copy is as of the moment of attaching.
"""

from __future__ import annotations

from typing import Any, Literal

import duckdb
import polars as pl

from dashboard.pdca.admin import dump_tables
from dashboard.pdca.store import Store
from pipelines.warehouse import sql_text

CURRENT_GOALS_SQL = """
    select goals.*
    from {alias}.goals as goals
    join (
        select goal_key, max(version) as version from {alias}.goals group by goal_key
    ) as latest on latest.goal_key = goals.goal_key and latest.version = goals.version
    where goals.withdrawn = 0
"""


def attach_store(
    con: duckdb.DuckDBPyConnection, store: Store, alias: str = "pdca"
) -> Literal["extension", "copy"]:
    """Make the store's tables readable as `<alias>.<table>` on `con`; returns how."""
    try:
        if store.dialect == "sqlite":
            con.execute("load sqlite")
            path = sql_text(store.sqlite_path)
            con.execute(f"attach '{path}' as {alias} (type sqlite, read_only)")
        else:
            con.execute("load postgres")
            con.execute(f"attach '{sql_text(store.url)}' as {alias} (type postgres, read_only)")
        return "extension"
    except duckdb.Error:
        _attach_copy(con, store, alias)
        return "copy"


def _attach_copy(con: duckdb.DuckDBPyConnection, store: Store, alias: str) -> None:
    # read_only false: the warehouse connection itself is read-only, the copy is not.
    con.execute(f"attach ':memory:' as {alias} (read_only false)")
    for table, content in dump_tables(store)["tables"].items():
        frame = pl.DataFrame(content["rows"], schema=content["columns"], orient="row")
        # An empty table has no values to infer types from: its columns become text.
        frame = frame.with_columns(pl.col(pl.Null).cast(pl.String))
        con.register("pdca_copy_source", frame)
        try:
            con.execute(f"create table {alias}.{table} as select * from pdca_copy_source")
        finally:
            con.unregister("pdca_copy_source")


def current_goals_frame(con: duckdb.DuckDBPyConnection, alias: str = "pdca") -> pl.DataFrame:
    """The latest version of every goal not withdrawn, read through the attached store."""
    return con.sql(CURRENT_GOALS_SQL.format(alias=alias)).pl()


def query_with_store(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> pl.DataFrame:
    """Run `sql` (which may read `pdca.*` next to warehouse tables) and return a frame."""
    return con.sql(sql, params=params).pl()
