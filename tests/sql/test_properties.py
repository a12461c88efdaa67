"""Identities that must hold for any case history (hypothesis generates the histories).

- stock identity: open at month end = open at month start + inflow - outflow (organisation),
  and with transfers per unit; the month-end stock equals the point-in-time stock of the
  state intervals (an independent range join);
- lead times are never negative, and net never exceeds gross;
- the sum over the employees of a team equals the team total;
- an incremental refresh after a second load equals a full refresh.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipelines.indicators import werkvoorraad_as_of
from pipelines.refresh import apply_schema, discover_models, refresh_derived
from tests.sql.warehouse_fixtures import insert_events, insert_rows

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EMPLOYEES = {"E1": "T1", "E2": "T2", "E3": "T3"}
STEP_KINDS = ("assign", "suspend", "resume", "decision", "reopen", "work")

steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1500),  # hours after the previous step
        st.sampled_from(STEP_KINDS),
        st.sampled_from(sorted(EMPLOYEES)),
    ),
    max_size=8,
)
cases = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=420),  # day of receipt after 1 Jan 2024
        st.sampled_from([0, 0, 9 * 60, 23 * 60 + 59]),  # minute of the day: midnight often
        steps,
        st.booleans(),  # has a decision rule attribute (else: decided at the last event)
    ),
    min_size=1,
    max_size=5,
)


def history_events(case_histories) -> tuple[list[dict], list[str]]:
    events, with_rule = [], []
    for number, (day, minute, case_steps, has_rule) in enumerate(case_histories):
        case_id = f"C{number}"
        local = dt.datetime(2024, 1, 1) + dt.timedelta(days=day, minutes=minute)
        events.append(event(case_id, "ontvangst", "complete", local, None))
        for hours, kind, employee in case_steps:
            local += dt.timedelta(hours=hours)
            events.append(step_event(case_id, kind, employee, local))
        if has_rule:
            with_rule.append(case_id)
    return events, with_rule


def event(case_id, activity, lifecycle, local, employee, team=None):
    return {
        "case_id": case_id,
        "activity": activity,
        "lifecycle": lifecycle,
        "event_at": local.replace(tzinfo=AMSTERDAM).astimezone(dt.UTC),
        "employee_id": employee,
        "team_id": team,
    }


def step_event(case_id, kind, employee, local):
    return {
        "assign": lambda: event(
            case_id, "toewijzing", "assign", local, employee, EMPLOYEES[employee]
        ),
        "suspend": lambda: event(case_id, "opschorting", "suspend", local, None),
        "resume": lambda: event(case_id, "opschorting", "resume", local, None),
        "decision": lambda: event(case_id, "beschikking", "complete", local, employee),
        "reopen": lambda: event(case_id, "heropening", "complete", local, None),
        "work": lambda: event(case_id, "gehoor", "complete", local, employee),
    }[kind]()


def warehouse(events: list[dict], with_rule: list[str], load_ids=None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set TimeZone='UTC'")
    apply_schema(con)
    insert_rows(
        con,
        "teams",
        [{"team_id": t, "team_name": t, "location_id": loc}
         for t, loc in (("T1", "L1"), ("T2", "L2"), ("T3", "L1"))],
    )  # fmt: skip
    # E1 moves from T1 to T3 mid-year: a team change inside many generated cases.
    insert_rows(
        con,
        "employee_teams",
        [
            {"employee_id": "E1", "team_id": "T1", "valid_from": dt.date(2023, 1, 1),
             "valid_to": dt.date(2024, 7, 1)},
            {"employee_id": "E1", "team_id": "T3", "valid_from": dt.date(2024, 7, 1),
             "valid_to": None},
            {"employee_id": "E2", "team_id": "T2", "valid_from": dt.date(2023, 1, 1),
             "valid_to": None},
        ],
    )  # fmt: skip
    if events:
        insert_events(con, events)
    if with_rule:
        insert_rows(
            con,
            "case_attributes",
            [{"case_id": c, "decided_rule": "beschikking", "load_id": 1} for c in with_rule],
        )
    return con


PROPERTY_SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_stock_identities(case_histories):
    events, with_rule = history_events(case_histories)
    con = warehouse(events, with_rule)
    refresh_derived(con)

    flow = con.sql("select * from flow_monthly order by month").pl()
    assert (
        flow["open_at_month_end"] == flow["open_at_month_start"] + flow["inflow"] - flow["outflow"]
    ).all()
    assert flow["open_at_month_start"][0] == 0
    assert flow["open_at_month_start"].to_list()[1:] == flow["open_at_month_end"].to_list()[:-1]

    by_unit = con.sql("select * from flow_monthly_by_unit").pl()
    assert (
        by_unit["open_at_month_end"]
        == by_unit["open_at_month_start"] + by_unit["inflow"] + by_unit["transfers_in"]
        - by_unit["outflow"] - by_unit["transfers_out"]
    ).all()  # fmt: skip
    assert by_unit["transfers_in"].sum() == by_unit["transfers_out"].sum()
    assert by_unit["inflow"].sum() == flow["inflow"].sum()
    assert by_unit["outflow"].sum() == flow["outflow"].sum()

    # The month-end stock of the flow equals an independent point-in-time count.
    as_of = con.sql("select as_of_date from data_as_of").fetchall()[0][0]
    for month, open_at_end in flow.select("month", "open_at_month_end").rows():
        first = dt.date.fromisoformat(f"{month}-01")
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if last <= as_of:
            assert werkvoorraad_as_of(con, last)["case_count"].sum() == open_at_end, month


@PROPERTY_SETTINGS
@given(cases)
def test_lead_times_are_never_negative(case_histories):
    events, with_rule = history_events(case_histories)
    con = warehouse(events, with_rule)
    refresh_derived(con)
    negative = con.sql(
        """
        select count(*) from lead_times
        where lead_time_days < 0 or net_lead_time_days < -1e-9 or lead_time_working_days < 0
           or net_lead_time_working_days < 0 or net_lead_time_days > lead_time_days + 1e-9
           or lead_time_calendar_days < 0
        """
    ).fetchall()[0][0]
    assert negative == 0
    intervals = con.sql(
        "select count(*) from case_state_intervals where valid_to <= valid_from"
    ).fetchall()[0][0]
    assert intervals == 0


@PROPERTY_SETTINGS
@given(cases)
def test_sum_over_employees_equals_team_total(case_histories):
    events, with_rule = history_events(case_histories)
    con = warehouse(events, with_rule)
    refresh_derived(con)
    mismatches = con.sql(
        """
        with employees as (
            select snapshot_date, team_id, sum(case_count) as case_count
            from werkvoorraad_weekly_employee group by all
        ),
        teams as (
            select calendar_date as snapshot_date, team_id, sum(case_count) as case_count
            from werkvoorraad_daily
            where state in ('lopend', 'opgeschort') and team_id is not null
              and calendar_date in (select snapshot_date from werkvoorraad_weekly_employee)
            group by all
        )
        select * from employees full join teams using (snapshot_date, team_id)
        where employees.case_count is distinct from teams.case_count
          and employees.team_id is not null
        """
    ).fetchall()
    assert mismatches == []
    production = con.sql(
        """
        select
            (select coalesce(sum(decisions), 0) from production_monthly),
            (select coalesce(sum(outflow), 0) from flow_monthly)
        """
    ).fetchall()[0]
    assert production[0] == production[1]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases, cases)
def test_incremental_refresh_equals_full_refresh(first_load, second_load):
    first_events, first_rule = history_events(first_load)
    second_events, second_rule = history_events(second_load)
    # The second load adds new cases and more events for the first load's cases.
    second_events = [
        {**row, "case_id": f"N{row['case_id']}", "load_id": 2} for row in second_events
    ] + [{**row, "load_id": 2, "event_at": row["event_at"] + dt.timedelta(days=500)}
         for row in first_events[:3]]  # fmt: skip

    second_attributes = [
        {"case_id": f"N{case_id}", "decided_rule": "beschikking", "load_id": 2}
        for case_id in second_rule
    ]

    incremental = warehouse(first_events, first_rule)
    refresh_derived(incremental)
    insert_events(incremental, second_events)
    if second_attributes:
        insert_rows(incremental, "case_attributes", second_attributes)
    refresh_derived(incremental, changed_load_id=2)

    full = warehouse(first_events + second_events, first_rule)
    if second_attributes:
        insert_rows(full, "case_attributes", second_attributes)
    refresh_derived(full)

    for model in discover_models():
        query = f"select * from {model.name} order by all"
        assert_frame_equal(incremental.sql(query).pl(), full.sql(query).pl(), check_row_order=True)
