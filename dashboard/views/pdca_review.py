"""Team- en locatiereview: the same Plan/Check/Act for a whole team or location - its goals
with their realisation, the conversations held in it, and its open agreements."""

from datetime import date, timedelta

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.access.login import current_viewer, visible_records
from dashboard.formatting import day
from dashboard.i18n import language, t
from dashboard.pdca.agreements import agreements_with_status, is_overdue
from dashboard.pdca.conversations import conversations_in_scope, mean_score
from dashboard.pdca.goals import current_goals
from dashboard.pdca.snapshots import figures_for, location_of_team, month_starts
from dashboard.views import pdca_common as common

KEY = "pdca_review"
lang = language()
today = date.today()
st.title(t("pdca_page_review"))
st.caption(t("pdca_review_intro"))
store = common.store()

unit_type, unit_id = common.pick_unit(("team", "locatie"), KEY)
if not unit_id:
    st.info(t("pdca_choose_unit_first"), icon=":material/info:")
    st.stop()
query, tables = common.warehouse()
if not tables:
    st.info(t("no_warehouse"), icon=":material/database:")

# --- Plan: the goals of this unit, with what the last month realised ---------------------------
last_month = month_starts(today, 1)[0]
this_month = today.replace(day=1)
goals = current_goals(store, unit_type, unit_id, on=today)
figures = figures_for(query, tables, unit_type, unit_id, last_month, this_month, goals)
st.subheader(t("pdca_plan"))
st.caption(t("pdca_review_period", month=day(last_month, lang)))
if figures["goals"]:
    st.dataframe(common.goals_frame(figures["goals"]), hide_index=True, width="stretch")
else:
    st.info(t("pdca_no_goals"), icon=":material/flag:")

# --- Check: figures this month against the month before, and the conversations held -----------
st.subheader(t("pdca_check"))
before = month_starts(last_month, 1)[0]
previous = figures_for(query, tables, unit_type, unit_id, before, last_month)
rows = [
    {
        t("pdca_col_figure"): figure["label"],
        day(before, lang): common.fmt(previous["figures"][name]["value"], figure["unit"]),
        day(last_month, lang): common.fmt(figure["value"], figure["unit"]),
    }
    for name, figure in figures["figures"].items()
]
st.dataframe(pl.DataFrame(rows), hide_index=True, width="stretch")

scope = {"team_id": unit_id} if unit_type == "team" else {"location_id": unit_id}
held = [c for c in conversations_in_scope(store, **scope) if c["status"] == "definitief"]
recent = [c for c in held if c["held_on"] >= (today - timedelta(days=90)).isoformat()]
# Access: a mean over fewer people than the minimum group size would show their scores.
minimum = current_viewer().minimum_group_size
pleasure = mean_score(recent, "werkplezier_score", minimum)
scored = any(c["werkplezier_score"] is not None for c in recent)
columns = st.columns(3)
columns[0].metric(t("pdca_conversations_90d"), len(recent), border=True)
columns[1].metric(
    t("pdca_mean_pleasure"),
    t("pdca_mean_hidden") if scored and pleasure is None else common.fmt(pleasure),
    border=True,
    help=t("pdca_mean_pleasure_help"),
)
columns[2].metric(
    t("pdca_last_conversation"),
    day(date.fromisoformat(held[0]["held_on"]), lang) if held else "–",
    border=True,
)
if scored and pleasure is None:
    st.caption(t("pdca_mean_hidden_note", minimum=minimum))

# --- Act: open agreements in this unit, and a new one for the unit as a whole ---------------
st.subheader(t("pdca_act"))
open_ones = agreements_with_status(store, **scope, only_open=True)
if unit_type == "team":
    open_ones += [
        a
        for a in agreements_with_status(
            store, subject_type="team", subject_id=unit_id, only_open=True
        )
        if a["team_id"] != unit_id
    ]
# Access: as on the actions page, only agreements the viewer may read (an employee's own
# only with the right to that employee's name); the update forms follow the same list.
open_ones = visible_records(open_ones, data)
if open_ones:
    overdue = sum(1 for a in open_ones if is_overdue(a, today))
    st.caption(t("pdca_open_and_overdue", open=len(open_ones), overdue=overdue))
    st.dataframe(common.agreements_frame(open_ones, today), hide_index=True, width="stretch")
    common.agreement_updates(open_ones, KEY)
else:
    st.caption(t("pdca_no_open_agreements"))
location_id = unit_id if unit_type == "locatie" else location_of_team(query, tables, unit_id)
common.agreement_form(
    f"{KEY}_agreement",
    unit_type,
    unit_id,
    team_id=unit_id if unit_type == "team" else None,
    location_id=location_id,
)
