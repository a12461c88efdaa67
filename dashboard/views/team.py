"""Team (team manager, monthly): results against goals, each employee's production,
handling time against the norm, running cases and workload, rework, and open cases by age."""

import polars as pl
import streamlit as st

from dashboard import charts, components, data, filters
from dashboard.formatting import day, number, percent
from dashboard.i18n import language, t

lang = language()
st.title(t("page_team"))
st.caption(t("team_intro"))

profile = components.guard_warehouse()
if profile is None:
    st.stop()

chosen = filters.current()
names = data.display_names()
teams = chosen.teams or tuple(data.filter_options()["teams"])
if not teams:
    components.missing("missing_organisation")
    st.stop()
team = st.selectbox(
    t("choose_team"),
    teams,
    format_func=lambda team_id: names["team"].get(team_id, team_id),
    key="team_choice",
)
team_filters = data.Filters(
    start=chosen.start,
    end=chosen.end,
    locations=chosen.locations,
    teams=(team,),
    case_types=chosen.case_types,
    routes=chosen.routes,
)

# --- the team against its goals ---------------------------------------------------------------
kpis = data.overview_kpis(team_filters)
st.caption(t("stock_note", date=day(chosen.end, lang)))
columns = st.columns(4)
with columns[0]:
    components.metric(t("uitstroom"), number(kpis["uitstroom"], 0, lang), "uitstroom", t("cases"))
with columns[1]:
    components.metric(t("tijdigheid"), percent(kpis["tijdigheid_pct"], 1, lang), "tijdigheid", "%")
with columns[2]:
    components.metric(
        t("werkvoorraad"),
        number(kpis["werkvoorraad"], 0, lang),
        "werkvoorraad",
        t("cases"),
    )
with columns[3]:
    components.metric(
        t("doorlooptijd_p50"),
        f"{number(kpis['doorlooptijd_p50_days'], 0, lang)} {t('days')}",
        "doorlooptijd",
        t("days"),
    )
team_goals = data.goals("team", team, chosen.end) if chosen.end else None
if team_goals:
    for goal in team_goals:
        figure = data.GOAL_FIGURES.get(goal["indicator"])
        value = kpis.get(figure) if figure else None
        status = data.goal_status(goal, value)
        st.markdown(
            f"- **{goal['indicator']}**: {t('doel')} {number(goal['target_value'], 1, lang)}, "
            f"{t('realisatie')} {number(value, 1, lang)} "
            f"({status or '–'})"
        )
elif team_goals is None:
    st.caption(t("goals_unreadable"))
else:
    st.caption(t("goals_none"))
# The team's own agreements, and the way to its review (Plan, Check and Act for the team).
agreements = data.open_agreement_counts("team", team)
if agreements is not None:
    st.caption(t("team_agreements", open=agreements[0], overdue=agreements[1]))
st.page_link(
    "views/pdca_review.py",
    label=t("to_team_review", name=names["team"].get(team, team)),
    icon=":material/reviews:",
    query_params={"eenheid": "team", "id": team},
)

# --- per employee -----------------------------------------------------------------------------
st.subheader(t("per_employee"))
people = data.employee_figures(team_filters)
if people.is_empty():
    st.info(t("no_data_filters"))
else:
    workload = data.indicator("werklast_per_fte", team_filters)
    if not workload.is_empty():
        people = people.join(
            workload.select("employee_id", "werklast_weeks"), on="employee_id", how="left"
        )
    people = people.with_columns(
        pl.coalesce("employee_name", "employee_id").alias("employee")
        if "employee_name" in people.columns
        else pl.col("employee_id").alias("employee")
    )
    components.table(
        people,
        f"{t('page_team')} {team}",
        {
            "employee": "col_employee",
            "products": "col_products",
            "norm_hours": "col_norm_hours",
            "handling_hours": "col_effort_hours",
            "handling_vs_norm_pct": "col_effort_vs_norm_pct",
            "running": "col_running",
            "suspended": "col_suspended",
            "werklast_weeks": "col_workload_weeks",
            "rework_pct": "col_rework_pct",
            "absence_pct": "col_absence_pct",
            "productivity_pct": "col_productivity_pct",
        },
        key="team_people",
        formats=components.decimals(
            1,
            "col_norm_hours",
            "col_effort_hours",
            "col_effort_vs_norm_pct",
            "col_workload_weeks",
            "col_rework_pct",
            "col_absence_pct",
            "col_productivity_pct",
        ),
    )
    with st.expander(t("about_figure")):
        st.markdown(
            f"{components.definition_text('production')}  \n"
            f"{components.definition_text('werklast', 'werklast_per_fte')}  \n"
            f"{components.definition_text('rework')}  \n"
            f"**{t('source')}:** `sql/marts/work_items.sql`, `sql/marts/case_state_intervals.sql`, "
            "`sql/indicators/werklast_per_fte.sql`"
        )
    if people["products"].sum() > 0:
        components.figure(
            charts.bars(
                people.sort("products", descending=True),
                "employee",
                {"products": t("col_products")},
                t("col_products"),
                horizontal=True,
                lang=lang,
            ),
            t("col_products"),
            "production",
            t("col_products"),
            key="team_products",
            source="work_items",
        )

# --- rework -------------------------------------------------------------------------------------
st.subheader(t("rework"))
rework = data.rework_by_activity(team_filters)
if rework.is_empty():
    st.info(f"0 {t('col_repeats').lower()}")
else:
    components.table(
        rework,
        t("rework"),
        {
            "activity": "col_activity",
            "products": "col_products",
            "repeats": "col_repeats",
            "cases_with_rework": "col_cases_with_rework",
            "rework_pct": "col_rework_pct",
        },
        key="team_rework",
        formats=components.decimals(1, "col_rework_pct"),
    )
    with st.expander(t("about_figure")):
        st.markdown(components.definition_text("rework"))

# --- open cases by age ----------------------------------------------------------------------------
st.subheader(t("open_by_age"))
ages = data.open_by_age(team_filters)
if ages.is_empty():
    st.info(t("no_data_filters"))
else:
    ages = ages.group_by("age_class").agg(pl.col("open_cases").sum()).sort("age_class")
    ages = ages.with_columns(
        pl.col("age_class")
        .map_elements(lambda index: t(f"age_class_{index}"), return_dtype=pl.String)
        .alias("age")
    )
    components.figure(
        charts.bars(ages, "age", {"open_cases": t("col_open_cases")}, t("cases"), lang=lang),
        "",
        "open_by_age",
        t("cases"),
        key="team_ages",
    )
