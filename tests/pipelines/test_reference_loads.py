"""A load that replaces one reference table (norms, capacity, the organisation, targets) rewrites
exactly the derived tables that read it, and they end as a full refresh would make them.

On the generated demo data at tiny scale, through `load_files`, as a user's upload arrives.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.generator.demo import build_demo_warehouse
from pipelines.load import load_files
from pipelines.refresh import discover_models, model_inputs, refresh_derived

pytestmark = pytest.mark.slow


def later_norms(frame: pl.DataFrame) -> pl.DataFrame:
    """Every other norm 50% higher."""
    higher = pl.when(pl.int_range(pl.len()) % 2 == 0).then(pl.col("norm_minutes") * 1.5)
    return frame.with_columns(higher.otherwise(pl.col("norm_minutes")).alias("norm_minutes"))


def less_direct_time(frame: pl.DataFrame) -> pl.DataFrame:
    """One employee books an hour less direct time every week."""
    fewer = pl.when(pl.col("employee_id") == "M0001").then(pl.col("direct_hours") - 1.0)
    return frame.with_columns(fewer.otherwise(pl.col("direct_hours")).alias("direct_hours"))


def a_move_to_another_team(frame: pl.DataFrame) -> pl.DataFrame:
    """M0002 moves to another team on 1 June 2025."""
    row = frame.filter(pl.col("employee_id") == "M0002")
    other_team = frame.filter(pl.col("team_id") != row["team_id"][0])["team_id"][0]
    moved = dt.date(2025, 6, 1).isoformat()
    return pl.concat(
        [
            frame.filter(pl.col("employee_id") != "M0002"),
            row.with_columns(pl.lit(moved).alias("valid_to")),
            row.with_columns(
                pl.lit(other_team).alias("team_id"),
                pl.lit(moved).alias("valid_from"),
                pl.lit(None, dtype=pl.String).alias("valid_to"),
            ),
        ],
        how="vertical_relaxed",
    )


def a_team_to_another_location(frame: pl.DataFrame) -> pl.DataFrame:
    other = pl.when(pl.col("team_id") == "DB-VA").then(pl.lit("ZW"))
    return frame.with_columns(other.otherwise(pl.col("location_id")).alias("location_id"))


def a_smaller_contract(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("employee_id") == "M0001").then(0.5).otherwise(pl.col("fte")).alias("fte")
    )


def higher_targets(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("target_decisions") + 5)


def renamed_location(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("location_name").str.replace("Zwolle", "Zwolle (IND)"))


CHANGES: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    "norms.csv": later_norms,
    "capacity.parquet": less_direct_time,
    "employee_teams.csv": a_move_to_another_team,
    "teams.csv": a_team_to_another_location,
    "employees.csv": a_smaller_contract,
    "production_targets.csv": higher_targets,
    "locations.csv": renamed_location,
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The tiny generated demo warehouse; its source files lie in `demo/` beside it."""
    database = tmp_path_factory.mktemp("reference-loads") / "warehouse.duckdb"
    build_demo_warehouse(database, seed=11, scale="tiny", progress=lambda _: None)
    return database


@pytest.mark.parametrize("file_name", sorted(CHANGES))
def test_a_reference_load_rewrites_what_reads_it_and_matches_a_full_refresh(
    demo: Path, tmp_path: Path, file_name: str
):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo, warehouse)
    before = refreshed_at(warehouse)
    changed = changed_file(demo.parent / "demo" / file_name, tmp_path / file_name)

    load_files(warehouse, [changed])

    table = Path(file_name).stem
    written = {name for name, at in refreshed_at(warehouse).items() if at != before.get(name)}
    assert written == readers_of(warehouse, table)
    if written:
        assert differing_tables(demo, warehouse, written), "the change should show in the figures"
    oracle = tmp_path / "full.duckdb"
    shutil.copyfile(warehouse, oracle)
    with duckdb.connect(str(oracle)) as con:
        con.execute("set TimeZone = 'UTC'")
        refresh_derived(con)
    assert_same_derived_tables(warehouse, oracle)


def test_the_changes_change_what_they_should(demo: Path, tmp_path: Path):
    """Each change above alters its table, and every table but one has derived tables that
    read it: the test above would prove little otherwise."""
    for file_name, change in CHANGES.items():
        source = demo.parent / "demo" / file_name
        assert not change(read(source)).equals(read(source)), file_name
    # No derived table reads the location names: the dashboard joins them itself.
    assert readers_of(demo, "locations") == set()
    assert readers_of(demo, "employees") == {
        "werklast_per_fte",
        "fairness_team",
        "fairness_location",
        "inflow_forecast",
    }
    assert len(readers_of(demo, "capacity")) < len(readers_of(demo, "norms")) < 59


# --- helpers --------------------------------------------------------------------------------


def read(path: Path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    return pl.read_csv(path, infer_schema_length=None)


def changed_file(source: Path, target: Path) -> Path:
    frame = CHANGES[source.name](read(source))
    if target.suffix == ".parquet":
        frame.write_parquet(target)
    else:
        frame.write_csv(target)
    return target


def refreshed_at(warehouse: Path) -> dict[str, dt.datetime]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.sql("select table_name, refreshed_at from derived_tables").fetchall())


def readers_of(warehouse: Path, table: str) -> set[str]:
    """The derived tables that read `table`, directly or through other derived tables."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}
    readers = {table}
    for model in discover_models():
        if model_inputs(model, tables) & readers:
            readers.add(model.name)
    return readers - {table}


def assert_same_derived_tables(warehouse: Path, oracle: Path) -> None:
    with duckdb.connect(":memory:") as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"attach '{warehouse}' as selective (read_only)")
        con.execute(f"attach '{oracle}' as full_refresh (read_only)")
        for model in discover_models():
            query = "select * from {}.{} order by all"
            try:
                assert_frame_equal(
                    con.sql(query.format("selective", model.name)).pl(),
                    con.sql(query.format("full_refresh", model.name)).pl(),
                    check_exact=False,
                )
            except AssertionError as error:
                error.add_note(f"table {model.name}")
                raise


def differing_tables(before: Path, after: Path, tables: set[str]) -> set[str]:
    """The tables among `tables` whose rows differ between the two warehouses."""
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{before}' as before (read_only)")
        con.execute(f"attach '{after}' as after (read_only)")
        return {
            table
            for table in tables
            if con.sql(
                f"""
                select count(*) from (
                    (select * from before.{table} except all select * from after.{table})
                    union all
                    (select * from after.{table} except all select * from before.{table})
                )
                """
            ).fetchall()[0][0]
        }
