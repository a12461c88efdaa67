"""Doorlooptijden en proces: lead-time distributions per route and product, where cases wait
(time between steps), a process map of the most common transitions, the most common paths and
rework loops."""

import polars as pl
import streamlit as st

from dashboard import charts, components, data, filters
from dashboard.formatting import number
from dashboard.i18n import language, t

# How the figures below are read from the pre-aggregated tables (sql/indicators/process_*.sql).
EXACT_NOTE = {
    "nl": "Over alle zaken. Een overgang telt op de dag dat de volgende stap is afgerond; "
    "zaken = zaken waarvan de eerste zo'n overgang in de periode valt. Mediane wachttijd en "
    "bewerkingstijd komen uit klassen van een kwart octaaf (nauwkeurig tot ca. 10%); "
    "gemiddelden zijn exact.",
    "en": "Over all cases. A transition counts on the day its next step was completed; cases = "
    "cases whose first such transition falls in the period. Median waiting and handling times "
    "come from quarter-octave classes (within about 10%); means are exact.",
}
lang = language()
st.title(t("page_process"))
st.caption(t("process_intro"))

profile = components.guard_warehouse()
if profile is None:
    st.stop()
chosen = filters.current()

# --- lead-time distribution ---------------------------------------------------------------------
st.subheader(t("lead_time_distribution"))
lead, decided_count = data.lead_time_sample(chosen)
source = "lead_times"
if lead.is_empty():
    lead, source = data.lead_times(chosen), "cases"
elif lead.height < decided_count:
    st.caption(
        t("lead_sample", sample=number(lead.height, 0, lang), total=number(decided_count, 0, lang))
    )
if lead.is_empty():
    st.info(t("no_data_filters"))
else:
    has_net = (
        "net_lead_time_days" in lead.columns and lead["net_lead_time_days"].is_not_null().any()
    )
    left, right = st.columns([1, 1])
    group_options = [
        column for column in ("route", "case_type") if lead[column].is_not_null().any()
    ]
    group_by = left.segmented_control(
        t("lead_time_by"),
        group_options or ["-"],
        default=(group_options or ["-"])[0],
        format_func=lambda key: {"route": t("route"), "case_type": t("case_type")}.get(
            key, t("all")
        ),
        key="process_group",
    )
    measure = "lead_time_days"
    if has_net and right.toggle(t("net"), key="process_net"):
        measure = "net_lead_time_days"
    shown = lead.with_columns(
        (
            pl.col(group_by).fill_null(t("unknown"))
            if group_by in lead.columns
            else pl.lit(t("all"))
        ).alias("group")
    )
    if shown["group"].n_unique() == 1:
        fig = charts.histogram(
            shown[measure].drop_nulls().to_list(), t("days"), t("cases"), lang=lang
        )
    else:
        fig = charts.distribution(
            shown.select("group", measure), measure, "group", t("days"), lang=lang
        )
    components.figure(
        fig,
        "",
        "doorlooptijd",
        t("days"),
        key="process_lead",
        source=source,
    )

# --- where cases wait ---------------------------------------------------------------------------
st.subheader(t("waiting_between_steps"))
st.caption(EXACT_NOTE[lang])
steps = data.transitions(chosen)
if steps.is_empty():
    st.info(t("no_data_filters"))
else:
    waits = steps.filter(pl.col("transitions") >= max(5, steps["transitions"].max() // 100))
    waits = (
        waits.sort("median_wait_days", descending=True)
        .head(15)
        .with_columns(pl.format("{} → {}", "from_activity", "to_activity").alias("step"))
    )
    components.figure(
        charts.bars(
            waits,
            "step",
            {"median_wait_days": t("col_median_wait_days")},
            t("days"),
            horizontal=True,
            lang=lang,
        ),
        "",
        "transitions",
        t("days"),
        key="process_waits",
        source="work_items",
    )
    components.table(
        steps,
        t("waiting_between_steps"),
        {
            "from_activity": "col_from",
            "to_activity": "col_to",
            "transitions": "col_transitions",
            "cases": "col_cases",
            "median_wait_days": "col_median_wait_days",
            "mean_wait_days": "col_mean_wait_days",
        },
        key="process_transitions",
        formats=components.decimals(1, "col_median_wait_days", "col_mean_wait_days"),
        height=300,
    )

    # --- process map ----------------------------------------------------------------------------
    st.subheader(t("process_map"))
    top = steps.sort("transitions", descending=True).head(25)
    components.figure(
        charts.sankey(
            top["from_activity"].to_list(),
            top["to_activity"].to_list(),
            top["transitions"].to_list(),
            lang=lang,
        ),
        "",
        "transitions",
        t("col_transitions"),
        key="process_map",
        source="work_items",
    )

# --- most common paths --------------------------------------------------------------------------
st.subheader(t("top_paths"))
paths = data.top_paths(chosen)
if paths.is_empty():
    st.info(t("no_data_filters"))
else:
    components.table(
        paths,
        t("top_paths"),
        {"path": "col_path", "cases": "col_cases", "share_pct": "col_share_pct"},
        key="process_paths",
        formats=components.decimals(1, "col_share_pct"),
    )
    with st.expander(t("about_figure")):
        st.markdown(components.definition_text("paths"))

# --- rework loops ---------------------------------------------------------------------------------
st.subheader(t("rework_loops"))
rework = data.process_rework(chosen)
if rework.is_empty():
    st.info(f"0 {t('col_repeats').lower()}")
else:
    components.figure(
        charts.bars(
            rework.head(15),
            "activity",
            {"repeats": t("col_repeats")},
            t("col_repeats"),
            horizontal=True,
            lang=lang,
        ),
        "",
        "rework",
        t("col_repeats"),
        key="process_rework",
        source="work_items",
    )
    components.table(
        rework,
        t("rework_loops"),
        {
            "activity": "col_activity",
            "products": "col_products",
            "repeats": "col_repeats",
            "cases_with_rework": "col_cases_with_rework",
            "rework_pct": "col_rework_pct",
        },
        key="process_rework_table",
        formats=components.decimals(1, "col_rework_pct"),
    )

# --- handling time against the norm ---------------------------------------------------------------
st.subheader(t("handling_vs_norm"))
handling = data.handling_by_activity(chosen)
if handling.is_empty() or handling["handling_vs_norm_pct"].is_null().all():
    components.missing("missing_norms")
else:
    handling = handling.filter(pl.col("handling_vs_norm_pct").is_not_null())
    components.figure(
        charts.bars(
            handling.sort("handling_vs_norm_pct", descending=True),
            "activity",
            {"handling_vs_norm_pct": t("col_effort_vs_norm_pct")},
            "%",
            horizontal=True,
            lang=lang,
        ),
        "",
        "production",
        "%",
        key="process_handling",
        source="work_items",
    )
    components.table(
        handling,
        t("handling_vs_norm"),
        {
            "activity": "col_activity",
            "products": "col_products",
            "median_handling_minutes": "col_mean_handling",
            "norm_minutes": "col_norm_minutes",
            "handling_vs_norm_pct": "col_effort_vs_norm_pct",
        },
        key="process_handling_table",
        formats=components.decimals(
            0, "col_mean_handling", "col_norm_minutes", "col_effort_vs_norm_pct"
        ),
    )
