"""The only module of the dashboard that runs queries.

It opens the warehouse read-only, reopens it when a load has swapped in a new file, caches
results, and applies the viewer's scope to every query, so access control lands in one
place. Pages ask for named results (`overview_kpis(...)`) and never write SQL themselves;
they read materialised tables (the `cases` mart, indicator tables, reference tables), never
the raw `events` table.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import streamlit as st

from dashboard.access.guard import scope_clauses
from pipelines import warehouse as pipeline_warehouse
from pipelines.schema import DISPLAY_TIMEZONE
from pipelines.settings import get_settings

WAREHOUSE_ENV = "DASHBOARD_WAREHOUSE"
RESULT_TTL_SECONDS = 600
LOCAL_TZ = ZoneInfo(DISPLAY_TIMEZONE)


# --- who is looking, and what they filtered on ---------------------------------------------
@dataclass(frozen=True)
class Viewer:
    """Whose view this is and what they may see; None means no restriction.

    Every query of this module intersects its filters with this scope, so enforcement of
    roles (employee, team manager, location head, management) happens here and nowhere else.
    """

    role: str = "beheerder"
    locations: frozenset[str] | None = None
    teams: frozenset[str] | None = None
    employees: frozenset[str] | None = None


LOCAL_VIEWER = Viewer()


@dataclass(frozen=True)
class Filters:
    """The global filters of the dashboard. Empty tuples mean "all"."""

    start: date | None = None
    end: date | None = None  # inclusive
    locations: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    case_types: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()

    def bounds(self) -> tuple[datetime, datetime]:
        """Start and exclusive end of the period as instants (midnight, Amsterdam time)."""
        # Clamped, so that a far end (9999-12-31 from a URL or an implausible as-of date)
        # cannot overflow the day after it.
        start = min(max(self.start or _EARLIEST_DAY, _EARLIEST_DAY), _LATEST_DAY)
        end = min(max(self.end or _LATEST_DAY, _EARLIEST_DAY), _LATEST_DAY) + timedelta(days=1)
        return _local_midnight(start), _local_midnight(end)


_EARLIEST_DAY = date(1900, 1, 1)
_LATEST_DAY = date(2999, 12, 31)


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)


# --- the warehouse -------------------------------------------------------------------------
def warehouse_path() -> Path:
    """`DASHBOARD_WAREHOUSE`, else the demo warehouse of the settings."""
    configured = os.environ.get(WAREHOUSE_ENV)
    return Path(configured) if configured else get_settings().demo_warehouse


def warehouse_version(path: Path) -> str | None:
    """Changes whenever a load swaps in a new file; None when there is no file."""
    version = pipeline_warehouse.warehouse_version(path)
    return None if version is None else "-".join(map(str, version))


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(path: str, version: str) -> duckdb.DuckDBPyConnection:
    # Keyed by version: after a swap the next call opens the new file; the old connection
    # falls out of the cache (max_entries) and keeps serving nobody.
    return pipeline_warehouse.connect_read_only(path)


class WarehouseUnavailable(Exception):
    """There is no warehouse file, or it cannot be opened right now."""


def _cursor() -> tuple[duckdb.DuckDBPyConnection, str, str]:
    path = warehouse_path()
    version = warehouse_version(path)
    if version is None:
        raise WarehouseUnavailable(str(path))
    try:
        con = _open(str(path), version)
    except duckdb.Error as error:
        raise WarehouseUnavailable(f"{path}: {error}") from error
    # One cursor per query: a DuckDB connection is not safe to share between the threads
    # that serve different sessions, its cursors are.
    cursor = con.cursor()
    cursor.execute("set TimeZone='UTC'")
    cursor.execute(f"use {pipeline_warehouse.READ_ONLY_CATALOG}")
    return cursor, str(path), version


@st.cache_data(ttl=RESULT_TTL_SECONDS, max_entries=1024, show_spinner=False)
def _cached_query(
    path: str, version: str, sql: str, params: tuple[tuple[str, Any], ...]
) -> pl.DataFrame:
    cursor, _, _ = _cursor()
    try:
        values = {name: list(v) if isinstance(v, tuple) else v for name, v in params}
        return cursor.sql(sql, params=values or None).pl()
    finally:
        cursor.close()


def query(sql: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Run one read-only query with named `$parameters` (cached by warehouse file version)."""
    path = warehouse_path()
    version = warehouse_version(path)
    if version is None:
        raise WarehouseUnavailable(str(path))
    # DuckDB refuses parameters the query does not use; shared scope helpers may offer some.
    used = {
        name: value
        for name, value in (params or {}).items()
        if re.search(rf"\${re.escape(name)}\b", sql)
    }
    frozen = tuple(sorted((name, _hashable(value)) for name, value in used.items()))
    return _cached_query(str(path), version, sql, frozen)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | set | frozenset) else value


def warehouse_available() -> bool:
    """Whether a warehouse file exists and opens."""
    try:
        query("select 1")
    except WarehouseUnavailable:
        return False
    return True


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def _tables(path: str, version: str) -> dict[str, tuple[str, ...]]:
    cursor, _, _ = _cursor()
    try:
        # duckdb_columns(), not information_schema: a fifth of the time on a cold connection
        rows = cursor.sql(
            "select table_name, list(column_name order by column_index) from duckdb_columns()"
            " where database_name = current_database() and schema_name = 'main'"
            " group by table_name"
        ).fetchall()
    finally:
        cursor.close()
    return {name: tuple(columns) for name, columns in rows}


def tables() -> dict[str, tuple[str, ...]]:
    """Every table of the warehouse with its columns; empty when there is no warehouse."""
    path = warehouse_path()
    version = warehouse_version(path)
    if version is None:
        return {}
    try:
        return _tables(str(path), version)
    except (WarehouseUnavailable, duckdb.Error):
        return {}


def outdated_tables() -> list[str]:
    """The tables a refresh would write again: derived tables the installed SQL would build
    differently or that are missing (a warehouse built before an update of the product), and
    the calendar or dwangsom rules where code or configuration changed. The pages show the
    earlier figures until `python -m pipelines refresh` (or the button on Gegevens laden, or
    the next load) rebuilds them. Empty without a warehouse."""
    path = warehouse_path()
    version = warehouse_version(path)
    if version is None:
        return []
    try:
        return _outdated_tables(str(path), version)
    except (WarehouseUnavailable, duckdb.Error):
        return []


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def _outdated_tables(path: str, version: str) -> list[str]:
    # Imported here: only the load page asks, and the refresh brings the holiday rules along.
    from pipelines import refresh

    cursor, _, _ = _cursor()
    try:
        return refresh.outdated_tables(cursor)
    finally:
        cursor.close()


def _table_or(table: str, older: str) -> str:
    """`table`, or `older` (a table or subquery giving the same rows) on a warehouse refreshed
    before `table` existed: the next load makes it."""
    return table if table in tables() else older


def has_rows(table: str) -> bool:
    """Whether `table` exists and holds at least one row."""
    if table not in tables():
        return False
    return query(f"select count(*) > 0 as has from (select 1 from {table} limit 1)")["has"][0]


# --- scope: filters and viewer as one where clause -----------------------------------------
@dataclass
class Where:
    """A where clause under construction, with named parameters."""

    parts: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def within(self, column: str, values: Iterable[str] | None) -> Where:
        """Keep rows whose `column` is one of `values` (None: no restriction)."""
        if values is None:
            return self
        name = f"scope_{len(self.params)}"
        self.parts.append(f"list_contains(${name}::varchar[], {column})")
        self.params[name] = sorted(values)
        return self

    @property
    def sql(self) -> str:
        return " and ".join(self.parts) if self.parts else "true"


