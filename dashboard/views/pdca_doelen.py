"""Sturingsdoelen (Plan): set a goal per unit, period and indicator, beside what the last
months realised and what inflow and capacity make reachable; every change is a new version."""

from datetime import date, timedelta

import polars as pl
import streamlit as st

from dashboard import charts
from dashboard.formatting import day, month_label
from dashboard.i18n import language, t
from dashboard.pdca.goals import (
    GOAL_INDICATORS,
    UNIT_TYPES,
    current_goals,
    goal_history,
    save_goal,
    withdraw_goal,
)
from dashboard.pdca.snapshots import recent_realisation
from dashboard.pdca.store import StoreError
from dashboard.pdca.validation import InvalidInput
from dashboard.views import forecast_section
from dashboard.views import pdca_common as common

lang = language()
st.title(t("pdca_page_goals"))
st.caption(t("pdca_goals_intro"))
store = common.store()

unit_type, unit_id = common.pick_unit(UNIT_TYPES, "pdca_doelen")
if not unit_id:
    st.info(t("pdca_choose_unit_first"), icon=":material/info:")
    st.stop()

indicator = st.selectbox(
    t("col_indicator"),
    list(GOAL_INDICATORS),
    format_func=lambda name: f"{GOAL_INDICATORS[name].label} ({GOAL_INDICATORS[name].unit})",
    key="pdca_doelen_indicator",
)
spec = GOAL_INDICATORS[indicator]

# --- what is realistic: the last months of this unit -------------------------------------------
plan, realism = st.columns([1, 1])
with realism:
    st.subheader(t("pdca_realistic"))
    query, tables = common.warehouse()
    history = recent_realisation(query, tables, unit_type, unit_id, indicator, date.today())
    if history["realisatie"].null_count() == history.height and not tables:
        st.info(t("no_warehouse"), icon=":material/database:")
    else:
        st.plotly_chart(
            charts.lines(
                history.with_columns(pl.col("maand").cast(pl.String)),
                "maand",
                {"realisatie": f"{spec.label} ({spec.unit})"},
                spec.unit,
                lang=lang,
            ),
            key="pdca_doelen_history_chart",
            width="stretch",
        )
    realised_label = f"{t('realisatie')} ({spec.unit})"
    st.dataframe(
        history.with_columns(
            pl.col("maand").map_elements(lambda d: month_label(d, lang), pl.String)
        ).rename(
            {
                "maand": t("month"),
                "realisatie": realised_label,
                "instroom": f"{t('instroom')} ({t('cases')})",
                "beschikbare_uren": t("beschikbare_uren"),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            realised_label: st.column_config.NumberColumn(format="%.1f"),
            t("beschikbare_uren"): st.column_config.NumberColumn(format="%.0f"),
        },
    )
    st.caption(t("pdca_realistic_note"))

# --- the form: a new goal, or a new version of an existing one -------------------------------
with plan:
    st.subheader(t("pdca_set_goal"))
    today = date.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    next_quarter = (quarter_start + timedelta(days=95)).replace(day=1)
    with st.form("pdca_doelen_form"):
        left, right = st.columns(2)
        period_start = left.date_input(
            t("pdca_period_start"), value=next_quarter, format="DD-MM-YYYY", key="pdca_doelen_start"
        )
        period_end = right.date_input(
            t("pdca_period_end"),
            value=(next_quarter + timedelta(days=95)).replace(day=1),
            format="DD-MM-YYYY",
            key="pdca_doelen_end",
        )
        direction = st.radio(
            t("pdca_col_direction"),
            ("higher", "lower"),
            index=0 if spec.direction == "higher" else 1,
            format_func=lambda value: t(f"pdca_direction_{value}"),
            horizontal=True,
            key=f"pdca_doelen_direction_{indicator}",
        )
        left, right = st.columns(2)
        target = left.number_input(
            f"{t('col_target')} ({spec.unit})", value=None, key="pdca_doelen_target"
        )
        red = right.number_input(
            f"{t('pdca_col_red')} ({spec.unit})",
            value=None,
            help=t("pdca_red_help"),
            key="pdca_doelen_red",
        )
        note = st.text_area(t("pdca_note"), key="pdca_doelen_note", max_chars=5000)
        submitted = st.form_submit_button(t("pdca_save_goal"), icon=":material/flag:")
    if submitted:
        try:
            saved = save_goal(
                store,
                {
                    "unit_type": unit_type,
                    "unit_id": unit_id,
                    "indicator": indicator,
                    "period_start": period_start,
                    "period_end": period_end,
                    "direction": direction,
                    "target_value": target,
                    "red_threshold": red,
                    "note": note,
                },
                common.current_user().user_id,
            )
        except (InvalidInput, StoreError) as error:
            common.show_invalid(error)
        else:
            st.success(t("pdca_goal_saved", version=saved["version"]), icon=":material/check:")

# --- what the coming months ask of the organisation (its forecast) ----------------------------
forecast_section.show_for_goals(unit_type, lang)

# --- the unit's goals and their history --------------------------------------------------------
st.subheader(t("pdca_current_goals", unit=common.unit_label(unit_type, unit_id)))
goals = current_goals(store, unit_type, unit_id)
if not goals:
    st.info(t("pdca_no_goals"), icon=":material/info:")
    st.stop()


def _goal_title(goal: dict) -> str:
    spec_ = GOAL_INDICATORS.get(goal["indicator"])
    label = spec_.label if spec_ else goal["indicator"]
    period = f"{day(date.fromisoformat(goal['period_start']), lang)} – " + day(
        date.fromisoformat(goal["period_end"]) - timedelta(days=1), lang
    )
    return f"{label}, {period}"


st.dataframe(
    pl.DataFrame(
        [
            {
                t("pdca_col_goal"): _goal_title(g),
                t("col_target"): common.fmt(
                    g["target_value"], GOAL_INDICATORS[g["indicator"]].unit
                ),
                t("pdca_col_red"): common.fmt(
                    g["red_threshold"], GOAL_INDICATORS[g["indicator"]].unit
                ),
                t("pdca_col_direction"): t(f"pdca_direction_{g['direction']}"),
                t("pdca_col_version"): g["version"],
                t("pdca_col_by"): g["set_by"],
                t("pdca_col_when"): g["set_at"][:16].replace("T", " "),
                t("pdca_note"): g["note"],
            }
            for g in goals
        ]
    ),
    hide_index=True,
    width="stretch",
)
chosen = st.selectbox(
    t("pdca_goal_history"),
    goals,
    format_func=_goal_title,
    key="pdca_doelen_history_goal",
)
versions = goal_history(store, chosen["goal_key"])
st.dataframe(
    pl.DataFrame(
        [
            {
                t("pdca_col_version"): v["version"],
                t("col_target"): v["target_value"],
                t("pdca_col_red"): v["red_threshold"],
                t("pdca_col_direction"): t(f"pdca_direction_{v['direction']}"),
                t("pdca_col_withdrawn"): t("pdca_yes") if v["withdrawn"] else "",
                t("pdca_col_by"): v["set_by"],
                t("pdca_col_when"): v["set_at"][:16].replace("T", " "),
                t("pdca_note"): v["note"],
            }
            for v in versions
        ]
    ),
    hide_index=True,
    width="stretch",
)
if st.button(t("pdca_withdraw_goal"), key="pdca_doelen_withdraw", icon=":material/block:"):
    withdraw_goal(store, chosen, common.current_user().user_id)
    st.rerun()
