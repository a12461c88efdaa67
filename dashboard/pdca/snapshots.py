"""The figures a conversation or a goal is about, read from the warehouse.

Every function takes `query(sql, params) -> polars.DataFrame` and `tables` (the warehouse's
table names), so the pages pass the dashboard's cached reader and the tests a plain DuckDB
connection. A figure whose tables are missing is None, never an error: an empty warehouse
shows empty figures. A finalised conversation keeps the result of `figures_for` as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from dashboard.pdca.goals import GOAL_INDICATORS, goal_status
from pipelines.schema import DISPLAY_TIMEZONE

Query = Callable[[str, dict[str, Any]], pl.DataFrame]
LOCAL_TZ = ZoneInfo(DISPLAY_TIMEZONE)

# The cases of a unit: its owner is the last employee named on its events.
_SCOPED_CASES = """
with owners as (
    select case_id, arg_max(employee_id, event_at) as employee_id
    from events
    where employee_id is not null
    group by case_id
),
scoped as (
    select cases.*, owners.employee_id
    from cases
    left join owners on owners.case_id = cases.case_id
    where {unit_filter}
)
"""
_UNIT_FILTER = {
    "organisatie": "true",
    "locatie": "cases.location_id = $unit",
    "team": "cases.team_id = $unit",
    "medewerker": "owners.employee_id = $unit",
}
_EVENT_FILTER = {
    "organisatie": "true",
    "locatie": "events.location_id = $unit",
    "team": "events.team_id = $unit",
    "medewerker": "events.employee_id = $unit",
}

# One select per figure over `scoped` (cases of the unit) with $start/$end the period.
_CASE_FIGURES: dict[str, str] = {
    "instroom_zaken": "select count(*) as value from scoped"
    " where received_at >= $start and received_at < $end",
    "productie_zaken": "select count(*) as value from scoped"
    " where decided_at >= $start and decided_at < $end",
    "tijdigheid_pct": "select 100 * avg(case when decided_at <= deadline_at then 1 else 0 end)"
    " as value from scoped where decided_at >= $start and decided_at < $end"
    " and deadline_at is not null",
    "doorlooptijd_dagen": "select avg(epoch(decided_at - received_at) / 86400) as value"
    " from scoped where decided_at >= $start and decided_at < $end",
    "werkvoorraad_zaken": "select count(*) as value from scoped"
    " where received_at < $end and (decided_at is null or decided_at >= $end)",
    "ouderdom_dagen": "select median(epoch($end - received_at) / 86400) as value from scoped"
    " where received_at < $end and (decided_at is null or decided_at >= $end)",
    "over_termijn_zaken": "select count(*) as value from scoped"
    " where received_at < $end and (decided_at is null or decided_at >= $end)"
    " and deadline_at < $end",
}

_EVENT_FIGURES: dict[str, str] = {
    # Booked effort against the norm of the same products (only products with both).
    "bewerkingstijd_norm_pct": """
        with done as (
            select events.activity, events.effort_minutes, events.event_at, cases.case_type
            from events left join cases on cases.case_id = events.case_id
            where events.lifecycle = 'complete' and events.effort_minutes is not null
              and events.event_at >= $start and events.event_at < $end and {event_filter}
        ),
        normed as (
            select done.effort_minutes, max(norms.norm_minutes) as norm_minutes
            from done join norms on norms.activity = done.activity
             and (norms.case_type is null or norms.case_type = done.case_type)
             and norms.valid_from <= done.event_at::date
             and (norms.valid_to is null or norms.valid_to > done.event_at::date)
            group by all
        )
        select 100 * sum(effort_minutes) / nullif(sum(norm_minutes), 0) as value from normed
    """,
    # Share of completed products that repeat a product already completed in the same case.
    "herstelwerk_pct": """
        with completions as (
            select events.*, row_number() over (
                partition by case_id, activity order by event_at) as occurrence
            from events where lifecycle = 'complete'
        )
        select 100 * avg(case when occurrence > 1 then 1 else 0 end) as value
        from completions as events
        where event_at >= $start and event_at < $end and {event_filter}
    """,
}

_EMPLOYEES_OF_UNIT = {
    "organisatie": "select employee_id from employees",
    "locatie": "select employee_teams.employee_id from employee_teams"
    " join teams on teams.team_id = employee_teams.team_id where teams.location_id = $unit"
    " and employee_teams.valid_from < $end_day"
    " and (employee_teams.valid_to is null or employee_teams.valid_to >= $end_day)",
    "team": "select employee_id from employee_teams where team_id = $unit"
    " and valid_from < $end_day and (valid_to is null or valid_to >= $end_day)",
    "medewerker": "select $unit as employee_id",
}
_CAPACITY_FIGURES = {
    "directe_uren_pct": "100 * sum(direct_hours) / nullif(sum(available_hours), 0)",
    "verzuim_pct": "100 * sum(absence_hours) / nullif(sum(contract_hours), 0)",
    "beschikbare_uren": "sum(available_hours)",
}

# Figures read from indicator tables (sql/indicators/<table>.sql): table and aggregate, over the
# rows of the unit. werklast_per_fte is the state at the warehouse's as-of date, not a period.
_INDICATOR_FIGURES: dict[str, tuple[str, str]] = {
    "werklast_weken": ("werklast_per_fte", "avg(werklast_weeks)"),
}
_INDICATOR_UNIT_COLUMN = {
    "organisatie": "true",
    "locatie": "location_id = $unit",
    "team": "team_id = $unit",
    "medewerker": "employee_id = $unit",
}

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "instroom_zaken": ("Instroom", "zaken"),
    "productie_zaken": ("Productie (beslissingen)", "zaken"),
    "tijdigheid_pct": ("Tijdigheid", "%"),
    "doorlooptijd_dagen": ("Doorlooptijd (gemiddeld)", "dagen"),
    "werkvoorraad_zaken": ("Werkvoorraad aan het eind", "zaken"),
    "ouderdom_dagen": ("Ouderdom werkvoorraad (mediaan)", "dagen"),
    "over_termijn_zaken": ("Zaken over de termijn", "zaken"),
    "bewerkingstijd_norm_pct": ("Bewerkingstijd t.o.v. norm", "%"),
    "herstelwerk_pct": ("Herstelwerk (rework)", "%"),
    "directe_uren_pct": ("Directe uren", "%"),
    "verzuim_pct": ("Verzuim", "%"),
    "beschikbare_uren": ("Beschikbare uren", "uren"),
    "werklast_weken": ("Werklast per fte (peildatum gegevens)", "weken"),
    "team_werklast_weken": ("Werklast per fte, gemiddeld in het team", "weken"),
    "werkvoorraad_per_fte": ("Werkvoorraad per fte", "zaken per fte"),
    "team_werkvoorraad_per_fte": ("Werkvoorraad per fte in het team", "zaken per fte"),
}


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)


def _scalar(query: Query, sql: str, params: dict[str, Any]) -> float | None:
    # DuckDB refuses parameters a statement does not use.
    used = {name: value for name, value in params.items() if re.search(rf"\${name}\b", sql)}
    frame = query(sql, used)
    if frame.is_empty():
        return None
    value = frame.item(0, 0)
    return None if value is None else round(float(value), 2)


def realised(
    query: Query,
    tables: Collection[str],
    unit_type: str,
    unit_id: str,
    figure: str,
    start: date,
    end: date,
) -> float | None:
    """The value of one figure for a unit over [start, end); None where it cannot be known."""
    params: dict[str, Any] = {"start": local_midnight(start), "end": local_midnight(end)}
    if unit_type != "organisatie":
        params["unit"] = unit_id
    if figure in _CASE_FIGURES:
        if not {"cases", "events"} <= set(tables):
            return None
        sql = _SCOPED_CASES.format(unit_filter=_UNIT_FILTER[unit_type]) + _CASE_FIGURES[figure]
        return _scalar(query, sql, params)
    if figure in _EVENT_FIGURES:
        needed = {"events", "cases", "norms"} if figure == "bewerkingstijd_norm_pct" else {"events"}
        if not needed <= set(tables):
            return None
        sql = _EVENT_FIGURES[figure].format(event_filter=_EVENT_FILTER[unit_type])
        return _scalar(query, sql, params)
    if figure in _INDICATOR_FIGURES:
        table, aggregate = _INDICATOR_FIGURES[figure]
        if table not in tables:
            return None
        sql = f"select {aggregate} as value from {table} where {_INDICATOR_UNIT_COLUMN[unit_type]}"
        return _scalar(query, sql, params)
    if figure in _CAPACITY_FIGURES:
        needed = {"capacity", "employees", "employee_teams", "teams"}
        if not needed <= set(tables):
            return None
        params = {**params, "start_day": start, "end_day": end}
        params.pop("start"), params.pop("end")
        sql = (
            f"select {_CAPACITY_FIGURES[figure]} as value from capacity"
            f" where employee_id in ({_EMPLOYEES_OF_UNIT[unit_type]})"
            " and week_start >= $start_day and week_start < $end_day"
        )
        return _scalar(query, sql, params)
    return None


def open_cases_per_fte(
    query: Query, tables: Collection[str], unit_type: str, unit_id: str, on: date
) -> float | None:
    """Open cases at `on` divided by the unit's fte (the werklast a conversation compares)."""
    if not {"cases", "events", "employees", "employee_teams", "teams"} <= set(tables):
        return None
    params: dict[str, Any] = {"end": local_midnight(on), "end_day": on}
    if unit_type != "organisatie":
        params["unit"] = unit_id
    stock = realised(query, tables, unit_type, unit_id, "werkvoorraad_zaken", on, on)
    fte = _scalar(
        query,
        f"select sum(fte) as value from employees"
        f" where employee_id in ({_EMPLOYEES_OF_UNIT[unit_type]})",
        {k: v for k, v in params.items() if k != "end"},
    )
    if stock is None or not fte:
        return None
    return round(stock / fte, 2)


