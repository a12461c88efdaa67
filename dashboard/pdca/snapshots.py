"""The figures a conversation or a goal is about, read from the warehouse's indicator tables.

Every function takes `query(sql, params) -> polars.DataFrame` and `tables` (the warehouse's
table names), so the pages pass the dashboard's cached reader and the tests a plain DuckDB
connection. A figure whose tables are missing is None, never an error: an empty warehouse
shows empty figures. A finalised conversation keeps the result of `figures_for` as JSON.

One source of truth: a figure is read from the same tables, under the same rules, as the page
that shows it to the manager. Team, location and organisation read the Overzicht/Team tables
(overview_daily, open_stock_by_receipt: the unit of the case as in the cases mart); an
employee reads the owner tables (case_decisions, lead_times, case_state_intervals: the owner
is the last assign, as on the Medewerker page). Work figures come from work_item_days and
work_items, capacity from capacity, werklast from werklast_per_fte. No figure reads events.
A period [start, end) is whole days in Europe/Amsterdam: $first_day up to $last_day inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from dashboard.pdca.goals import GOAL_INDICATORS, goal_status
from pipelines.schema import DISPLAY_TIMEZONE

Query = Callable[[str, dict[str, Any]], pl.DataFrame]
LOCAL_TZ = ZoneInfo(DISPLAY_TIMEZONE)


@dataclass(frozen=True)
class Figure:
    """One figure: the tables it needs, its select (one row, column `value`) per unit kind
    ('medewerker' or 'eenheid' = organisatie, locatie, team) and the rule shown with it."""

    tables: tuple[str, ...]
    sql: dict[str, str]
    definition: str


# The filter on a unit, per table alias, for organisation / location / team / employee.
_UNIT_COLUMN = {"organisatie": None, "locatie": "location_id", "team": "team_id"}


def _unit_filter(unit_type: str, alias: str) -> str:
    if unit_type == "medewerker":
        return f"{alias}.employee_id = $unit"
    column = _UNIT_COLUMN[unit_type]
    return "true" if column is None else f"{alias}.{column} = $unit"


# Open cases of an employee at the end of $last_day: the werkvoorraad_as_of rule of
# pipelines.indicators (interval starts before the next midnight, ends at or after it).
_OWNED_OPEN = """
    select s.case_id from case_state_intervals as s
    where s.employee_id = $unit and s.valid_from < $end_at
      and (s.valid_to is null or s.valid_to >= $end_at)
"""
# The median of a histogram CTE `ages(bin, cases)` with linear interpolation inside the bin
# [bin, bin + 1): the rule of the Overzicht and Team pages for the median age of the stock.
_MEDIAN_OF_AGES = """
    select arg_min(bin + (0.5 * total - (upto - cases)) / cases, bin)
               filter (upto >= 0.5 * total) as value
    from (
        select bin, cases, sum(cases) over (order by bin) as upto, sum(cases) over () as total
        from ages
    )
"""
_IN_PERIOD = "u.day between $first_day and $last_day"
# The employee's decisions: lead_times (last decision per case) with the owner at that decision.
_OWNED_LEAD_TIMES = """
    from lead_times as l
    join case_decisions as d on d.case_id = l.case_id and d.decided_at = l.decided_at
    where d.employee_id = $unit and l.decided_on between $first_day and $last_day
"""
# Products completed in the period and ranked per case and product within it: the rework rule
# of the Medewerker and Team pages (dashboard.data.employee_figures).
_RANKED_WORK = """
    with ranked as (
        select row_number() over (partition by u.case_id, u.activity order by u.completed_at)
                   as repeat_number
        from work_items as u
        where u.employee_id is not null and u.completed_at >= $start_at
          and u.completed_at < $end_at and {unit}
    )
    select 100.0 * count(*) filter (repeat_number > 1) / nullif(count(*), 0) as value
    from ranked
