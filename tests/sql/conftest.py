"""Fixtures for the SQL tests: an empty warehouse file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.sql.warehouse_fixtures import new_warehouse


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty warehouse (base tables only) in a temporary DuckDB file."""
    connection = new_warehouse(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()
