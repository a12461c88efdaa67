"""Materialise the derived tables: `sql/staging/*.sql`, `sql/marts/*.sql`, `sql/indicators/*.sql`.

Each file holds one `select` whose result becomes the table named after the file
(`sql/marts/cases.sql` -> table `cases`). A file may read tables made by other files of
the same or an earlier layer; the order follows those references, so adding a file never
means editing a list.

Before the models, the refresh fills the tables made from code and configuration:
`calendar_days` (Dutch public holidays) and the dwangsom rules.

After a load, a table is brought up to date in the cheapest way that gives the same rows as
rebuilding it (`_plan`):
- left as it is when none of the tables its SQL names changed: a new capacity file leaves
  every table that never reads capacity alone;
- recomputed for the touched cases only, in a model whose header says
  `-- refresh: incremental by case_id` (it computes each case from that case's own rows: events,
  case attributes, other such models, and reference tables), when only some cases of its
  inputs changed; it then reads its case-grain inputs restricted to those cases;
- rebuilt in full otherwise: an aggregate over all cases, or a model that reads a replaced
  reference table or a table rebuilt in full.
`derived_tables` records the SQL each table was built from; a table built by other SQL (an
earlier version) is rebuilt in full. `outdated_tables` names such tables without writing, and
`refresh_outdated` rebuilds them and their readers without a load (`pipelines/upgrade.py`).
The full refresh stays the fallback and the oracle: both give the same tables.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipelines.dwangsom import dwangsom_rules_are_current, fill_dwangsom_rules
from pipelines.holiday_calendar import calendar_is_current, fill_calendar_days
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

    @property
    def definition(self) -> str:
        """Fingerprint of the SQL file: a stored table made from other SQL is out of date."""
        return hashlib.md5(self.sql.encode("utf-8")).hexdigest()


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
    graph = {name: model_inputs(model, set(models)) for name, model in models.items()}
    return [models[name] for name in TopologicalSorter(graph).static_order()]


def refresh_derived(
    con: duckdb.DuckDBPyConnection,
    changed_load_id: int | None = None,
) -> list[str]:
    """Bring every derived table up to date on `con`; returns the names of those it wrote.

    Without `changed_load_id` every table is rebuilt in full. With it, what that load wrote is
    taken to be all that changed since the last refresh, and each table is brought up to date
    in the cheapest way that gives the same rows as a full rebuild (see `_plan`): left as it
    is when nothing it reads changed, recomputed for the touched cases only when it is a
    case-by-case model and only those cases changed, rebuilt in full otherwise. Runs in the
    caller's transaction, if any, so a failed refresh leaves nothing half done.
    """
    changes = (
        _Changes.everything() if changed_load_id is None else _changes_of(con, changed_load_id)
    )
    return _refresh(con, changes)


def refresh_outdated(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rebuild the derived tables of `outdated_models` and every table that reads one of them;
    keep the rest. Returns the names of the tables it wrote. For a warehouse built before an
    upgrade of the product: its tables come from other SQL until it is refreshed."""
    return _refresh(con, _Changes())


def outdated_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables a refresh would write again with nothing loaded: the calendar and dwangsom
    rules where code or configuration changed (`_stale_fills`), then the derived tables that
    are missing or were built from other SQL (`outdated_models`). Empty when the warehouse is
    up to date. Reads only, so the dashboard can ask too."""
    tables = _main_tables(con)
    return _stale_fills(con, tables) + _outdated_models(con, tables)


def outdated_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The derived tables, in refresh order, that are missing or were built from other SQL
    than the installed files (a warehouse built by an earlier version). Reads only."""
    return _outdated_models(con, _main_tables(con))


def _outdated_models(con: duckdb.DuckDBPyConnection, tables: set[str]) -> list[str]:
    stored = _stored_definitions(con) if "derived_tables" in tables else {}
    return [
        model.name
        for model in discover_models()
        if model.name not in tables or stored.get(model.name) != model.definition
    ]


