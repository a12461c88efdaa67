"""Overzicht (management): are the sturingsdoelen met? Timeliness, lead time, backlog and
production in the chosen period, the monthly trend, and a drill-down to location and team."""

import polars as pl
import streamlit as st

from dashboard import charts, components, data, filters
from dashboard.formatting import day, month_label, number, percent
from dashboard.i18n import language, t
from dashboard.views import forecast_section

RAG_LABELS = {"groen": "rag_green", "oranje": "rag_amber", "rood": "rag_red"}
lang = language()


def production_status(done: float | None, target: float | None) -> str | None:
    """Green at or above the target, amber within 10% below it, red further below."""
    if done is None or target is None:
        return None
    return "groen" if done >= target else ("oranje" if done >= 0.9 * target else "rood")


st.title(t("page_overview"))
st.caption(t("overview_intro"))

profile = components.guard_warehouse()
if profile is None:
    st.stop()

chosen = filters.current()
kpis = data.overview_kpis(chosen)
as_of = day(chosen.end, lang)

if not profile.has_deadlines:
    components.missing("missing_deadlines")

# --- sturingsdoelen -------------------------------------------------------------------------
st.subheader(t("goals"))
goal_rows = data.goals("organisatie", None, chosen.end) if chosen.end else None
if goal_rows is None:
    st.info(t("goals_unreadable"), icon=":material/flag:")
elif not goal_rows:
    st.info(t("goals_none"), icon=":material/flag:")
else:
    rows = []
    for goal in goal_rows:
        figure = data.GOAL_FIGURES.get(goal["indicator"])
        value = kpis.get(figure) if figure else None
        status = data.goal_status(goal, value) if value is not None else None
        rows.append(
            {
                "indicator": goal["indicator"],
                "unit": goal["unit_id"],
                "target": goal["target_value"],
                "value": value,
                "status": t(RAG_LABELS[status]) if status else "–",
            }
        )
    components.table(
        pl.DataFrame(rows),
        t("goals"),
        {
            "indicator": "col_indicator",
            "unit": "col_location",
            "target": "col_target",
            "value": "col_value",
            "status": "col_status",
        },
        key="overview_goals",
    )
    st.caption(
        "Groen: doel gehaald. Rood: voorbij de rode drempel. Oranje: daartussen."
        if lang == "nl"
        else "Green: target met. Red: beyond the red threshold. Amber: in between."
    )

# --- headline figures -----------------------------------------------------------------------
st.subheader(f"{t('period')} {day(chosen.start, lang)} – {as_of}")
st.caption(t("stock_note", date=as_of))
row1 = st.columns(4)
with row1[0]:
    components.metric(t("tijdigheid"), percent(kpis["tijdigheid_pct"], 1, lang), "tijdigheid", "%")
with row1[1]:
    components.metric(
        t("doorlooptijd_p50"),
        f"{number(kpis['doorlooptijd_p50_days'], 0, lang)} {t('days')}",
        "doorlooptijd",
        t("days"),
    )
with row1[2]:
    components.metric(
        t("doorlooptijd_p90"),
        f"{number(kpis['doorlooptijd_p90_days'], 0, lang)} {t('days')}",
        "doorlooptijd",
        t("days"),
    )
with row1[3]:
    components.metric(t("uitstroom"), number(kpis["uitstroom"], 0, lang), "uitstroom", t("cases"))
row2 = st.columns(4)
with row2[0]:
    components.metric(t("instroom"), number(kpis["instroom"], 0, lang), "instroom", t("cases"))
with row2[1]:
    components.metric(
        t("werkvoorraad"),
        number(kpis["werkvoorraad"], 0, lang),
        "werkvoorraad",
        t("cases"),
    )
with row2[2]:
    components.metric(
        t("ouderdom"),
        f"{number(kpis['ouderdom_median_days'], 0, lang)} {t('days')}",
        "ouderdom",
        t("days"),
    )
with row2[3]:
    components.metric(t("past_term"), number(kpis["past_term"], 0, lang), "past_term", t("cases"))
st.caption(
    "Doorlooptijd p50/p90 en ouderdom komen uit een verdeling in klassen van één dag "
    "(sql/indicators/lead_time_histogram.sql, open_stock_by_receipt.sql): het percentiel ligt "
    "binnen zijn dag, lineair verdeeld, dus nauwkeurig tot op een dag. Aantallen zijn exact."
    if lang == "nl"
    else "Lead time p50/p90 and age come from a distribution in one-day classes "
    "(sql/indicators/lead_time_histogram.sql, open_stock_by_receipt.sql): the percentile is "
    "placed within its day by linear interpolation, so exact to within a day. Counts are exact."
)

# --- trend ----------------------------------------------------------------------------------
st.subheader(t("trend"))
trend = data.monthly_trend(chosen)
trend = trend.with_columns(
    pl.col("month").map_elements(lambda month: month_label(month, lang), return_dtype=pl.String)
)
if trend.is_empty():
    st.info(t("no_data_filters"))