def case_scope(filters: Filters, viewer: Viewer, alias: str = "c") -> Where:
    """Where clause on the `cases` mart for the filters (not the period) and the viewer."""
    where = Where()
    for column, chosen in (
        ("location_id", filters.locations),
        ("team_id", filters.teams),
        ("case_type", filters.case_types),
        ("route", filters.routes),
    ):
        if chosen:
            where.within(f"{alias}.{column}", chosen)
    for column, allowed in scope_clauses(viewer, ("location_id", "team_id")):  # access
        where.within(f"{alias}.{column}", allowed)
    return where


def _scoped_cases(filters: Filters, viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """A CTE body: the cases in scope with their lead time in days, and the parameters
    (the period bounds as `$start` and `$end` included)."""
    where = case_scope(filters, viewer)
    start, end = filters.bounds()
    sql = f"""
        select
            c.*,
            date_diff('second', c.received_at, c.decided_at) / 86400.0 as lead_time_days
        from cases as c
        where {where.sql}
    """
    return sql, {**where.params, "start": start, "end": end}


# --- what the data holds -------------------------------------------------------------------
@dataclass(frozen=True)
class DataProfile:
    """What the warehouse holds, so pages can say plainly what is missing."""

    cases: int
    first_day: date | None
    last_day: date | None
    has_organisation: bool
    has_norms: bool
    has_capacity: bool
    has_targets: bool
    has_deadlines: bool
    has_case_types: bool
    has_routes: bool
    has_complexity: bool


def data_profile() -> DataProfile | None:
    """None when there is no warehouse or it has no `cases` table."""
    if "cases" not in tables():
        return None
    row = query(
        """
        select
            count(*)                                                   as cases,
            -- converting the extremes only: one conversion instead of one per case
            timezone('Europe/Amsterdam', min(received_at))::date       as first_day,
            timezone('Europe/Amsterdam', max(last_event_at))::date     as last_day,
            count(deadline_at) > 0                                     as has_deadlines,
            count(case_type) > 0                                       as has_case_types,
            count(route) > 0                                           as has_routes,
            count(complexity) > 0                                      as has_complexity
        from cases
        """
    ).row(0, named=True)
    return DataProfile(
        cases=row["cases"],
        first_day=row["first_day"],
        last_day=row["last_day"],
        has_organisation=has_rows("teams") or has_rows("locations"),
        has_norms=has_rows("norms"),
        has_capacity=has_rows("capacity"),
        has_targets=has_rows("production_targets"),
        has_deadlines=bool(row["has_deadlines"]),
        has_case_types=bool(row["has_case_types"]),
        has_routes=bool(row["has_routes"]),
        has_complexity=bool(row["has_complexity"]),
    )


def display_names() -> dict[str, dict[str, str]]:
    """Display names by id of locations, teams and employees, where the data gives them.

    One mapping per warehouse version, shared by every caller: read it, never change it. (A
    data cache handed every caller its own copy of 20,000 names, several times per page.)"""
    path = warehouse_path()
    version = warehouse_version(path)
    if version is None:
        return {"location": {}, "team": {}, "employee": {}}
    return _display_names(str(path), version)


@st.cache_resource(ttl=RESULT_TTL_SECONDS, max_entries=4, show_spinner=False)
def _display_names(path: str, version: str) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {"location": {}, "team": {}, "employee": {}}
    for kind, table in (("location", "locations"), ("team", "teams"), ("employee", "employees")):
        if has_rows(table):
            frame = query(f"select {kind}_id as id, {kind}_name as name from {table}")
            named = frame.drop_nulls("name")
            names[kind] = dict(zip(named["id"].to_list(), named["name"].to_list(), strict=True))
    return names


def filter_options() -> dict[str, list[str]]:
    """The values each global filter can take, from the cases (ids; labels via names)."""
    options: dict[str, list[str]] = {"locations": [], "teams": [], "case_types": [], "routes": []}
    if "cases" not in tables():
        return options
    # case_groups: the combinations the cases have, a few thousand rows against millions
    source = _table_or("case_groups", "cases")
    for key, column in (
        ("locations", "location_id"),
        ("teams", "team_id"),
        ("case_types", "case_type"),
        ("routes", "route"),
    ):
        options[key] = query(
            f"select distinct {column} as v from {source} where {column} is not null order by 1"
        )["v"].to_list()
    return options


# --- overview from the pre-aggregated tables ------------------------------------------------
# Per day and unit (overview_daily), lead-time and stock-age histograms in one-day bins: a few
# thousand rows at any number of events, where the cases mart has one row per case.
_FIRST_DAY = date(1900, 1, 1)
_LAST_DAY = date(2999, 12, 31)


def _overview_scope(filters: Filters, viewer: Viewer) -> tuple[Where, dict[str, Any]]:
    """Where clause (alias `u`) shared by the three overview tables, and the parameters with
    the period as whole days: `$first_day` and `$last_day`, both inclusive."""
    where = _scope("overview_daily", filters, viewer, "u")
    days = {"first_day": filters.start or _FIRST_DAY, "last_day": filters.end or _LAST_DAY}
    return where, {**where.params, **days}


def _percentiles_sql(
    histogram: str,
    keys: str = "g",
    lower: str = "bin",
    upper: str = "bin + 1",
    quantiles: tuple[float, ...] = (0.5, 0.9),
) -> str:
    """Percentiles (columns p50, p90, ...) per group `keys` of a histogram CTE with columns
    `keys`, `bin` and `cases`, where bin covers the values from `lower` up to `upper`: linear
    interpolation inside the bin that holds the percentile."""
    columns = ",\n".join(
        f"arg_min(({lower}) + ({q} * total - (upto - cases)) / cases * (({upper}) - ({lower})),"
        f" bin) filter (upto >= {q} * total) as p{round(q * 100)}"
        for q in quantiles
    )
    return f"""
        select {keys}, {columns}
        from (
            select
                {keys}, bin, cases,
                sum(cases) over (partition by {keys} order by bin)            as upto,
                sum(cases) over (partition by {keys})                         as total
            from {histogram}
        )
        group by {keys}
    """


def overview_kpis(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> dict[str, Any]:
    """Instroom, uitstroom, tijdigheid and doorlooptijd p50/p90 in the period; werkvoorraad,
    its median age and the open cases past their term at the end of the period."""
    where, params = _overview_scope(filters, viewer)
    in_period = "day between $first_day and $last_day"
    daily, lead, stock = (
        _grain(table, filters, viewer)
        for table in ("overview_daily", "lead_time_histogram", "open_stock_by_receipt")
    )
    return query(
        f"""
        with flow as (
            select
                coalesce(sum(received) filter ({in_period}), 0)::bigint          as instroom,
                coalesce(sum(decided) filter ({in_period}), 0)::bigint           as uitstroom,
                100.0 * sum(decided_within_term) filter ({in_period})
                    / nullif(sum(decided_with_term) filter ({in_period}), 0)     as tijdigheid_pct,
                sum(lead_time_days_sum) filter ({in_period})
                    / nullif(sum(decided) filter ({in_period}), 0)     as doorlooptijd_mean_days,
                coalesce(sum(received - closed) filter (day <= $last_day), 0)::bigint
                                                                                 as werkvoorraad,
                coalesce(sum(past_term_from - past_term_to) filter (day <= $last_day), 0)::bigint
                                                                                 as past_term
            from {daily} as u
            where {where.sql}
        ),
        lead_histogram as (
            select 0 as g, lead_time_bin as bin, sum(cases) as cases
            from {lead} as u
            where decided_on between $first_day and $last_day and {where.sql}
            group by all
        ),
        age_histogram as (
            -- received on day r, open at the end of $last_day: aged in [last - r, last - r + 1)
            select 0 as g, date_diff('day', received_on, $last_day::date) as bin,
                   sum(cases) as cases
            from {stock} as u
            where received_on <= $last_day and (closed_on is null or closed_on > $last_day)
              and {where.sql}
            group by all
        ),
        lead as ({_percentiles_sql("lead_histogram")}),
        age as ({_percentiles_sql("age_histogram")})
        select
            flow.instroom,
            flow.uitstroom,
            flow.tijdigheid_pct,
            (select p50 from lead)   as doorlooptijd_p50_days,
            (select p90 from lead)   as doorlooptijd_p90_days,
            flow.doorlooptijd_mean_days,
            flow.werkvoorraad,
            (select p50 from age)    as ouderdom_median_days,
            flow.past_term
        from flow
        """,
        params,
    ).row(0, named=True)


def monthly_trend(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """One row per month of the period: instroom, uitstroom, werkvoorraad at month end,
    tijdigheid [%] and doorlooptijd p50/p90 [days] of that month's decisions."""
    where, params = _overview_scope(filters, viewer)
    daily, lead = (
        _grain(table, filters, viewer) for table in ("overview_daily", "lead_time_histogram")
    )
    return query(
        f"""
        with months as (
            select
                month_start::date                           as month,
                (month_start + interval 1 month)::date      as next_month
            from range(
                date_trunc('month', $first_day::date)::timestamp,
                ($last_day::date + 1)::timestamp,
                interval 1 month
            ) as r(month_start)
        ),
        scoped as not materialized (select * from {daily} as u where {where.sql}),
        flow as (
            select
                date_trunc('month', day)::date                              as month,
                sum(received)::bigint                                       as instroom,
                sum(decided)::bigint                                        as uitstroom,
                100.0 * sum(decided_within_term) / nullif(sum(decided_with_term), 0)
                                                                            as tijdigheid_pct
            from scoped
            where day between $first_day and $last_day
            group by 1
        ),
        -- The stock at a month's end is everything received minus closed before the next
        -- month: the change per month, summed up from before the first. (A join of every day
        -- to every later month took a second on 26 M events.)
        net as (
            select date_trunc('month', day)::date as month, sum(received - closed) as change
            from scoped
            where day < (select max(next_month) from months)
            group by 1
        ),
        stock as (
            select
                months.month,
                (
                    coalesce((select sum(change) from net
                              where net.month < (select min(month) from months)), 0)
                    + sum(coalesce(net.change, 0)) over (order by months.month)
                )::bigint as werkvoorraad
            from months
            left join net using (month)
        ),
        lead_histogram as (
            select date_trunc('month', decided_on)::date as g, lead_time_bin as bin,
                   sum(cases) as cases
            from {lead} as u
            where decided_on between $first_day and $last_day and {where.sql}
            group by all
        ),
        lead as ({_percentiles_sql("lead_histogram")}),
        final as (
            select
                months.month,
                coalesce(flow.instroom, 0)    as instroom,
                coalesce(flow.uitstroom, 0)   as uitstroom,
                stock.werkvoorraad,
                case when flow.uitstroom > 0 then flow.tijdigheid_pct end as tijdigheid_pct,
                lead.p50                      as doorlooptijd_p50_days,
                lead.p90                      as doorlooptijd_p90_days
            from months
            left join flow using (month)
            left join stock using (month)
            left join lead on lead.g = months.month
        )
        select * from final order by month
        """,
        params,
    )


def breakdown(filters: Filters, by: str, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """The overview figures per location or per team (`by` = location_id | team_id)."""
    if by not in ("location_id", "team_id", "case_type", "route"):
        raise ValueError(f"cannot break down by {by!r}")
    where, params = _overview_scope(filters, viewer)
    daily, lead = (
        _grain(table, filters, viewer, by) for table in ("overview_daily", "lead_time_histogram")
    )
    in_period = "day between $first_day and $last_day"
    return query(
        f"""
        with flow as (
            select
                {by}                                                             as unit,
                coalesce(sum(received) filter ({in_period}), 0)::bigint          as instroom,
                coalesce(sum(decided) filter ({in_period}), 0)::bigint           as uitstroom,
                coalesce(sum(received - closed) filter (day <= $last_day), 0)::bigint
                                                                                 as werkvoorraad,
                coalesce(sum(past_term_from - past_term_to) filter (day <= $last_day), 0)::bigint
                                                                                 as past_term,
                100.0 * sum(decided_within_term) filter ({in_period})
                    / nullif(sum(decided_with_term) filter ({in_period}), 0)     as tijdigheid_pct
            from {daily} as u
            where {where.sql}
            group by 1
        ),
        lead_histogram as (
            select {by} as g, lead_time_bin as bin, sum(cases) as cases
            from {lead} as u
            where decided_on between $first_day and $last_day and {where.sql}
            group by all
        ),
        lead as ({_percentiles_sql("lead_histogram")}),
        final as (
            select
                flow.*,
                lead.p50 as doorlooptijd_p50_days,
                lead.p90 as doorlooptijd_p90_days
            from flow
            left join lead on lead.g is not distinct from flow.unit
        )
        select * from final order by werkvoorraad desc, unit
        """,
        params,
    )


def production_vs_target(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Per production-target period overlapping the chosen period: decisions realised in it
    against the funded target (p x q), for the case types and locations in scope."""
    if not has_rows("production_targets"):
        return pl.DataFrame()
    where, params = _overview_scope(filters, viewer)
    daily = _grain("overview_daily", filters, viewer)
    start, end = filters.bounds()
    return query(
        f"""
        with targets as (
            select
                period_start, period_end, case_type, location_id,
                sum(target_decisions) as target_decisions
            from production_targets as c
            where period_end > $start::date and period_start < $end::date
              and (case_type is null or {_target_scope(filters, "case_type")})
              and (location_id is null or {_target_scope(filters, "location_id")})
            group by all
        ),
        -- decisions per day first: the range join then meets a row per day, case type and
        -- location instead of one per team as well
        scoped as (
            select day, case_type, location_id, sum(decided) as decided
            from {daily} as u
            where {where.sql} and decided > 0
              and day >= (select min(period_start) from targets)
              and day < (select max(period_end) from targets)
            group by all
        ),
        data_end as (select any_value(as_of_date) as as_of_date from data_as_of),
        final as (
            select
                targets.period_start,
                targets.period_end,
                coalesce(targets.case_type, '') as case_type,
                coalesce(targets.location_id, '') as location_id,
                targets.target_decisions::bigint as target_decisions,
                -- a period the data does not cover to its end gets the covered share of its
                -- target, so a quarter that has just begun is not shown as missed
                targets.target_decisions * least(
                    1.0,
                    greatest(
                        0.0,
                        date_diff('day', targets.period_start, any_value(data_end.as_of_date) + 1)
                    ) / date_diff('day', targets.period_start, targets.period_end)
                ) as target_pro_rata,
                coalesce(sum(scoped.decided), 0)::bigint as decisions
            from targets
            cross join data_end
            left join scoped
              on scoped.day >= targets.period_start and scoped.day < targets.period_end
             and (targets.case_type is null or scoped.case_type = targets.case_type)
             and (targets.location_id is null or scoped.location_id = targets.location_id)
            group by targets.period_start, targets.period_end, targets.case_type,
                     targets.location_id, targets.target_decisions
        )
        select * from final order by period_start, case_type, location_id
        """,
        {**params, "start": start, "end": end, **_target_params(filters)},
    )


def _target_scope(filters: Filters, column: str) -> str:
    chosen = filters.case_types if column == "case_type" else filters.locations
    return f"list_contains($target_{column}::varchar[], {column})" if chosen else "true"


def _target_params(filters: Filters) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filters.case_types:
        params["target_case_type"] = list(filters.case_types)
    if filters.locations:
        params["target_location_id"] = list(filters.locations)
    return params


# --- open work: ages, terms, complexity -----------------------------------------------------
def open_cases(filters: Filters, viewer: Viewer = LOCAL_VIEWER, limit: int = 5000) -> pl.DataFrame:
    """The cases open at the end of the period with age and days left to their term."""
    scoped, params = _scoped_cases(filters, viewer)
    return query(
        f"""
        with scoped as ({scoped}),
        final as (
            select
                case_id, location_id, team_id, case_type, route, complexity,
                received_at, deadline_at,
                date_diff('second', received_at, $end) / 86400.0  as age_days,
                date_diff('second', $end, deadline_at) / 86400.0  as days_left
            from scoped
            where received_at < $end and (decided_at is null or decided_at >= $end)
        )
        select * from final order by days_left nulls last, age_days desc limit {int(limit)}
        """,
        params,
    )


def open_by_age(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Open cases at the end of the period per team and age class (weeks)."""
    scoped, params = _scoped_cases(filters, viewer)
    return query(
        f"""
        with scoped as ({scoped}),
        open_cases as (
            select team_id, date_diff('second', received_at, $end) / 86400.0 as age_days
            from scoped
            where received_at < $end and (decided_at is null or decided_at >= $end)
        ),
        final as (
            select
                team_id,
                case
                    when age_days < 28 then 0 when age_days < 91 then 1
                    when age_days < 182 then 2 when age_days < 365 then 3 else 4
                end as age_class,
                count(*) as open_cases
            from open_cases group by all
        )
        select * from final order by team_id, age_class
        """,
        params,
    )


def complexity_mix(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Open cases at the end of the period per team and complexity."""
    scoped, params = _scoped_cases(filters, viewer)
    return query(
        f"""
        with scoped as ({scoped})
        select team_id, coalesce(complexity, '?') as complexity, count(*) as open_cases
        from scoped
        where received_at < $end and (decided_at is null or decided_at >= $end)
        group by all order by team_id, complexity
        """,
        params,
    )


def lead_times(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Lead time [days] of every case decided in the period, with route and case type."""
    scoped, params = _scoped_cases(filters, viewer)
    return query(
        f"""
        with scoped as ({scoped})
        select case_type, route, location_id, team_id, lead_time_days
        from scoped where decided_at >= $start and decided_at < $end
        """,
        params,
    )


# --- data quality ---------------------------------------------------------------------------
def loads() -> pl.DataFrame:
    """Every load with its reconciliation, newest first."""
    if "loads" not in tables():
        return pl.DataFrame()
    return query(
        """
        select
            load_id, source_file, source_format, target_table, finished_at,
            rows_read, rows_loaded, rows_quarantined, rows_duplicate,
            rows_read = rows_loaded + rows_quarantined + rows_duplicate as reconciled
        from loads order by load_id desc, source_file
        """
    )


def quarantine_reasons() -> pl.DataFrame:
    """Quarantined rows counted per load, file and reason."""
    if "quarantine" not in tables():
        return pl.DataFrame()
    return query(
        """
        select load_id, source_file, reason, count(*) as rows
        from quarantine group by all order by rows desc
        """
    )


def quarantine_rows(limit: int = 1000) -> pl.DataFrame:
    """The first quarantined rows with their reason and content."""
    if "quarantine" not in tables():
        return pl.DataFrame()
    return query(
        f"""
        select load_id, source_file, source_row, reason, raw_row::varchar as raw_row
        from quarantine order by load_id desc, source_file, source_row limit {int(limit)}
        """
    )


def check_results() -> pl.DataFrame:
    """The results of the checks (`sql/checks/`) as stored by the last refresh."""
    if "check_results" not in tables():
        return pl.DataFrame()
    return query("select * from check_results")


# --- indicators from the catalog -------------------------------------------------------------
def indicator_table(name: str) -> bool:
    """Whether indicator table `name` exists in this warehouse."""
    return name in tables()


# --- goals (the PDCA store) ------------------------------------------------------------------
# Realised value of each goal indicator of the PDCA catalogue, from `overview_kpis`.
GOAL_FIGURES = {
    "tijdigheid_pct": "tijdigheid_pct",
    "productie_zaken": "uitstroom",
    "doorlooptijd_dagen": "doorlooptijd_mean_days",
    "werkvoorraad_zaken": "werkvoorraad",
    "ouderdom_dagen": "ouderdom_median_days",
    "over_termijn_zaken": "past_term",
}


def goals(unit_type: str, unit_id: str | None, on: date) -> list[dict[str, Any]] | None:
    """The sturingsdoelen of a unit valid on `on`; None when the PDCA store is unavailable."""
    from dashboard.pdca.goals import current_goals

    return _read_pdca(
        lambda store: current_goals(store, unit_type=unit_type, unit_id=unit_id, on=on)
    )


def open_agreement_counts(unit_type: str, unit_id: str) -> tuple[int, int] | None:
    """(open, overdue) agreements made with the unit as a whole (not those with one of its
    employees); None when the PDCA store is unavailable. Counts only, like `goals`."""
    from dashboard.pdca.agreements import agreements_with_status, is_overdue

    agreements = _read_pdca(
        lambda store: agreements_with_status(
            store, subject_type=unit_type, subject_id=unit_id, only_open=True
        )
    )
    if agreements is None:
        return None
    return len(agreements), sum(1 for agreement in agreements if is_overdue(agreement))


def _read_pdca(read: Callable[[Any], Any]) -> Any:
    """`read(store)` on the PDCA store; None when the store cannot be opened or read (also
    when another connection holds it locked for more than a few seconds), so that a page
    still shows the warehouse's figures without it."""
    from dashboard.pdca.store import StoreError

    try:
        return read(_pdca_store())
    except (StoreError, OSError):
        return None


def _pdca_store():
    from dashboard.pdca.settings import get_pdca_settings

    return _open_pdca_store(get_pdca_settings().store_url)


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_pdca_store(url: str):
    from dashboard.pdca.store import PAGE_BUSY_TIMEOUT_SECONDS, open_store

    return open_store(url, busy_timeout_seconds=PAGE_BUSY_TIMEOUT_SECONDS)


def goal_status(goal: dict[str, Any], value: float | None) -> str | None:
    """'groen' | 'oranje' | 'rood' by the PDCA module's rule; None without a value."""
    from dashboard.pdca.goals import goal_status as status

    return status(goal, value)


# --- people and teams: stock, production, handling time, capacity ---------------------------
def mart_scope(filters: Filters, viewer: Viewer, columns: Iterable[str], alias: str = "m") -> Where:
    """Where clause on a mart or indicator table, for the filter columns it has."""
    present = set(columns)
    where = Where()
    for column, chosen in (
        ("location_id", filters.locations),
        ("team_id", filters.teams),
        ("case_type", filters.case_types),
        ("route", filters.routes),
    ):
        if chosen and column in present:
            where.within(f"{alias}.{column}", chosen)
    # Refuses a table that has no column to restrict the viewer's scope on (dashboard.access).
    for column, allowed in scope_clauses(viewer, present):
        where.within(f"{alias}.{column}", allowed)
    return where


def _scope(table: str, filters: Filters, viewer: Viewer, alias: str) -> Where:
    return mart_scope(filters, viewer, tables().get(table, ()), alias)


def _grain(table: str, filters: Filters, viewer: Viewer, by: str | None = None) -> str:
    """`table`, or its copy summed per location (`<table>_by_location`, sql/marts/) where
    nothing needs teams: no team filter, no breakdown `by` team, and a viewer whose scope is
    not a set of teams. Same figures from 10 to 150 times fewer rows (the team-grain daily
    tables hold 3 to 9 million rows at 26 million events); the where clause of `_scope` on
    `table` then names only columns the copy has."""
    coarse = f"{table}_by_location"
    present = tables()
    if coarse not in present or by == "team_id" or filters.teams:
        return table
    if any(column == "team_id" for column, _ in scope_clauses(viewer, present.get(table, ()))):
        return table
    return coarse


# The work of a set of completed products (alias w): the same measures per employee (Team) and
# per month (Medewerker).
_WORK_MEASURES = """
                count(*)                                            as products,
                sum(w.norm_minutes) / 60.0                          as norm_hours,
                sum(w.handling_minutes) / 60.0                      as handling_hours,
                100.0 * sum(w.handling_minutes) filter (w.norm_minutes is not null)
                    / nullif(sum(w.norm_minutes) filter (w.handling_minutes is not null), 0)
                                                                    as handling_vs_norm_pct"""


def _repeats_source() -> str:
    """The table to number repeated completions in: `work_item_repeats` holds only the products
    completed more than once in their case, which are the only rows any selection can number
    above 1, so numbering within a selection of it gives the same rework as numbering within
    the same selection of work_items, without sorting every work item. A warehouse refreshed
    before that mart existed falls back to work_items."""
    return _table_or("work_item_repeats", "work_items")


def _stock_source() -> str:
    """The table to read employees' open stock from: `employee_stock_intervals`, the owned
    intervals ordered by team and employee, or on a warehouse refreshed before it existed
    case_state_intervals itself (same rows once restricted to an owner)."""
    return _table_or("employee_stock_intervals", "case_state_intervals")


def employee_figures(
    filters: Filters, viewer: Viewer = LOCAL_VIEWER, employee_id: str | None = None
) -> pl.DataFrame:
    """Per employee: work in the period (products, norm hours, handling hours and their ratio,
    rework) and the open stock at its end (lopend, opgeschort), with fte and hours from the
    capacity records. Open cases per fte = open stock / fte."""
    needed = ("case_state_intervals", "work_items")
    if any(name not in tables() for name in needed):
        return pl.DataFrame()
    start, end = filters.bounds()
    stock_table = _stock_source()
    stock_where = _scope(stock_table, filters, viewer, "s")
    work_where = _scope("work_items", filters, viewer, "w")
    params: dict[str, Any] = {
        "start": start,
        "end": end,
        **{f"s_{k}": v for k, v in stock_where.params.items()},
        **{f"w_{k}": v for k, v in work_where.params.items()},
    }
    stock_sql = stock_where.sql.replace("$scope_", "$s_scope_")
    work_sql = work_where.sql.replace("$scope_", "$w_scope_")
    one = ""
    if employee_id is not None:
        one = "and {alias}.employee_id = $employee_id"
        params["employee_id"] = employee_id
    capacity = _capacity_sql(filters, viewer, params, employee_id)
    employees_join = (
        "left join employees as e on e.employee_id = f.employee_id"
        if "employees" in tables()
        else "left join (select null::varchar as employee_id, null::double as fte, "
        "null::varchar as employee_name) as e on false"
    )
    return query(
        f"""
        with stock as (
            select
                s.employee_id,
                arg_max(s.team_id, s.valid_from)                   as team_id,
                arg_max(s.location_id, s.valid_from)               as location_id,
                count(*) filter (s.state = 'lopend')               as running,
                count(*) filter (s.state = 'opgeschort')           as suspended
            from {stock_table} as s
            where s.employee_id is not null
              and s.valid_from <= $end and (s.valid_to is null or s.valid_to > $end)
              and {stock_sql} {one.format(alias="s")}
            group by s.employee_id
        ),
        done as (
            select
                w.employee_id,
                arg_max(w.team_id, w.completed_at)                  as team_id,
                arg_max(w.location_id, w.completed_at)              as location_id,
                {_WORK_MEASURES}
            from work_items as w
            where w.employee_id is not null
              and w.completed_at >= $start and w.completed_at < $end
              and {work_sql} {one.format(alias="w")}
            group by w.employee_id
        ),
        ranked_repeats as (
            select
                w.employee_id,
                row_number() over (partition by w.case_id, w.activity order by w.completed_at)
                    as repeat_number
            from {_repeats_source()} as w
            where w.employee_id is not null
              and w.completed_at >= $start and w.completed_at < $end
              and {work_sql} {one.format(alias="w")}
        ),
        rework as (
            select employee_id, count(*) filter (repeat_number > 1) as rework_products
            from ranked_repeats
            group by employee_id
        ),
        work as (
            select done.*, coalesce(rework.rework_products, 0) as rework_products
            from done
            left join rework on rework.employee_id = done.employee_id
        ),
        hours as ({capacity}),
        figures as (
            select
                coalesce(stock.employee_id, work.employee_id)       as employee_id,
                coalesce(stock.team_id, work.team_id)               as team_id,
                coalesce(stock.location_id, work.location_id)       as location_id,
                coalesce(work.products, 0)                          as products,
                work.norm_hours,
                work.handling_hours,
                work.handling_vs_norm_pct,
                coalesce(work.rework_products, 0)                   as rework_products,
                100.0 * coalesce(work.rework_products, 0) / nullif(work.products, 0)
                                                                    as rework_pct,
                coalesce(stock.running, 0)                          as running,
                coalesce(stock.suspended, 0)                        as suspended,
                coalesce(stock.running, 0) + coalesce(stock.suspended, 0) as open_cases
            from stock
            full join work on work.employee_id = stock.employee_id
        ),
        final as (
            select
                f.*,
                e.employee_name,
                e.fte,
                f.open_cases / nullif(e.fte, 0)                     as open_cases_per_fte,
                hours.available_hours,
                hours.direct_hours,
                hours.absence_hours,
                hours.contract_hours,
                100.0 * hours.absence_hours / nullif(hours.contract_hours, 0) as absence_pct,
                100.0 * hours.direct_hours / nullif(hours.available_hours, 0) as direct_pct,
                100.0 * f.norm_hours / nullif(hours.direct_hours, 0)          as productivity_pct
            from figures as f
            {employees_join}
            left join hours on hours.employee_id = f.employee_id
        )
        select * from final order by team_id, employee_id
        """,
        params,
    )


_CAPACITY_JOIN = """(
    select capacity.*, ew.team_id, ew.location_id
    from capacity
    join employee_weeks as ew
      on ew.employee_id = capacity.employee_id and ew.week_start = capacity.week_start
)"""


def _capacity_source() -> str:
    """The capacity records with each employee's team and location of the week: the mart
    `capacity_weeks`, or on a warehouse refreshed before it existed the join it stores."""
    return _table_or("capacity_weeks", _CAPACITY_JOIN)


def _capacity_sql(
    filters: Filters, viewer: Viewer, params: dict[str, Any], employee_id: str | None
) -> str:
    if "capacity" not in tables() or "employee_weeks" not in tables():
        return (
            "select null::varchar as employee_id, null::double as available_hours, "
            "null::double as direct_hours, null::double as absence_hours, "
            "null::double as contract_hours where false"
        )
    where = _scope("employee_weeks", filters, viewer, "c")
    params.update({f"c_{k}": v for k, v in where.params.items()})
    one = "and c.employee_id = $employee_id" if employee_id is not None else ""
    return f"""
        select
            c.employee_id,
            sum(c.available_hours) as available_hours,
            sum(c.direct_hours)    as direct_hours,
            sum(c.absence_hours)   as absence_hours,
            sum(c.contract_hours)  as contract_hours
        from {_capacity_source()} as c
        where c.week_start >= timezone('Europe/Amsterdam', $start)::date
          and c.week_start < timezone('Europe/Amsterdam', $end)::date
          and {where.sql.replace("$scope_", "$c_scope_")} {one}
        group by c.employee_id
    """


def employee_monthly(
    employee_id: str, filters: Filters, viewer: Viewer = LOCAL_VIEWER
) -> pl.DataFrame:
    """One employee's products, norm hours, handling hours and rework per month."""
    if "work_items" not in tables():
        return pl.DataFrame()
    where = _scope("work_items", filters, viewer, "w")
    start, end = filters.bounds()
    return query(
        f"""
        with done as (
            select
                w.month,
                {_WORK_MEASURES}
            from work_items as w
            where w.employee_id = $employee_id and {where.sql}
              and w.completed_at >= $start and w.completed_at < $end
            group by w.month
        ),
        -- numbered over all the employee's work in scope, then counted within the period
        ranked_repeats as (
            select
                w.month,
                w.completed_at,
                row_number() over (partition by w.case_id, w.activity order by w.completed_at)
                    as repeat_number
            from {_repeats_source()} as w
            where w.employee_id = $employee_id and {where.sql}
        ),
        rework as (
            select month, count(*) filter (repeat_number > 1) as rework_products
            from ranked_repeats
            where completed_at >= $start and completed_at < $end
            group by month
        ),
        final as (
            select done.*, coalesce(rework.rework_products, 0) as rework_products
            from done
            left join rework on rework.month = done.month
        )
        select * from final order by month
        """,
        {**where.params, "employee_id": employee_id, "start": start, "end": end},
    )


def employees_in_scope(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Employees who completed work in the period within the filters, with the team and
    location of their last completed product (on a day with several, the last team id) and
    their name where the organisation gives it. Reads the period's whole months in
    employee_months and only the days before and after them in work_item_days."""
    where = _scope("work_item_days", filters, viewer, "w")
    first_day, last_day = filters.start or _FIRST_DAY, filters.end or _LAST_DAY
    months = _table_or("employee_months", _EMPLOYEE_MONTHS)
    whole_from, whole_to = _whole_months(first_day, last_day)
    last_work = query(f"select max(last_completed_on) as day from {months}")["day"][0]
    if last_work is not None and last_day >= last_work:
        # nothing was done after last_day: its month counts as whole
        whole_to = first_of_next_month(last_day)
    names = (
        "left join employees as e on e.employee_id = people.employee_id"
        if "employees" in tables()
        else "left join (select null::varchar as employee_id, null::varchar as employee_name)"
        " as e on false"
    )
    # Each part a plain range of days or months, which DuckDB skips row groups on.
    days = """
            select w.employee_id, w.team_id, w.location_id, w.completed_on
            from work_item_days as w
            where w.employee_id is not null and w.completed_on between {} and {} and {}"""
    return query(
        f"""
        with worked as (
            select w.employee_id, w.team_id, w.location_id, w.last_completed_on as day
            from {months} as w
            where w.month >= $whole_from and w.month < $whole_to and {where.sql}
            union all
            {days.format("$first_day", "least($last_day, $whole_from - 1)", where.sql)}
            union all
            {days.format("greatest($first_day, $whole_to)", "$last_day", where.sql)}
        ),
        people as (
            select
                employee_id,
                arg_max(team_id, (day, coalesce(team_id, ''), coalesce(location_id, '')))
                    as team_id,
                arg_max(location_id, (day, coalesce(team_id, ''), coalesce(location_id, '')))
                    as location_id
            from worked
            group by employee_id
        )
        select people.employee_id, e.employee_name, people.team_id, people.location_id
        from people {names}
        order by people.team_id, people.employee_id
        """,
        {
            **where.params,
            "first_day": first_day,
            "last_day": last_day,
            "whole_from": whole_from,
            "whole_to": whole_to,
        },
    )


# employee_months computed from work_item_days, for a warehouse refreshed before that mart
_EMPLOYEE_MONTHS = """(
    select date_trunc('month', completed_on)::date as month, employee_id, team_id, location_id,
           case_type, route, max(completed_on) as last_completed_on
    from work_item_days
    where employee_id is not null
    group by all
)"""


def _whole_months(first_day: date, last_day: date) -> tuple[date, date]:
    """[from, to): the first days of the calendar months that lie wholly within the days
    from `first_day` to `last_day` (both inclusive); from == to when there are none."""
    start = first_day if first_day.day == 1 else first_of_next_month(first_day)
    after = last_day + timedelta(days=1)
    end = after if after.day == 1 else after.replace(day=1)
    return start, max(start, end)


def first_of_next_month(day: date) -> date:
    """The first day of the month after `day`'s month."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def team_capacity(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Hours per team in the period from the capacity records, with absence and direct %."""
    if "capacity" not in tables() or "employee_weeks" not in tables():
        return pl.DataFrame()
    where = _scope("employee_weeks", filters, viewer, "c")
    start, end = filters.bounds()
    return query(
        f"""
        with final as (
            select
                c.team_id,
                count(distinct c.employee_id)     as employees,
                sum(c.contract_hours)             as contract_hours,
                sum(c.available_hours)            as available_hours,
                sum(c.direct_hours)               as direct_hours,
                sum(c.absence_hours)              as absence_hours,
                100.0 * sum(c.absence_hours) / nullif(sum(c.contract_hours), 0) as absence_pct,
                100.0 * sum(c.direct_hours) / nullif(sum(c.available_hours), 0) as direct_pct
            from {_capacity_source()} as c
            where c.week_start >= timezone('Europe/Amsterdam', $start)::date
              and c.week_start < timezone('Europe/Amsterdam', $end)::date
              and {where.sql}
            group by c.team_id
        )
        select * from final order by team_id
        """,
        {**where.params, "start": start, "end": end},
    )


# --- rework per product ---------------------------------------------------------------------
def rework_by_activity(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Per product: completions in the period that repeat a completion of the same product in
    the same case (rework), and the cases with any. Reads work_items and work_item_repeats:
    for one team's pages; the Proces page reads the daily aggregate (`process_rework`)."""
    if "work_items" not in tables():
        return pl.DataFrame()
    where = _scope("work_items", filters, viewer, "w")
    start, end = filters.bounds()
    return query(
        f"""
        with done as (
            select w.activity, count(*) as products
            from work_items as w
            where {where.sql} and w.completed_at >= $start and w.completed_at < $end
            group by w.activity
        ),
        -- numbered over all the work in scope, then counted within the period
        ranked_repeats as (
            select
                w.case_id, w.activity, w.completed_at,
                row_number() over (partition by w.case_id, w.activity order by w.completed_at)
                    as repeat_number
            from {_repeats_source()} as w
            where {where.sql}
        ),
        rework as (
            select
                activity,
                count(*) filter (repeat_number > 1)                 as repeats,
                count(distinct case_id) filter (repeat_number > 1)  as cases_with_rework
            from ranked_repeats
            where completed_at >= $start and completed_at < $end
            group by activity
        ),
        final as (
            select
                done.activity,
                done.products,
                rework.repeats,
                rework.cases_with_rework,
                100.0 * rework.repeats / done.products              as rework_pct
            from done
            join rework on rework.activity = done.activity
        )
        select * from final where repeats > 0 order by repeats desc, activity
        """,
        {**where.params, "start": start, "end": end},
    )


# --- process from the pre-aggregated tables -------------------------------------------------
# Transitions, activities and paths per day and unit: exact over all cases, no sample, and a
# few tens of thousands of rows where work_items has one row per product.

# Quarter-octave classes of minutes (see sql/indicators/process_transitions.sql): class b
# holds 2^(b/4) - 1 up to 2^((b+1)/4) - 1 minutes; class -1 holds zero.
_LOG_BIN_LOWER = "greatest(pow(2, bin / 4.0) - 1, 0)"
_LOG_BIN_UPPER = "(pow(2, (bin + 1) / 4.0) - 1)"


def _process_scope(table: str, filters: Filters, viewer: Viewer) -> tuple[Where, dict[str, Any]]:
    where = _scope(table, filters, viewer, "u")
    days = {"first_day": filters.start or _FIRST_DAY, "last_day": filters.end or _LAST_DAY}
    return where, {**where.params, **days}


def transitions(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Directly-follows steps over all cases: how often step A is followed by step B in a
    case (counted on the day B was completed) and the waiting time between them [days]."""
    where, params = _process_scope("process_transitions", filters, viewer)
    source = _grain("process_transitions", filters, viewer)
    return query(
        f"""
        with classes as (
            select from_activity, to_activity, wait_bin as bin,
                   sum(transitions) as cases, sum(first_in_case) as first_in_case,
                   sum(wait_days_sum) as wait_days_sum
            from {source} as u
            where completed_on between $first_day and $last_day and {where.sql}
            group by all
        ),
        medians as (
            {
            _percentiles_sql(
                "classes",
                "from_activity, to_activity",
                _LOG_BIN_LOWER,
                _LOG_BIN_UPPER,
                (0.5,),
            )
        }
        ),
        final as (
            select
                from_activity,
                to_activity,
                sum(cases)::bigint                          as transitions,
                sum(first_in_case)::bigint                  as cases,
                any_value(medians.p50) / 1440.0             as median_wait_days,
                sum(wait_days_sum) / sum(cases)             as mean_wait_days
            from classes
            join medians using (from_activity, to_activity)
            group by from_activity, to_activity
        )
        select * from final order by transitions desc, from_activity, to_activity
        """,
        params,
    )


def top_paths(filters: Filters, viewer: Viewer = LOCAL_VIEWER, limit: int = 10) -> pl.DataFrame:
    """The most common sequences of products of the cases in the period, with their share
    of those cases [%]."""
    where, params = _process_scope("process_variants", filters, viewer)
    source = _grain("process_variants", filters, viewer)
    return query(
        f"""
        with in_period as (
            select path, sum(cases) as cases
            from {source} as u
            where decided_on between $first_day and $last_day and {where.sql}
            group by path
        ),
        final as (
            select path, cases::bigint as cases,
                   100.0 * cases / sum(cases) over () as share_pct
            from in_period
        )
        select * from final where path is not null
        order by cases desc, path limit {int(limit)}
        """,
        params,
    )


def process_rework(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """rework_by_activity over all cases, from the daily aggregate process_activity_daily."""
    where, params = _process_scope("process_activity_daily", filters, viewer)
    source = _grain("process_activity_daily", filters, viewer)
    return query(
        f"""
        with final as (
            select
                activity,
                sum(products)::bigint                     as products,
                sum(repeats)::bigint                      as repeats,
                sum(first_repeats)::bigint                as cases_with_rework,
                100.0 * sum(repeats) / sum(products)      as rework_pct
            from {source} as u
            where completed_on between $first_day and $last_day and {where.sql}
            group by activity
        )
        select * from final where repeats > 0 order by repeats desc, activity
        """,
        params,
    )


def handling_by_activity(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Per product: completions in the period, median handling time and norm [minutes], and
    realised / norm [%] over the products that have both."""
    where, params = _process_scope("process_activity_daily", filters, viewer)
    source = _grain("process_activity_daily", filters, viewer)
    handling_median = _percentiles_sql(
        "handling_classes", "activity", _LOG_BIN_LOWER, _LOG_BIN_UPPER, (0.5,)
    )
    # Norms are a few exact values: a weighted median over them, no interpolation.
    norm_median = _percentiles_sql("norm_values", "activity", "bin", "bin", (0.5,))
    return query(
        f"""
        -- One pass over the daily rows down to a few thousand (product, class, norm) rows,
        -- which the three parts below read: a CTE of the daily rows themselves would be held
        -- in memory whole, being read three times.
        with in_period as (
            select
                activity, handling_bin, norm_minutes,
                sum(products)                       as products,
                sum(handling_minutes_with_norm)     as handling_minutes_with_norm,
                sum(norm_minutes_with_handling)     as norm_minutes_with_handling
            from {source} as u
            where completed_on between $first_day and $last_day and {where.sql}
            group by all
        ),
        handling_classes as (
            select activity, handling_bin as bin, sum(products) as cases
            from in_period where handling_bin is not null group by all
        ),
        norm_values as (
            select activity, norm_minutes as bin, sum(products) as cases
            from in_period where norm_minutes is not null group by all
        ),
        handling as (
            {handling_median}
        ),
        norm as ({norm_median}),
        totals as (
            select
                activity,
                sum(products)::bigint                                         as products,
                100.0 * sum(handling_minutes_with_norm)
                    / nullif(sum(norm_minutes_with_handling), 0)      as handling_vs_norm_pct
            from in_period group by activity
        ),
        final as (
            select
                totals.activity,
                totals.products,
                handling.p50          as median_handling_minutes,
                norm.p50              as norm_minutes,
                totals.handling_vs_norm_pct
            from totals
            left join handling using (activity)
            left join norm using (activity)
        )
        select * from final order by products desc, activity
        """,
        params,
    )


# --- indicators: the catalog and reader of pipelines.indicators, within the viewer's scope ----


def indicator(
    name: str,
    filters: Filters,
    viewer: Viewer = LOCAL_VIEWER,
    in_period: bool = True,
    employee_id: str | None = None,
) -> pl.DataFrame:
    """Rows of indicator table `name` (through `pipelines.indicators.read_indicator`) within
    the filters and the viewer's scope; limited to the period on the indicator's period
    column when it has one and `in_period`. Empty frame when the indicator is not in this
    warehouse or the scope leaves nothing."""
    from pipelines.indicators import IndicatorError
    from pipelines.indicators import indicator as entry_of

    if name not in tables():
        return pl.DataFrame()
    try:
        entry = entry_of(name)
    except IndicatorError:
        return pl.DataFrame()
    wanted: dict[str, Any] = {}
    if in_period and entry.period_column and filters.start and filters.end:
        wanted["period"] = (filters.start, filters.end + timedelta(days=1))
    # The viewer's locations, where set, restrict on their own; their teams only serve tables
    # without a location (as in scope_clauses). A location head's hundreds of teams as a
    # second, redundant condition cost more than the rest of the query.
    located = viewer.locations is not None and "location_id" in entry.filters
    for key, chosen, allowed in (
        ("location_id", filters.locations, viewer.locations),
        ("team_id", filters.teams, None if located else viewer.teams),
        ("case_type", filters.case_types, None),
        ("route", filters.routes, None),
        ("employee_id", (employee_id,) if employee_id else (), viewer.employees),
    ):
        if key not in entry.filters:
            continue
        values = _intersect(chosen, allowed)
        if values is not None and not values:
            return pl.DataFrame(schema={column: pl.String for column in tables()[name]})
        if values is not None:
            wanted[key] = values
    path = warehouse_path()
    version = warehouse_version(path)
    if version is None:
        raise WarehouseUnavailable(str(path))
    frozen = tuple(sorted((key, _hashable(value)) for key, value in wanted.items()))
    return _cached_indicator(str(path), version, name, frozen)


def _intersect(chosen: tuple[str, ...], allowed: frozenset[str] | None) -> list[str] | None:
    """The values a filter keeps: the chosen ones within the allowed ones; None = all."""
    if allowed is None:
        return list(chosen) if chosen else None
    return sorted(set(chosen) & allowed) if chosen else sorted(allowed)


@st.cache_data(ttl=RESULT_TTL_SECONDS, max_entries=512, show_spinner=False)
def _cached_indicator(
    path: str, version: str, name: str, filters: tuple[tuple[str, Any], ...]
) -> pl.DataFrame:
    from pipelines.indicators import read_indicator

    cursor, _, _ = _cursor()
    try:
        wanted = {
            key: list(value) if isinstance(value, tuple) and key != "period" else value
            for key, value in filters
        }
        return read_indicator(cursor, name, wanted)
    finally:
        cursor.close()


def workload(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> tuple[pl.DataFrame, str]:
    """Per employee the workload at the data's reference date, and which measure it is:
    `werklast_weeks` (indicator werklast_per_fte) where norms and capacity allow, else
    `open_cases` (open cases owned), so a log without norms still shows the spread."""
    frame = indicator("werklast_per_fte", filters, viewer)
    if not frame.is_empty() and frame["werklast_weeks"].is_not_null().any():
        return (
            frame.filter(pl.col("werklast_weeks").is_not_null()).select(
                "employee_id", "team_id", "location_id", "open_case_count", "werklast_weeks"
            ),
            "werklast_weeks",
        )
    if not frame.is_empty():
        return (
            frame.filter(pl.col("open_case_count") > 0).select(
                "employee_id",
                "team_id",
                "location_id",
                pl.col("open_case_count").alias("open_cases"),
            ),
            "open_cases",
        )
    return open_cases_per_employee(filters, viewer), "open_cases"


def open_cases_per_employee(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame:
    """Open cases (lopend or opgeschort) owned per employee at the end of the period."""
    if "case_state_intervals" not in tables():
        return pl.DataFrame()
    where = _scope("case_state_intervals", filters, viewer, "s")
    _, end = filters.bounds()
    return query(
        f"""
        select
            s.employee_id,
            arg_max(s.team_id, s.valid_from)      as team_id,
            arg_max(s.location_id, s.valid_from)  as location_id,
            count(*)                              as open_cases
        from case_state_intervals as s
        where s.employee_id is not null
          and s.valid_from <= $end and (s.valid_to is null or s.valid_to > $end)
          and {where.sql}
        group by s.employee_id
        order by team_id, s.employee_id
        """,
        {**where.params, "end": end},
    )


def inflow_forecast(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> pl.DataFrame | None:
    """The forecast of inflow, open stock and capacity (indicator inflow_forecast) for the
    chosen case types and routes. None where the viewer or the filters are restricted to some
    locations, teams or employees: the forecast is made for the whole organisation, since a
    case is routed to a location only after it arrives."""
    restricted = (viewer.locations, viewer.teams, viewer.employees)
    if filters.locations or filters.teams or any(part is not None for part in restricted):
        return None
    return indicator("inflow_forecast", filters, viewer)


def data_as_of() -> date | None:
    """The date the data describes (the latest event), Europe/Amsterdam."""
    if "data_as_of" not in tables():
        profile = data_profile()
        return profile.last_day if profile else None
    return query("select as_of_date from data_as_of")["as_of_date"][0]


@dataclass(frozen=True)
class ConversationPreparation:
    """What the PDCA store holds for the next goede gesprek with one employee."""

    previous: dict[str, Any] | None  # the last finalised conversation
    draft: dict[str, Any] | None  # a concept being written
    open_agreements: list[dict[str, Any]]  # not yet done or dropped, earliest due first

    @property
    def previous_day(self) -> date | None:
        return date.fromisoformat(self.previous["held_on"][:10]) if self.previous else None


def conversation_preparation(
    employee_id: str, viewer: Viewer = LOCAL_VIEWER
) -> ConversationPreparation | None:
    """The last finalised goede gesprek with this employee, the concept being written and the
    agreements still open (PDCA store); None when the store cannot be read. Only for viewers
    who may see this employee (the access guard checks `employee_id`)."""
    from dashboard.pdca.agreements import agreements_with_status
    from dashboard.pdca.conversations import open_draft, previous_conversation

    return _read_pdca(
        lambda store: ConversationPreparation(
            previous=previous_conversation(store, "medewerker", employee_id),
            draft=open_draft(store, "medewerker", employee_id),
            open_agreements=agreements_with_status(
                store, subject_type="medewerker", subject_id=employee_id, only_open=True
            ),
        )
    )


# A distribution chart needs no more points than this; the sample is repeatable, so a shared
# link draws the same chart.
PROCESS_SAMPLE_CASES = 20_000


def lead_time_sample(filters: Filters, viewer: Viewer = LOCAL_VIEWER) -> tuple[pl.DataFrame, int]:
    """Lead times [days, gross and net] of the cases decided in the period (indicator
    `lead_times`), at most PROCESS_SAMPLE_CASES of them (a repeatable random sample), and how
    many were decided in all. Enough points to draw a distribution, at any warehouse size."""
    if "lead_times" not in tables():
        return pl.DataFrame(), 0
    where = _scope("lead_times", filters, viewer, "i")
    params = {
        **where.params,
        "first_day": filters.start or _FIRST_DAY,
        "last_day": filters.end or _LAST_DAY,
    }
    in_period = f"""
        from lead_times as i
        where {where.sql} and i.decided_on between $first_day and $last_day
    """
    total = query(f"select count(*) as cases {in_period}", params)["cases"][0]
    # Sampled from the cases in the period: a sample clause in the same select would draw from
    # the whole table before the filters, leaving a small selection only a few points.
    sample = query(
        f"""
        select * from (
            select i.case_type, i.route, i.lead_time_days, i.net_lead_time_days {in_period}
        )
        using sample reservoir({PROCESS_SAMPLE_CASES} rows) repeatable (7)
        """,
        params,
    )
    return sample, total


# --- term watch: the open cases near their deadline -------------------------------------------
def deadline_watch(
    filters: Filters, days_left: int, viewer: Viewer = LOCAL_VIEWER
) -> tuple[pl.DataFrame, int]:
    """The open cases of indicator `open_case_deadlines` with at most `days_left` days until
    their effective deadline (past term included), most urgent first, and how many open cases
    the filters hold in all. Filtered in the warehouse: at 26 M events there are hundreds of
    thousands of open cases, of which a page shows the few near their term."""
    if "open_case_deadlines" not in tables():
        return pl.DataFrame(), 0
    where = _scope("open_case_deadlines", filters, viewer, "d")
    in_scope = f"from open_case_deadlines as d where {where.sql}"
    total = query(f"select count(*) as cases {in_scope}", where.params)["cases"][0]
    near = query(
        f"""
        select
            d.case_id, d.state, d.team_id, d.location_id, d.case_type, d.route,
            d.age_days, d.days_left, d.is_past_term, d.will_pass_term
        {in_scope} and d.days_left <= $days_left
        order by d.days_left, d.case_id
        """,
        {**where.params, "days_left": days_left},
    )
    return near, total


# --- access control: keep this block at the end of the module -------------------------------
# Every public function above with a `viewer` parameter (and the pick lists and display names)
# checks the viewer's scope, pseudonymises and hides small groups: see dashboard/access/guard.py.
from dashboard.access.login import guard_data_module  # noqa: E402

GUARDED_FUNCTIONS = guard_data_module(globals())
