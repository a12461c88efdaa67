"""Fixtures of the PDCA tests: a store per backend and a small warehouse with known figures."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from dashboard.pdca.store import TABLES, Store
from pipelines.refresh import apply_schema, refresh_derived

POSTGRES_URL_ENV = "STURING_TEST_POSTGRES_URL"
AMS = ZoneInfo("Europe/Amsterdam")


def _reset_postgres(url: str) -> None:
    store = Store(url)
    with store.transaction() as tx:
        for table in (*reversed(TABLES), "schema_migrations"):
            tx.execute(f"drop table if exists {table} cascade")


def store_params() -> list:
    postgres = os.environ.get(POSTGRES_URL_ENV)
    return [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not postgres,
                reason=f"PostgreSQL store tests need {POSTGRES_URL_ENV} (CI sets it in .ci/run)",
            ),
        ),
    ]


@pytest.fixture(params=store_params())
def store_url(request, tmp_path: Path) -> str:
    """An empty, unmigrated store: a fresh SQLite file, or the test PostgreSQL database wiped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    url = os.environ[POSTGRES_URL_ENV]
    _reset_postgres(url)
    return url


@pytest.fixture
def store(store_url: str) -> Store:
    """A migrated store on each backend."""
    store = Store(store_url)
    store.migrate()
    return store


def at(text: str) -> datetime:
    """An Amsterdam wall-clock time, as the instant the warehouse stores."""
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


# Case, received, decided (None = open), deadline, employee, team, location.
CASES = [
    ("Z1", "2026-09-01 09:00", "2026-10-10 12:00", "2026-10-31 00:00", "E1", "T1", "L1"),
    ("Z2", "2026-09-15 09:00", "2026-10-20 12:00", "2026-10-15 00:00", "E1", "T1", "L1"),
    ("Z3", "2026-10-01 09:00", None, "2026-12-31 00:00", "E1", "T1", "L1"),
    ("Z4", "2026-10-05 09:00", None, "2026-10-25 00:00", "E2", "T1", "L1"),
    ("Z5", "2026-10-07 09:00", None, "2027-01-31 00:00", "E3", "T2", "L1"),
]


def build_warehouse(path: Path, extra_events: tuple[tuple, ...] = ()) -> Path:
    """A warehouse of five cases in October 2026 (see CASES) with norms, staff and capacity.

    E1 completes 'gehoor' twice on Z1 (one rework) with 90 and 60 minutes against a norm of
    60, and 'gehoor' once on Z2 with 30 minutes: effort 180 / norm 180 = 100 %.
    `extra_events` adds events (case, activity, lifecycle, when, employee, team, location,
    effort) after these.
    """
    con = duckdb.connect(str(path))
    con.execute("set TimeZone='UTC'")
    apply_schema(con)
    rows = []
    number = 0

    def event(case, activity, lifecycle, when, employee, team, location, effort=None):
        nonlocal number
        number += 1
        rows.append((number, case, activity, lifecycle, at(when), employee, team, location, effort))

    for case, received, decided, deadline, employee, team, location in CASES:
        event(case, "ontvangst", "complete", received, None, team, location)
        event(case, "toewijzing", "assign", received, employee, team, location)
        con.execute(
            "insert into case_attributes (case_id, case_type, received_at, deadline_at,"
            " decided_at, received_rule, decided_rule, load_id) values (?, 'asiel', ?, ?, ?,"
            " 'received_at', 'decided_at', 1)",
            [case, at(received), at(deadline), at(decided) if decided else None],
        )
        if decided:
            event(case, "beschikking", "complete", decided, employee, team, location)
    event("Z1", "gehoor", "complete", "2026-10-02 10:00", "E1", "T1", "L1", 90.0)
    event("Z1", "gehoor", "complete", "2026-10-03 10:00", "E1", "T1", "L1", 60.0)
    event("Z2", "gehoor", "complete", "2026-10-04 10:00", "E1", "T1", "L1", 30.0)
    for extra in extra_events:
        event(*extra)
    for number_, case, activity, lifecycle, when, employee, team, location, effort in rows:
        con.execute(
            "insert into events values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, 'test.csv', ?, 1)",
            [number_, case, activity, lifecycle, when, employee, team, location, effort, number_],
        )
    con.execute("insert into locations values ('L1', 'Zwolle')")
    con.execute("insert into teams values ('T1', 'Team Noord', 'L1'), ('T2', 'Team Zuid', 'L1')")
    con.execute(
        "insert into employees values ('E1', 'Anna de Vries', 'beslismedewerker', 1.0, null,"
        " null, null), ('E2', 'Bram Jansen', 'beslismedewerker', 0.5, null, null, null),"
        " ('E3', 'Cor Bakker', 'beslismedewerker', 1.0, null, null, null)"
    )
    con.execute(
        "insert into employee_teams values ('E1', 'T1', '2026-01-01', null),"
        " ('E2', 'T1', '2026-01-01', null), ('E3', 'T2', '2026-01-01', null)"
    )
    con.execute("insert into norms values ('gehoor', null, 60, '2026-01-01', null)")
    con.execute(
        "insert into capacity values ('E1', '2026-10-05', 36, 32, 24, 8, 4, 0),"
        " ('E2', '2026-10-05', 18, 16, 12, 4, 2, 0)"
    )
    refresh_derived(con)
    con.close()
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A small warehouse file (see `build_warehouse`)."""
    return build_warehouse(tmp_path / "warehouse.duckdb")