else:
    goal_by_indicator = {goal["indicator"]: goal for goal in goal_rows or []}
    left, right = st.columns(2)
    with left:
        components.figure(
            charts.lines(
                trend,
                "month",
                {"instroom": t("instroom"), "uitstroom": t("uitstroom")},
                t("cases"),
                lang=lang,
            ),
            t("inflow_outflow"),
            "instroom",
            t("cases"),
            key="overview_flow",
        )
        timeliness_goal = goal_by_indicator.get("tijdigheid_pct")
        components.figure(
            charts.lines(
                trend,
                "month",
                {"tijdigheid_pct": t("tijdigheid")},
                "%",
                target=timeliness_goal["target_value"] if timeliness_goal else None,
                target_label=t("doel"),
                lang=lang,
            ),
            t("timeliness_trend"),
            "tijdigheid",
            "%",
            key="overview_timeliness",
        )
    with right:
        backlog_goal = goal_by_indicator.get("werkvoorraad_zaken")
        components.figure(
            charts.lines(
                trend,
                "month",
                {"werkvoorraad": t("werkvoorraad")},
                t("cases"),
                target=backlog_goal["target_value"] if backlog_goal else None,
                target_label=t("doel"),
                lang=lang,
            ),
            t("backlog_trend"),
            "werkvoorraad",
            t("cases"),
            key="overview_backlog",
        )
        components.figure(
            charts.lines(
                trend,
                "month",
                {"doorlooptijd_p50_days": "p50", "doorlooptijd_p90_days": "p90"},
                t("days"),
                lang=lang,
            ),
            t("lead_time_trend"),
            "doorlooptijd",
            t("days"),
            key="overview_lead_time",
        )

# --- production against the funded target ---------------------------------------------------
st.subheader(t("production_vs_target"))
if not profile.has_targets:
    components.missing("missing_targets")
else:
    production = data.production_vs_target(chosen)
    if production.is_empty():
        st.info(t("no_data_filters"))
    else:
        per_period = (
            production.group_by("period_start", "period_end")
            .agg(pl.col("decisions").sum(), pl.col("target_pro_rata").sum())
            .sort("period_start")
            .with_columns(
                pl.format(
                    "{} – {}",
                    pl.col("period_start").dt.strftime("%d-%m-%Y"),
                    (pl.col("period_end") - pl.duration(days=1)).dt.strftime("%d-%m-%Y"),
                ).alias("label")
            )
        )
        statuses = [
            production_status(done, target)
            for done, target in zip(
                per_period["decisions"], per_period["target_pro_rata"], strict=True
            )
        ]
        components.figure(
            charts.target_bars(
                per_period["label"].to_list(),
                per_period["decisions"].to_list(),
                per_period["target_pro_rata"].to_list(),
                statuses,
                t("realisatie"),
                t("productiedoel"),
                t("cases"),
                lang=lang,
            ),
            "",
            "productiedoel",
            t("cases"),
            key="overview_production",
            source="production_targets",
        )
        components.table(
            production.with_columns(
                pl.col("period_start").dt.strftime("%d-%m-%Y"),
                (pl.col("period_end") - pl.duration(days=1)).dt.strftime("%d-%m-%Y"),
            ),
            t("production_vs_target"),
            {
                "period_start": "col_period_start",
                "period_end": "col_period_end",
                "case_type": "col_case_type",
                "decisions": "col_decided",
                "target_decisions": "col_target",
                "target_pro_rata": "col_target_pro_rata",
            },
            key="overview_production_table",
        )
        st.caption(t("rag_rule", margin=10))

# --- forecast -------------------------------------------------------------------------------
forecast_section.show(chosen, lang)

# --- drill-down -----------------------------------------------------------------------------
st.subheader(t("drill_down"))
names = data.display_names()
columns = {
    "unit_name": "col_location",
    "instroom": "col_received_count",
    "uitstroom": "col_decided",
    "werkvoorraad": "col_backlog",
    "past_term": "col_past_term",
    "tijdigheid_pct": "col_timeliness_pct",
    "doorlooptijd_p50_days": "col_lead_p50",
    "doorlooptijd_p90_days": "col_lead_p90",
}
number_formats = components.decimals(1, "col_timeliness_pct") | components.decimals(
    0, "col_lead_p50", "col_lead_p90"
)
# One breakdown at a time: tabs would compute both, and per team that is thousands of rows.
kind = (
    st.segmented_control(
        t("breakdown_by"),
        ["location", "team"],
        default="location",
        format_func=lambda k: t(f"by_{k}"),
        key="overview_breakdown",
    )
    or "location"
)
frame = data.breakdown(chosen, f"{kind}_id")
if frame.is_empty() or frame["unit"].is_null().all():
    components.missing("missing_organisation")
else:
    frame = frame.with_columns(
        pl.col("unit").replace(names[kind]).fill_null(t("unknown")).alias("unit_name")
    )
    components.table(
        frame,
        t(f"by_{kind}"),
        {**columns, "unit_name": f"col_{kind}"},
        key=f"overview_{kind}",
        formats=number_formats,
    )
