"""Afspraken en acties (Act): every open agreement per team and location, the overdue ones
first, with their follow-up; a status change or note is added, never overwritten."""

from datetime import date

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.access.login import visible_records
from dashboard.i18n import t
from dashboard.pdca.agreements import agreements_with_status, is_overdue
from dashboard.views import pdca_common as common

KEY = "pdca_acties"
today = date.today()
st.title(t("pdca_page_actions"))
st.caption(t("pdca_actions_intro"))
store = common.store()

# Access: only agreements about units the viewer may open (never other people's).
everything = visible_records(agreements_with_status(store), data)
open_ones = [a for a in everything if a["status"] not in ("afgerond", "vervallen")]
locations = sorted({a["location_id"] for a in open_ones if a["location_id"]})
teams = sorted({a["team_id"] for a in open_ones if a["team_id"]})

wanted_location = st.query_params.get("actie_locatie")
wanted_team = st.query_params.get("actie_team")
left, middle, right = st.columns([2, 2, 1])
location = left.selectbox(
    t("location"),
    locations,
    index=locations.index(wanted_location) if wanted_location in locations else None,
    format_func=lambda value: common.unit_label("locatie", value),
    placeholder=t("all"),
    key=f"{KEY}_location",
)
team = middle.selectbox(
    t("team"),
    teams,
    index=teams.index(wanted_team) if wanted_team in teams else None,
    format_func=lambda value: common.unit_label("team", value),
    placeholder=t("all"),
    key=f"{KEY}_team",
)
only_overdue = right.toggle(t("pdca_only_overdue"), key=f"{KEY}_overdue")
for param, value in (("actie_locatie", location), ("actie_team", team)):
    if value and st.query_params.get(param) != value:
        st.query_params[param] = value
    elif not value and param in st.query_params:
        del st.query_params[param]

shown = [
    a
    for a in open_ones
    if (location is None or a["location_id"] == location)
    and (team is None or a["team_id"] == team)
    and (not only_overdue or is_overdue(a, today))
]
overdue = [a for a in shown if is_overdue(a, today)]
columns = st.columns(3)
columns[0].metric(t("pdca_open"), len(shown), border=True)
columns[1].metric(t("pdca_overdue_count"), len(overdue), border=True)
columns[2].metric(
    t("pdca_closed_count"),
    sum(1 for a in everything if a["status"] in ("afgerond", "vervallen")),
    border=True,
)

if not shown:
    st.info(t("pdca_no_actions"), icon=":material/task_alt:")
    st.stop()

st.subheader(t("pdca_per_team_location"))
summary = (
    pl.DataFrame(
        {
            "location": [common.unit_label("locatie", a["location_id"]) for a in shown],
            "team": [common.unit_label("team", a["team_id"]) for a in shown],
            "overdue": [is_overdue(a, today) for a in shown],
        }
    )
    .group_by("location", "team")
    .agg(pl.len().alias("open"), pl.col("overdue").sum().alias("overdue"))
    .sort("overdue", "open", descending=True)
    .rename(
        {
            "location": t("location"),
            "team": t("team"),
            "open": t("pdca_open"),
            "overdue": t("pdca_overdue_count"),
        }
    )
)
st.dataframe(summary, hide_index=True, width="stretch")

st.subheader(t("pdca_actions_list"))
ordered = sorted(shown, key=lambda a: (not is_overdue(a, today), a["due_on"]))
st.dataframe(common.agreements_frame(ordered, today), hide_index=True, width="stretch")
common.agreement_updates(ordered, KEY)
