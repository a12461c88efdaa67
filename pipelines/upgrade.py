"""Bring a warehouse built by an earlier version of the product up to date, without a load.

After an upgrade, the derived tables of an existing warehouse still hold what the earlier SQL
computed, and a table added since is missing, until a load rebuilds them; the same holds after
an edit of `config/dwangsom.yaml` or new holiday rules. `refresh_warehouse` does it at once: it
rebuilds the tables that are missing or were built from other SQL, fills the calendar and the
dwangsom rules anew where they changed, and rebuilds every table that reads any of these, in a
new version of the file swapped in as a load's is (see `pipelines.warehouse`). When nothing is
out of date it leaves the file alone, so `make run` can call it (`python -m pipelines refresh`)
before every start of the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines import refresh
from pipelines.errors import SourceError
from pipelines.refresh import apply_schema, refresh_derived, refresh_outdated
from pipelines.settings import Settings
from pipelines.warehouse import connect_read_only, next_version


def outdated_tables(db_path: Path | str) -> list[str]:
    """The tables of the warehouse at `db_path` that a refresh would write again: derived
    tables the installed SQL would build differently or that are missing, and the calendar
    or dwangsom rules where code or configuration changed; empty when it is up to date."""
    con = connect_read_only(db_path)
    try:
        return refresh.outdated_tables(con)
    finally:
        con.close()


def refresh_warehouse(
    db_path: Path | str,
    full: bool = False,
    settings: Settings | None = None,
    status: Callable[[str], None] | None = None,
) -> list[str]:
    """Rebuild the out-of-date derived tables of the warehouse (all of them with `full`) and
    return their names; an empty list, and the file untouched, when none is out of date.
    Raises SourceError when there is no warehouse. A failure leaves the warehouse as it was."""
    say = status or (lambda _message: None)
    db_path = Path(db_path)
    if not db_path.is_file():
        raise SourceError(db_path, "no such warehouse")
    if not full and not outdated_tables(db_path):
        return []
    with next_version(db_path, settings) as version:
        apply_schema(version.con)
        say("refreshing the derived tables")
        written = refresh_derived(version.con) if full else refresh_outdated(version.con)
        say("writing the new version of the warehouse")
    return written