"""

_FLOW_FIGURES: dict[str, Figure] = {
    "instroom_zaken": Figure(
        ("overview_daily", "case_state_intervals"),
        {
            "eenheid": f"select coalesce(sum(u.received) filter ({_IN_PERIOD}), 0) as value"
            " from overview_daily as u where {unit}",
            "medewerker": "select count(distinct s.case_id) as value"
            " from case_state_intervals as s"
            " where s.employee_id = $unit and s.valid_from >= $start_at and s.valid_from < $end_at"
            " and not exists (select 1 from case_state_intervals as p"
            " where p.case_id = s.case_id and p.valid_to = s.valid_from"
            " and p.employee_id = $unit)",
        },
        "Team, locatie, organisatie: zaken ontvangen in de periode (eenheid van de zaak, zoals"
        " op Overzicht en Team). Medewerker: zaken die in de periode aan de medewerker zijn"
        " toegewezen (een nieuwe toewijzing, niet het hervatten na opschorting).",
    ),
    "productie_zaken": Figure(
        ("overview_daily", "case_decisions"),
        {
            "eenheid": f"select coalesce(sum(u.decided) filter ({_IN_PERIOD}), 0) as value"
            " from overview_daily as u where {unit}",
            "medewerker": "select count(*) as value from case_decisions as d"
            " where d.employee_id = $unit and d.decided_on between $first_day and $last_day",
        },
        "Beslissingen op de dagen van de periode. Team, locatie, organisatie: laatste beslissing"
        " per zaak (overview_daily, zoals op Team). Medewerker: elke beslissing, toegerekend aan"
        " de eigenaar op het moment van beslissen (case_decisions, zoals production_monthly).",
    ),
    "tijdigheid_pct": Figure(
        ("overview_daily", "lead_times", "case_decisions"),
        {
            "eenheid": f"select 100.0 * sum(u.decided_within_term) filter ({_IN_PERIOD})"
            f" / nullif(sum(u.decided_with_term) filter ({_IN_PERIOD}), 0) as value"
            " from overview_daily as u where {unit}",
            "medewerker": "select 100.0 * count(*) filter (l.within_term)"
            " / nullif(count(l.within_term), 0) as value" + _OWNED_LEAD_TIMES,
        },
        "Aandeel van de in de periode besliste zaken met een termijn dat op of voor de termijn is"
        " beslist. Medewerker: effectieve termijn (verschoven met opschorting, lead_times), bij"
        " de eigenaar van de laatste beslissing.",
    ),
    "doorlooptijd_dagen": Figure(
        ("overview_daily", "lead_times", "case_decisions"),
        {
            "eenheid": f"select sum(u.lead_time_days_sum) filter ({_IN_PERIOD})"
            f" / nullif(sum(u.decided) filter ({_IN_PERIOD}), 0) as value"
            " from overview_daily as u where {unit}",
            "medewerker": "select avg(l.lead_time_days) as value" + _OWNED_LEAD_TIMES,
        },
        "Gemiddelde bruto doorlooptijd (ontvangst tot laatste beslissing, dagen van 24 uur) van"
        " de zaken beslist in de periode.",
    ),
    "werkvoorraad_zaken": Figure(
        ("overview_daily", "case_state_intervals"),
        {
            "eenheid": "select coalesce(sum(u.received - u.closed)"
            " filter (u.day <= $last_day), 0) as value from overview_daily as u where {unit}",
            "medewerker": f"select count(*) as value from ({_OWNED_OPEN})",
        },
        "Open zaken aan het eind van de laatste dag van de periode. Medewerker: lopend en"
        " opgeschort in eigendom (werkvoorraad_as_of, zoals op Medewerker).",
    ),
    "ouderdom_dagen": Figure(
        ("open_stock_by_receipt", "case_state_intervals", "cases"),
        {
            "eenheid": "with ages as (select date_diff('day', u.received_on, $last_day) as bin,"
            " sum(u.cases) as cases from open_stock_by_receipt as u"
            " where u.received_on <= $last_day and (u.closed_on is null or u.closed_on > $last_day)"
            " and {unit} group by all)" + _MEDIAN_OF_AGES,
            "medewerker": "with ages as (select date_diff('day',"
            " timezone('Europe/Amsterdam', c.received_at)::date, $last_day) as bin,"
            f" count(*) as cases from ({_OWNED_OPEN}) as o"
            " join cases as c on c.case_id = o.case_id group by all)" + _MEDIAN_OF_AGES,
        },
        "Mediaan van de leeftijd (kalenderdagen sinds de dag van ontvangst) van de open zaken aan"
        " het eind van de periode, geïnterpoleerd binnen de dag (zoals op Overzicht en Team).",
    ),
    "over_termijn_zaken": Figure(
        ("overview_daily", "case_state_intervals", "cases"),
        {
            "eenheid": "select coalesce(sum(u.past_term_from - u.past_term_to)"
            " filter (u.day <= $last_day), 0) as value from overview_daily as u where {unit}",
            "medewerker": f"select count(*) as value from ({_OWNED_OPEN}) as o"
            " join cases as c on c.case_id = o.case_id where c.deadline_at < $end_at",
        },
        "Open zaken aan het eind van de periode waarvan de wettelijke termijn verstreken is.",
    ),
}

_WORK_FIGURES: dict[str, Figure] = {
    "bewerkingstijd_norm_pct": Figure(
        ("work_item_days",),
        {
            "alle": "select 100.0 * sum(u.timed_handling_minutes_with_norm)"
            " / nullif(sum(u.timed_norm_minutes), 0) as value from work_item_days as u"
            " where u.employee_id is not null and u.completed_on between $first_day and $last_day"
            " and {unit}",
        },
        "Bewerkingstijd van de in de periode afgeronde producten gedeeld door hun norm, over de"
        " producten met beide (handling_time_vs_norm, per dag in plaats van per maand).",
    ),
    "herstelwerk_pct": Figure(
        ("work_items",),
        {"alle": _RANKED_WORK},
        "Aandeel van de in de periode afgeronde producten dat een product herhaalt dat in"
        " dezelfde periode al in dezelfde zaak was afgerond (zoals op Medewerker en Team).",
    ),
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
_CAPACITY_DEFINITION = "Uit de capaciteitsregistratie: de weken die in de periode beginnen."

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

_WERKLAST_DEFINITION = (
    "Resterende normuren van de open zaken gedeeld door de directe uren per week"
    " (werklast_per_fte, op de peildatum van de gegevens, niet over de periode)."
)
_PER_FTE_DEFINITION = (
    "Werkvoorraad aan het eind van de periode gedeeld door de fte van de medewerker(s)."
)
FIGURE_DEFINITIONS: dict[str, str] = {
    **{name: figure.definition for name, figure in {**_FLOW_FIGURES, **_WORK_FIGURES}.items()},
    **dict.fromkeys(_CAPACITY_FIGURES, _CAPACITY_DEFINITION),
    "werklast_weken": _WERKLAST_DEFINITION,
    "team_werklast_weken": _WERKLAST_DEFINITION + " Gemiddelde over de medewerkers van het team.",
    "werkvoorraad_per_fte": _PER_FTE_DEFINITION,
    "team_werkvoorraad_per_fte": _PER_FTE_DEFINITION,
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


def _figure_sql(figure: Figure, unit_type: str) -> str:
    # Every select names the table it filters on the unit `u`.
    kind = "medewerker" if unit_type == "medewerker" else "eenheid"
    return figure.sql.get("alle", figure.sql.get(kind, "")).replace(
        "{unit}", _unit_filter(unit_type, "u")
    )


def _needed(figure: Figure, unit_type: str) -> set[str]:
    sql = _figure_sql(figure, unit_type)
    return {table for table in figure.tables if re.search(rf"\b{table}\b", sql)}


def realised(
    query: Query,
    tables: Collection[str],
    unit_type: str,
    unit_id: str,
    figure: str,
    start: date,
    end: date,
) -> float | None:
    """The value of one figure for a unit over the days [start, end); None where unknown."""
    params: dict[str, Any] = {
        "start_at": local_midnight(start),
        "end_at": local_midnight(end),
        "first_day": start,
        "last_day": end - timedelta(days=1),
    }
    if unit_type != "organisatie":
        params["unit"] = unit_id
    chosen = _FLOW_FIGURES.get(figure) or _WORK_FIGURES.get(figure)
    if chosen is not None:
        if not _needed(chosen, unit_type) <= set(tables):
            return None
        return _scalar(query, _figure_sql(chosen, unit_type), params)
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
        params = {
            "start_day": start,
            "end_day": end,
            **({"unit": unit_id} if "unit" in params else {}),
        }
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
    """Open cases at the start of `on` divided by the unit's fte (the werkvoorraad per fte)."""
    if not {"employees", "employee_teams", "teams"} <= set(tables):
        return None
    stock = realised(query, tables, unit_type, unit_id, "werkvoorraad_zaken", on, on)
    params: dict[str, Any] = {"end_day": on}
    if unit_type != "organisatie":
        params["unit"] = unit_id
    fte = _scalar(
        query,
        f"select sum(fte) as value from employees"
        f" where employee_id in ({_EMPLOYEES_OF_UNIT[unit_type]})",
        params,
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


def _figure(name: str, value: float | None) -> dict[str, Any]:
    # 'definition' was added later: snapshots finalised before it have label, unit and value.
    label, unit = FIGURE_LABELS[name]
    return {"label": label, "unit": unit, "value": value, "definition": FIGURE_DEFINITIONS[name]}


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
    for name in (*_FLOW_FIGURES, *_WORK_FIGURES, *_CAPACITY_FIGURES, *_INDICATOR_FIGURES):
        value = realised(query, tables, subject_type, subject_id, name, start, end)
        figures[name] = _figure(name, value)
    figures["werkvoorraad_per_fte"] = _figure(
        "werkvoorraad_per_fte", open_cases_per_fte(query, tables, subject_type, subject_id, end)
    )
    if subject_type == "medewerker":
        team = team_of(query, tables, subject_id, end)
        figures["team_werkvoorraad_per_fte"] = _figure(
            "team_werkvoorraad_per_fte",
            open_cases_per_fte(query, tables, "team", team, end) if team else None,
        )
        figures["team_werklast_weken"] = _figure(
            "team_werklast_weken",
            realised(query, tables, "team", team, "werklast_weken", start, end) if team else None,
        )
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
