"""Locatie (location head, weekly): is the workload fairly spread over teams and employees,
which cases will pass their term, and where is capacity free?"""

from dataclasses import replace

import polars as pl
import streamlit as st

from dashboard import charts, components, data, filters
from dashboard.fairness import coefficient_of_variation, gini, max_over_median, per_group
from dashboard.formatting import complexity_rank, day, number
from dashboard.i18n import language, t

lang = language()
st.title(t("page_location"))
st.caption(t("location_intro"))

profile = components.guard_warehouse()
if profile is None:
    st.stop()

chosen = filters.current()
names = data.display_names()
team_name = names["team"]

# One location at a time: a location head reviews their own, and the page stays readable (and
# fast) for an organisation of thousands of teams. The sidebar's choice, else all in view, in
# the order of the pick lists (by id).
locations = sorted(chosen.locations) or data.filter_options()["locations"]
location_name = names["location"]
if locations:
    shown = st.selectbox(
        t("location"),
        locations,
        format_func=lambda location: location_name.get(location, location),
        key="location_shown",
    )
    chosen = replace(chosen, locations=(shown,))
    st.caption(t("location_shown", name=location_name.get(shown, shown)))
st.caption(t("reference_date_note", date=day(data.data_as_of(), lang)))
if not profile.has_organisation:
    components.missing("missing_organisation")
if not profile.has_norms or not profile.has_capacity:
    components.missing("missing_norms" if not profile.has_norms else "missing_capacity")

# --- workload: distribution over employees, per team ----------------------------------------
st.subheader(t("workload_distribution"))
per_employee, measure = data.workload(chosen)
if per_employee.is_empty():
    st.info(t("no_data_filters"))
else:
    in_weeks = measure == "werklast_weeks"
    unit = t("weeks") if in_weeks else t("cases")
    label = t("werklast_per_fte") if in_weeks else t("open_cases_value")
    definition = "werklast" if in_weeks else "open_per_employee"
    per_employee = per_employee.with_columns(
        pl.col("team_id").replace(team_name).fill_null(t("unknown")).alias("team")
    ).sort("team")

    per_team = per_group(per_employee, measure, "team")
    components.figure(
        charts.distribution(per_employee, measure, "team", f"{label} ({unit})", lang=lang),
        t("workload_employees"),
        definition,
        unit,
        key="location_distribution",
        source="werklast_per_fte",
    )
    st.markdown(f"**{t('fairness_teams')}**")
    worst = per_team.filter(pl.col("cv").is_not_null()).sort("cv", descending=True).head(1)
    if not worst.is_empty():
        st.warning(
            t("stands_out", team=worst["team"][0], cv=number(worst["cv"][0], 2, lang)),
            icon=":material/balance:",
        )
    components.table(
        per_team,
        t("fairness"),
        {
            "team": "col_team",
            "employees": "col_employees",
            "mean": "col_mean_werklast" if in_weeks else "col_mean_open",
            "max": "col_max_werklast" if in_weeks else "col_max_open",
            "cv": "col_cv",
            "max_median": "col_max_median",
            "gini": "col_gini",
        },
        key="location_fairness",
        formats=components.decimals(
            2, "col_cv", "col_max_median", "col_gini", "col_mean_werklast", "col_mean_open"
        ),
    )
    with st.expander(t("about_figure")):
        st.markdown(components.definition_text("fairness"))

    team_means = per_team.select("team", "mean").sort("mean", descending=True)
    spread = team_means["mean"].drop_nulls().to_list()
    st.markdown(f"**{t('fairness_location')}**")
    cols = st.columns(3)
    for column, (key, value) in zip(
        cols,
        (
            ("coefficient_of_variation", coefficient_of_variation(spread)),
            ("max_over_median", max_over_median(spread)),
            ("gini", gini(spread)),
        ),
        strict=True,
    ):
        with column:
            components.metric(t(key), number(value, 2, lang), "fairness", "ratio", source=None)

    st.subheader(t("free_capacity"))
    st.caption(t("capacity_free_help"))
    components.figure(
        charts.bars(
            team_means.sort("mean"), "team", {"mean": label}, unit, horizontal=True, lang=lang
        ),
        t("workload_teams"),
        definition,
        unit,
        key="location_team_workload",
        source="werklast_per_fte",
    )

