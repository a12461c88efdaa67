"""Data-quality checks: `sql/checks/<name>.sql`, each a query returning the rows that break a
rule. A load runs them all on the new version and stores each count in `check_results`, so
the data-quality page shows them per load; rows that break a rule are loaded, not refused.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.settings import SQL_DIR

CHECKS_DIR = SQL_DIR / "checks"


def discover_checks(checks_dir: Path = CHECKS_DIR) -> dict[str, str]:
    """Check name (the file name) -> its query, in file-name order."""
    return {
        path.stem: path.read_text(encoding="utf-8") for path in sorted(checks_dir.glob("*.sql"))
    }


def count_check_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """For each check, the number of rows that break its rule now."""
    return {
        name: int(con.sql(f"select count(*) from (\n{query}\n)").fetchall()[0][0])
        for name, query in discover_checks().items()
    }


def run_checks(con: duckdb.DuckDBPyConnection, load_id: int) -> dict[str, int]:
    """Count every check's rows and store the counts as the results of load `load_id`."""
    counts = count_check_rows(con)
    con.execute("delete from check_results where load_id = ?", [load_id])
    if counts:
        con.executemany(
            "insert into check_results (load_id, check_name, row_count) values (?, ?, ?)",
            [[load_id, name, count] for name, count in counts.items()],
        )
    return counts