def _stale_fills(con: duckdb.DuckDBPyConnection, tables: set[str]) -> list[str]:
    """The tables made from code and configuration that the next refresh would fill anew:
    the calendar (new holiday rules, or the data reached another year) and the dwangsom
    rules (`config/dwangsom.yaml` edited)."""
    stale = []
    if "calendar_source" not in tables or not calendar_is_current(con):
        stale.append("calendar_days")
    if "dwangsom_rules" not in tables or not dwangsom_rules_are_current(con):
        stale.append("dwangsom_rules")
    return stale


def _main_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.sql(_MAIN_TABLES).fetchall()}


def _refresh(con: duckdb.DuckDBPyConnection, changes: _Changes) -> list[str]:
    """Bring every derived table up to date after `changes`; the names of those written."""
    if fill_calendar_days(con):
        changes.replaced |= {"calendar_days", "calendar_hours"}
    if fill_dwangsom_rules(con):
        changes.replaced |= {"dwangsom_rules", "dwangsom_tiers"}
    models = discover_models()
    stored = _stored_definitions(con)
    tables = _main_tables(con)
    case_tables = set(_SOURCE_CASE_TABLES) | {m.name for m in models if m.incremental_by_case}
    written = []
    for model in models:
        inputs = model_inputs(model, tables)
        built = model.name in tables and stored.get(model.name) == model.definition
        how = _plan(model, inputs, changes, built)
        if how == "keep":
            continue
        if how == "cases" and not _has_model_columns(con, model):
            how = "full"
        try:
            if how == "cases":
                _recompute_changed_cases(con, model, case_tables)
                changes.by_case.add(model.name)
            else:
                con.execute(f"create or replace table {model.name} as\n{model.sql}")
                changes.replaced.add(model.name)
        except duckdb.Error as error:
            error.add_note(f"while refreshing {model.layer}/{model.path.name}")
            raise
        tables.add(model.name)
        written.append(model.name)
    _store_definitions(con, [m for m in models if m.name in written])
    for name in sorted(changes.by_case):
        con.execute(f"drop table if exists temp.{_CHANGED_ROWS}{name}")
    con.execute("drop table if exists temp.changed_case_ids")
    return written


@dataclass
class _Changes:
    """What changed since the last refresh: tables any of whose rows may differ (`replaced`),
    tables that differ only in the cases of `changed_case_ids` (`by_case`), or everything."""

    replaced: set[str] = field(default_factory=set)
    by_case: set[str] = field(default_factory=set)
    all_tables: bool = False

    @classmethod
    def everything(cls) -> _Changes:
        return cls(all_tables=True)


def _changes_of(con: duckdb.DuckDBPyConnection, load_id: int) -> _Changes:
    """What the load `load_id` wrote: its events and case attributes (case by case), the
    reference tables it replaced, and its own bookkeeping."""
    reference_tables = {
        row[0]
        for row in con.execute(
            "select distinct target_table from loads where load_id = ? and target_table <> ?",
            [load_id, "events"],
        ).fetchall()
    }
    changes = _Changes(replaced=reference_tables | {"loads", "quarantine"})
    _collect_changed_cases(con, load_id)
    if con.sql("select count(*) from changed_case_ids").fetchall()[0][0]:
        changes.by_case |= {"events", "case_attributes"}
    return changes


def _plan(model: Model, inputs: set[str], changes: _Changes, built: bool) -> str:
    """How to bring `model`'s table up to date: "keep", "cases" (recompute the changed cases)
    or "full".

    Unless the table is `built` (it exists and was made by the model's current SQL, not by
    an earlier version before an upgrade), it is rebuilt in full, whatever changed.
    """
    if changes.all_tables or not built or inputs & changes.replaced:
        return "full"
    if inputs & changes.by_case:
        return "cases" if model.incremental_by_case else "full"
    return "keep"