# --- complexity mix -------------------------------------------------------------------------
st.subheader(t("complexity_mix"))
mix = data.indicator("complexity_mix", chosen)
if not profile.has_complexity or mix.is_empty():
    st.info(t("missing_table", what=t("complexiteit").lower()))
else:
    mix = mix.with_columns(
        pl.col("team_id").replace(team_name).fill_null(t("unknown")).alias("team"),
        pl.col("complexity").fill_null(t("unknown")),
    )
    wide = (
        mix.pivot(on="complexity", index="team", values="open_case_count", aggregate_function="sum")
        .fill_null(0)
        .sort("team")
    )
    classes = sorted((column for column in wide.columns if column != "team"), key=complexity_rank)
    components.figure(
        charts.bars(
            wide,
            "team",
            {c: c for c in classes},
            t("cases"),
            horizontal=True,
            stacked=True,
            lang=lang,
        ),
        "",
        "complexiteit",
        t("cases"),
        key="location_complexity",
        source="complexity_mix",
    )

# --- capacity and absence -------------------------------------------------------------------
st.subheader(t("capacity_absence"))
capacity = data.team_capacity(chosen)
if not profile.has_capacity or capacity.is_empty():
    components.missing("missing_capacity")
else:
    capacity = capacity.with_columns(
        pl.col("team_id").replace(team_name).fill_null(t("unknown")).alias("team")
    )
    components.table(
        capacity,
        t("capacity_absence"),
        {
            "team": "col_team",
            "employees": "col_employees",
            "contract_hours": "col_contract_hours",
            "available_hours": "col_available_hours",
            "direct_hours": "col_direct_hours",
            "absence_hours": "col_absence_hours",
            "absence_pct": "col_absence_pct",
            "direct_pct": "col_direct_pct",
        },
        key="location_capacity",
        formats=components.decimals(1, "col_absence_pct", "col_direct_pct")
        | components.decimals(
            0, "col_contract_hours", "col_available_hours", "col_direct_hours", "col_absence_hours"
        ),
    )
    with st.expander(t("about_figure")):
        st.markdown(components.definition_text("capaciteit"))

# --- termijnbewaking ------------------------------------------------------------------------
st.subheader(t("term_watch"))
if not profile.has_deadlines:
    components.missing("missing_deadlines")
else:
    horizon = st.slider(t("term_watch_days"), 0, 180, 30, step=5, key="location_horizon")
    watch, open_total = data.deadline_watch(chosen, horizon)
    if open_total == 0:  # a warehouse from before the indicator: from the cases mart
        deadlines = data.open_cases(chosen)
        open_total = deadlines.height
        watch = deadlines.filter(
            pl.col("days_left").is_not_null() & (pl.col("days_left") <= horizon)
        ).sort("days_left")
    if watch.is_empty():
        st.success(t("no_data_filters") if open_total == 0 else f"0 {t('cases')}")
    else:
        unassigned = t("te_plannen").lower()
        watch = watch.with_columns(
            pl.col("team_id").replace(team_name).fill_null(unassigned).alias("team"),
            pl.col("location_id").replace(names["location"]).alias("location"),
        )
        st.caption(
            f"{number(watch.height, 0, lang)} {t('one_case' if watch.height == 1 else 'cases')}"
        )
        columns = {
            "case_id": "col_case_id",
            "location": "col_location",
            "team": "col_team",
            "case_type": "col_case_type",
            "route": "col_route",
            "state": "col_state",
            "days_left": "col_days_left",
            "age_days": "col_age_days",
            "will_pass_term": "col_will_pass_term",
        }
        # A long list scrolls within a fixed height; a short one takes only its own rows.
        height = 360 if watch.height > 8 else "auto"
        components.table(watch, t("term_watch"), columns, key="location_term_watch", height=height)
        with st.expander(t("about_figure")):
            st.markdown(components.definition_text("termijnbewaking", "open_case_deadlines"))
