"""Server-side time per dashboard page: `run(size)` writes `results/pages.json`.

Each page is visited through Streamlit's AppTest, as a browser would visit it, `repeats`
times. Two figures per page: *cold* (every cached result cleared first, the connection and the
organisation too: the first viewer after a load) and *warm* (cache filled: everyone after).
p50 and p95 over the visits. By default the demo's viewer is every role at once, which sees
everything; on a warehouse with an organisation the pages are also visited cold as a location
head and as a team manager.

Sizes: "tiny" measures the small real log (receipt.csv); "large" the warehouse named by
`BENCH_PAGES_WAREHOUSE` (results in `pages-<its file name>.json`), else the demo warehouse
(`python -m pipelines demo`). The warehouse
benchmark calls `measure_pages` on its 26M-event warehouse.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.common import (
    check_size,
    machine,
    percentile,
    work_dir,
    write_results,
)

NAME = "pages"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGES = ("overzicht", "locatie", "team", "medewerker", "proces", "datakwaliteit", "laden")
BEHEER_PAGES = ("datakwaliteit", "laden")  # the beheerder's alone: not timed for other roles
REPEATS = {"tiny": 3, "large": 10}


def measure_pages(
    warehouse: Path, repeats: int, cold: bool = True, role: tuple[str, str] | None = None
) -> dict[str, list[float]]:
    """Seconds per visit of every page on `warehouse`: `repeats` visits each, as the demo's
    role switcher's `role` (role, unit) or, by default, as every role at once (everything).
    A role other than the beheerder skips the beheer pages, which only refuse it."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from dashboard.access.login import DEMO_ROLE_KEY, DEMO_UNIT_KEY

    # The local demo mode, asked for explicitly as `make run` does (AppTest opens no port).
    os.environ["STURING_DEMO_MODE"] = "1"
    config.set_option("server.address", "127.0.0.1")
    os.environ["DASHBOARD_WAREHOUSE"] = str(warehouse)
    os.environ.setdefault("STURING_PDCA_URL", f"sqlite:///{Path(warehouse).parent}/pdca.sqlite")
    at = AppTest.from_file(str(APP), default_timeout=900)
    at.run()
    if role is not None:
        at.selectbox(key=DEMO_ROLE_KEY).set_value(role[0]).run()
        at.selectbox(key=f"{DEMO_UNIT_KEY}_{role[0]}").set_value(role[1]).run()
    timings: dict[str, list[float]] = {}
    pages = (
        PAGES
        if role is None or role[0] == "beheerder"
        else tuple(page for page in PAGES if page not in BEHEER_PAGES)
    )
    for page in pages:
        seconds = []
        for _ in range(repeats):
            if cold:
                forget_cached_results()
            at.switch_page(f"views/{page}.py")
            started = time.perf_counter()
            at.run()
            seconds.append(time.perf_counter() - started)
            if at.exception:
                raise RuntimeError(f"page {page} failed: {at.exception[0].value}")
        timings[page] = seconds
    return timings


def forget_cached_results() -> None:
    """What a new warehouse version makes the dashboard compute again: every cached query
    result, the connection to the file, the display names, the organisation the access checks
    use and the demo's pick lists (the last four are kept per version as resources)."""
    import streamlit as st

    from dashboard import data
    from dashboard.access import login

    st.cache_data.clear()
    for resource in (data._open, data._display_names, login._organisation, login._demo_units):
        resource.clear()


def roles_to_measure(warehouse: Path) -> list[tuple[str, str]]:
    """A location head of the location with the most teams and a manager of its largest team,
    where the warehouse has an organisation: what those users wait for, beside everything."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}
        if not {"teams", "employee_teams"} <= tables:
            return []
        rows = con.sql(
            """
            with sizes as (
                select
                    t.location_id,
                    t.team_id,
                    count(m.employee_id)                              as members,
                    count(*) over (partition by t.location_id)        as teams_there
                from teams as t
                left join employee_teams as m on m.team_id = t.team_id
                where t.location_id is not null
                group by t.location_id, t.team_id
            )
            select location_id, team_id
            from sizes
            order by teams_there desc, location_id, members desc, team_id
            limit 1
            """
        ).fetchall()
    finally:
        con.close()
    if not rows:
        return []
    location, team = rows[0]
    return [("locatiehoofd", location), ("teammanager", team)]


def summary(seconds: list[float]) -> dict[str, Any]:
    """p50, p95, min and max of the visits of one page (seconds)."""
    return {
        "p50_s": percentile(seconds, 0.5),
        "p95_s": percentile(seconds, 0.95),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "visits": len(seconds),
    }


def warehouse_for(size: str) -> Path:
    """The warehouse a run of this size measures (built under var/bench/ when needed)."""
    from tests.dashboard import warehouses

    configured = os.environ.get("BENCH_PAGES_WAREHOUSE")
    if configured:
        return Path(configured)
    folder = work_dir(size)
    if size == "tiny":
        path = folder / "pages-receipt.duckdb"
        return path if path.exists() else warehouses.build_receipt(path)
    path = folder / "pages-demo" / "warehouse.duckdb"
    path.parent.mkdir(exist_ok=True)
    return path if path.exists() else warehouses.build_demo(path)


def run(size: str, repeats: int | None = None) -> dict[str, Any]:
    """Measure every page cold and warm at `size`; write and return the results."""
    check_size(size)
    # A warehouse named in BENCH_PAGES_WAREHOUSE gets its own results file, beside the demo's.
    configured = os.environ.get("BENCH_PAGES_WAREHOUSE")
    name = f"{NAME}-{Path(configured).stem}" if configured else NAME
    return measure_and_write(warehouse_for(size), name, size, repeats or REPEATS[size])


def measure_and_write(warehouse: Path, name: str, size: str, visits: int) -> dict[str, Any]:
    """Cold and warm visits of every page on `warehouse`, written as results `name`."""
    cold = measure_pages(warehouse, visits, cold=True)
    warm = measure_pages(warehouse, visits, cold=False)
    by_role = {
        f"{role} {unit}": measure_pages(warehouse, visits, cold=True, role=(role, unit))
        for role, unit in roles_to_measure(warehouse)
    }
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    events = con.sql("select count(*) from events").fetchall()[0][0]
    con.close()
    payload = {
        "machine": machine(),
        "warehouse": Path(warehouse).name,
        "events": events,
        "cold": {page: summary(seconds) for page, seconds in cold.items()},
        "warm": {page: summary(seconds) for page, seconds in warm.items()},
        # cold visits as one user of the organisation sees the pages
        "cold_by_role": {
            role: {page: summary(seconds) for page, seconds in timings.items()}
            for role, timings in by_role.items()
        },
    }
    write_results(name, size, payload)
    return payload
