"""Materialise the derived tables: `sql/staging/*.sql`, `sql/marts/*.sql`, `sql/indicators/*.sql`.

Each file holds one `select` whose result becomes the table named after the file
(`sql/marts/cases.sql` -> table `cases`). A file may read tables made by other files of
the same or an earlier layer; the order follows those references, so adding a file never
means editing a list.

Before the models, the refresh fills the tables made from code and configuration:
`calendar_days` (Dutch public holidays) and the dwangsom rules.

Incremental refresh: a model whose header says `-- refresh: incremental by case_id` computes
each case from that case's own rows only (events, case attributes, other such models) and the
reference tables. After a load that changed no reference table, only the cases the load
touched are recomputed in those models, each reading its case-grain inputs restricted to those
cases; everything else (the aggregates over all cases) is rebuilt in full from them. The full
refresh stays the fallback and the oracle: both give the same tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipelines.dwangsom import fill_dwangsom_rules
from pipelines.holiday_calendar import fill_calendar_days
from pipelines.settings import SQL_DIR

SCHEMA_DIR = SQL_DIR / "schema"
DERIVED_LAYERS: tuple[str, ...] = ("staging", "marts", "indicators")
INCREMENTAL_MARKER = "-- refresh: incremental by case_id"


@dataclass(frozen=True)
class Model:
    """One SQL file that becomes one table."""

    name: str
    layer: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def incremental_by_case(self) -> bool:
        """The model computes each case from that case's own events alone."""
        return INCREMENTAL_MARKER in self.sql


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the base tables (`sql/schema/*.sql`, in file-name order) where missing."""
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def discover_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Every derived model, in an order where each comes after the models it reads."""
    models = {
        path.stem: Model(path.stem, layer, path)
        for layer in DERIVED_LAYERS
        for path in sorted((sql_dir / layer).glob("*.sql"))
    }
    graph: dict[str, set[str]] = {}
    for name, model in models.items():
        text = _strip_comments(model.sql)
        graph[name] = {
            other
            for other in models
            if other != name and re.search(rf"\b{re.escape(other)}\b", text)
        }
    return [models[name] for name in TopologicalSorter(graph).static_order()]


def refresh_derived(
    con: duckdb.DuckDBPyConnection,
    only: set[str] | None = None,
    changed_load_id: int | None = None,
) -> list[str]:
    """Rebuild every derived table (or only those named) on `con`; returns their names.

    With `changed_load_id`, the case-by-case models recompute only the cases that load touched
    (events or case attributes with that load_id) where their table already exists, unless the
    load replaced a reference table; every other model is rebuilt in full. Runs in the caller's
    transaction, if any, so a failed refresh leaves nothing half done.
    """
    fill_calendar_days(con)
    fill_dwangsom_rules(con)
    existing = {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}
    models = discover_models()
    incremental = False
    if changed_load_id is not None and _only_events_changed(con, changed_load_id):
        _collect_changed_cases(con, changed_load_id)
        incremental = True
    case_tables = {"events", "case_attributes"} | {m.name for m in models if m.incremental_by_case}
    refreshed = []
    for model in models:
        if only is not None and model.name not in only:
            continue
        try:
            if (
                incremental
                and model.incremental_by_case
                and model.name in existing
                and _has_model_columns(con, model)
            ):
                con.execute(
                    f"delete from {model.name} "
                    "where case_id in (select case_id from changed_case_ids)"
                )
                con.execute(
                    f"insert into {model.name} by name\n{_for_changed_cases(model, case_tables)}"
                )
            else:
                con.execute(f"create or replace table {model.name} as\n{model.sql}")
        except duckdb.Error as error:
            error.add_note(f"while refreshing {model.layer}/{model.path.name}")
            raise
        refreshed.append(model.name)
    return refreshed


def _has_model_columns(con: duckdb.DuckDBPyConnection, model: Model) -> bool:
    """The stored table has the columns the model's query gives now (not so after an upgrade)."""
    stored = [row[0] for row in con.sql(f"describe {model.name}").fetchall()]
    current = [row[0] for row in con.sql(f"describe ({model.sql})").fetchall()]
    return stored == current


def _only_events_changed(con: duckdb.DuckDBPyConnection, load_id: int) -> bool:
    """The load added events and case attributes only: no reference table was replaced."""
    reference_loads = con.execute(
        "select count(*) from loads where load_id = ? and target_table <> 'events'", [load_id]
    ).fetchall()[0][0]
    return reference_loads == 0


def _collect_changed_cases(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    con.execute(
        """
        create or replace temp table changed_case_ids as
        select case_id from events where load_id = $load_id
        union
        select case_id from case_attributes where load_id = $load_id
        """,
        {"load_id": load_id},
    )


def _for_changed_cases(model: Model, case_tables: set[str]) -> str:
    """The model's query over the changed cases only: CTEs named after its case-grain inputs
    shadow those tables with their rows of the changed cases."""
    body = _strip_comments(model.sql).strip()
    if not body.lower().startswith("with "):
        raise ValueError(f"{model.path.name}: an incremental model must start with a named CTE")
    inputs = sorted(
        name
        for name in case_tables
        if name != model.name and re.search(rf"\b{re.escape(name)}\b", body)
    )
    restricted = "".join(
        f"{name} as (\n"
        f"    select * from main.{name}\n"
        "    where case_id in (select case_id from changed_case_ids)\n"
        "),\n"
        for name in inputs
    )
    return "with " + restricted + body[len("with ") :]


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
