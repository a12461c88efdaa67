"""Materialise the derived tables: `sql/marts/*.sql`, then `sql/indicators/*.sql`.

Each file holds one `select` whose result becomes the table named after the file
(`sql/marts/cases.sql` -> table `cases`). A file may read tables made by other files of
the same or an earlier layer; the order follows those references, so adding a file never
means editing a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipelines.settings import SQL_DIR

SCHEMA_DIR = SQL_DIR / "schema"
DERIVED_LAYERS: tuple[str, ...] = ("staging", "marts", "indicators")


@dataclass(frozen=True)
class Model:
    """One SQL file that becomes one table."""

    name: str
    layer: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


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


def refresh_derived(con: duckdb.DuckDBPyConnection, only: set[str] | None = None) -> list[str]:
    """Rebuild every derived table (or only those named) on `con`; returns their names.

    Runs in the caller's transaction, if any, so a failed refresh leaves nothing half done.
    """
    refreshed = []
    for model in discover_models():
        if only is not None and model.name not in only:
            continue
        con.execute(f"create or replace table {model.name} as\n{model.sql}")
        refreshed.append(model.name)
    return refreshed


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