def model_inputs(model: Model, tables: set[str]) -> set[str]:
    """The tables of `tables` (base tables and other models) that the model's SQL names."""
    # A name is named where it is a whole word of the SQL: the same as searching for it
    # between word boundaries, in one pass over the text instead of one per table (the load
    # page asks on every cold visit).
    words = set(re.findall(r"\w+", _strip_comments(model.sql)))
    return {name for name in tables if name != model.name and name in words}


_MAIN_TABLES = "select table_name from duckdb_tables() where schema_name = 'main' and not temporary"


def _stored_definitions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Per derived table, the fingerprint of the SQL it was last built from."""
    return dict(con.sql("select table_name, definition from derived_tables").fetchall())


def _store_definitions(con: duckdb.DuckDBPyConnection, models: list[Model]) -> None:
    """Record the SQL of the tables just written, with one time for the whole refresh."""
    if not models:
        return
    written = {
        "names": [model.name for model in models],
        "definitions": [model.definition for model in models],
    }
    con.execute(
        "delete from derived_tables where list_contains($names, table_name)",
        {"names": written["names"]},
    )
    con.execute(
        """
        insert into derived_tables (table_name, definition, refreshed_at)
        select unnest($names), unnest($definitions), now()
        """,
        written,
    )


def _has_model_columns(con: duckdb.DuckDBPyConnection, model: Model) -> bool:
    """The stored table has the columns the model's query gives now (not so after an upgrade)."""
    stored = [row[0] for row in con.sql(f"describe {model.name}").fetchall()]
    current = [row[0] for row in con.sql(f"describe ({model.sql})").fetchall()]
    return stored == current


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


# temp.changed_rows_<table>: the rows of the changed cases of a case-grain table, kept while a
# refresh runs, so that each model reads those few rows instead of searching its inputs again.
_CHANGED_ROWS = "changed_rows_"
_SOURCE_CASE_TABLES = ("events", "case_attributes")


def _recompute_changed_cases(
    con: duckdb.DuckDBPyConnection, model: Model, case_tables: set[str]
) -> None:
    """Replace the model's rows of the changed cases, and keep them for the models that read it."""
    kept = f"{_CHANGED_ROWS}{model.name}"
    query = _for_changed_cases(con, model, case_tables)
    con.execute(f"create or replace temp table {kept} as\n{query}")
    con.execute(f"delete from {model.name} where case_id in (select case_id from changed_case_ids)")
    con.execute(f"insert into {model.name} by name select * from temp.{kept}")


def _for_changed_cases(con: duckdb.DuckDBPyConnection, model: Model, case_tables: set[str]) -> str:
    """The model's query over the changed cases only: CTEs named after its case-grain inputs
    shadow those tables with their rows of the changed cases (kept by this refresh where it
    recomputed them, else searched for)."""
    body = _strip_comments(model.sql).strip()
    if not body.lower().startswith("with "):
        raise ValueError(f"{model.path.name}: an incremental model must start with a named CTE")
    inputs = sorted(model_inputs(model, case_tables))
    kept = {
        row[0]
        for row in con.sql(
            "select table_name from duckdb_tables() where temporary and starts_with(table_name, ?)",
            params=[_CHANGED_ROWS],
        ).fetchall()
    }
    for name in inputs:
        if name in _SOURCE_CASE_TABLES and f"{_CHANGED_ROWS}{name}" not in kept:
            # Searched once per refresh, when the first model that reads the table needs it.
            con.execute(
                f"create temp table {_CHANGED_ROWS}{name} as select * from main.{name} "
                "where case_id in (select case_id from changed_case_ids)"
            )
            kept.add(f"{_CHANGED_ROWS}{name}")
    restricted = "".join(
        f"{name} as (select * from temp.{_CHANGED_ROWS}{name}),\n"
        if f"{_CHANGED_ROWS}{name}" in kept
        else f"{name} as (\n"
        f"    select * from main.{name}\n"
        "    where case_id in (select case_id from changed_case_ids)\n"
        "),\n"
        for name in inputs
    )
    return "with " + restricted + body[len("with ") :]


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
