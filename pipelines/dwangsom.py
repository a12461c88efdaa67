"""Dwangsom rules from `config/dwangsom.yaml` into the tables dwangsom_rules and dwangsom_tiers.

Whether the administrative dwangsom applies is law that changes (it was suspended for asylum in
2020), so it is configuration: the SQL reads the tables, never a hard-coded case type.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import yaml

from pipelines.errors import SourceError
from pipelines.settings import PROJECT_ROOT

DWANGSOM_CONFIG = PROJECT_ROOT / "config" / "dwangsom.yaml"


def read_dwangsom_config(path: Path = DWANGSOM_CONFIG) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rules (one row per case type, null = default) and the tiers of the config file."""
    try:
        config: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        grace_days = int(config["grace_days"])
        max_days = int(config["max_days"])
        rules = pl.DataFrame(
            [
                {
                    "case_type": None if case_type == "default" else case_type,
                    "applies": bool(rule["applies"]),
                    "grace_days": grace_days,
                    "max_days": max_days,
                    "reason": rule.get("reason"),
                }
                for case_type, rule in config["case_types"].items()
            ],
            schema={
                "case_type": pl.String,
                "applies": pl.Boolean,
                "grace_days": pl.Int32,
                "max_days": pl.Int32,
                "reason": pl.String,
            },
        )
        tiers = pl.DataFrame(
            config["tiers"],
            schema={"from_day": pl.Int32, "to_day": pl.Int32, "eur_per_day": pl.Float64},
        )
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        raise SourceError(path, f"invalid dwangsom configuration: {error}") from error
    return rules, tiers


def fill_dwangsom_rules(con: duckdb.DuckDBPyConnection, path: Path = DWANGSOM_CONFIG) -> bool:
    """Make dwangsom_rules and dwangsom_tiers hold the configuration; whether either changed.

    A table that already holds the configured rows is left alone, so that the refresh keeps
    the tables that read it.
    """
    changed = False
    for table, frame in _configured_tables(path):
        with _as_config_frame(con, frame):
            if _holds_exactly(con, table, frame.columns):
                continue
            con.execute(f"delete from {table}")
            con.execute(f"insert into {table} by name select * from config_frame")
            changed = True
    return changed


def dwangsom_rules_are_current(
    con: duckdb.DuckDBPyConnection, path: Path = DWANGSOM_CONFIG
) -> bool:
    """Whether dwangsom_rules and dwangsom_tiers hold the configuration now. Reads only."""
    for table, frame in _configured_tables(path):
        with _as_config_frame(con, frame):
            if not _holds_exactly(con, table, frame.columns):
                return False
    return True


def _configured_tables(path: Path) -> list[tuple[str, pl.DataFrame]]:
    return list(zip(("dwangsom_rules", "dwangsom_tiers"), read_dwangsom_config(path), strict=True))


@contextmanager
def _as_config_frame(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> Iterator[None]:
    con.register("config_frame", frame)
    try:
        yield
    finally:
        con.unregister("config_frame")


def _holds_exactly(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> bool:
    """`table` holds the rows of the registered `config_frame`, no more and no fewer."""
    listed = ", ".join(columns)
    differing = con.sql(
        f"""
        select count(*) from (
            (select {listed} from {table} except all select {listed} from config_frame)
            union all
            (select {listed} from config_frame except all select {listed} from {table})
        )
        """
    ).fetchall()[0][0]
    return differing == 0