def team_of(query: Query, tables: Collection[str], employee_id: str, on: date) -> str | None:
    """The employee's team on `on`: from the membership table, else from their last event."""
    if "employee_teams" in tables:
        frame = query(
            "select team_id from employee_teams where employee_id = $employee"
            " and valid_from <= $on and (valid_to is null or valid_to > $on)"
            " order by valid_from desc limit 1",
            {"employee": employee_id, "on": on},
        )
        if not frame.is_empty():
            return frame.item(0, 0)
    if "events" in tables:
        frame = query(
            "select arg_max(team_id, event_at) from events"
            " where employee_id = $employee and team_id is not null",
            {"employee": employee_id},
        )
        if not frame.is_empty():
            return frame.item(0, 0)
    return None


def location_of_team(query: Query, tables: Collection[str], team_id: str | None) -> str | None:
    if team_id is None or "teams" not in tables:
        return None
    frame = query("select location_id from teams where team_id = $team", {"team": team_id})
    return None if frame.is_empty() else frame.item(0, 0)


def figures_for(
    query: Query,
    tables: Collection[str],
    subject_type: str,
    subject_id: str,
    start: date,
    end: date,
    goals: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """Everything a conversation looks at for [start, end), as JSON-ready values.

    'figures' maps each figure to label, unit and value; 'goals' holds each goal of the
    subject with its realisation and colour; 'team' compares werklast with the team.
    """
    figures = {}
    for name in (*_CASE_FIGURES, *_EVENT_FIGURES, *_CAPACITY_FIGURES, *_INDICATOR_FIGURES):
        label, unit = FIGURE_LABELS[name]
        value = realised(query, tables, subject_type, subject_id, name, start, end)
        figures[name] = {"label": label, "unit": unit, "value": value}
    label, unit = FIGURE_LABELS["werkvoorraad_per_fte"]
    figures["werkvoorraad_per_fte"] = {
        "label": label,
        "unit": unit,
        "value": open_cases_per_fte(query, tables, subject_type, subject_id, end),
    }
    if subject_type == "medewerker":
        team = team_of(query, tables, subject_id, end)
        label, unit = FIGURE_LABELS["team_werkvoorraad_per_fte"]
        figures["team_werkvoorraad_per_fte"] = {
            "label": label,
            "unit": unit,
            "value": open_cases_per_fte(query, tables, "team", team, end) if team else None,
        }
        label, unit = FIGURE_LABELS["team_werklast_weken"]
        figures["team_werklast_weken"] = {
            "label": label,
            "unit": unit,
            "value": realised(query, tables, "team", team, "werklast_weken", start, end)
            if team
            else None,
        }
    goal_rows = []
    for goal in goals:
        value = realised(
            query, tables, goal["unit_type"], goal["unit_id"], goal["indicator"], start, end
        )
        indicator = GOAL_INDICATORS.get(goal["indicator"])
        goal_rows.append(
            {
                "indicator": goal["indicator"],
                "label": indicator.label if indicator else goal["indicator"],
                "unit": indicator.unit if indicator else "",
                "direction": goal["direction"],
                "target_value": goal["target_value"],
                "red_threshold": goal["red_threshold"],
                "goal_version": goal["version"],
                "value": value,
                "status": goal_status(goal, value),
            }
        )
    return {
        "subject": {"type": subject_type, "id": subject_id},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "figures": figures,
        "goals": goal_rows,
    }


def month_starts(until: date, months: int) -> list[date]:
    """The first days of the `months` whole months before the month of `until`, oldest first."""
    first = until.replace(day=1)
    starts = []
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def recent_realisation(
    query: Query,
    tables: Collection[str],
    unit_type: str,
    unit_id: str,
    indicator: str,
    until: date,
    months: int = 6,
) -> pl.DataFrame:
    """Per month: the indicator's realisation, inflow and available hours (for setting goals)."""
    rows = []
    for start in month_starts(until, months):
        end = (start + timedelta(days=32)).replace(day=1)
        rows.append(
            {
                "maand": start,
                "realisatie": realised(query, tables, unit_type, unit_id, indicator, start, end),
                "instroom": realised(
                    query, tables, unit_type, unit_id, "instroom_zaken", start, end
                ),
                "beschikbare_uren": realised(
                    query, tables, unit_type, unit_id, "beschikbare_uren", start, end
                ),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "maand": pl.Date,
            "realisatie": pl.Float64,
            "instroom": pl.Float64,
            "beschikbare_uren": pl.Float64,
        },
    )


def duckdb_query(con: Any) -> Query:
    """A `query` function over a DuckDB connection (for the tests and the command line)."""

    def run(sql: str, params: dict[str, Any]) -> pl.DataFrame:
        return con.sql(sql, params=params or None).pl()

    return run


def duckdb_tables(con: Any) -> set[str]:
    rows = con.sql("select table_name from information_schema.tables").fetchall()
    return {row[0] for row in rows}


_UNIT_LISTS = {
    "medewerker": (("employees", "employee_id"), ("events", "employee_id")),
    "team": (("teams", "team_id"), ("events", "team_id")),
    "locatie": (("locations", "location_id"), ("events", "location_id")),
}


def known_units(query: Query, tables: Collection[str], unit_type: str) -> list[str]:
    """The ids of a unit type in the warehouse: from its reference table, else the events."""
    for table, column in _UNIT_LISTS.get(unit_type, ()):
        if table in tables:
            frame = query(
                f"select distinct {column} as id from {table} where {column} is not null"
                " order by id",
                {},
            )
            if not frame.is_empty():
                return frame["id"].cast(pl.String).to_list()
    return []
