"""Goede gesprek (Check), with an employee or a team: everything since the previous
conversation, the agreements made then, both sides' reflections and what was learned.

What is typed is kept twice: in the session (a rerun keeps it) and, on every change, in the
concept record of the store (a closed browser keeps it). Finalising fixes the record with the
figures of that day.
"""

from datetime import date, timedelta

import polars as pl
import streamlit as st

from dashboard import charts, data
from dashboard.access.login import masked_record, name_masker_for_viewer, visible_records
from dashboard.formatting import day, plain
from dashboard.i18n import language, t
from dashboard.pdca.agreements import agreements_with_status
from dashboard.pdca.conversations import (
    DEFAULT_PERIOD_DAYS,
    EDITABLE_FIELDS,
    REFLECTION_FIELDS,
    SCORE_FIELDS,
    EditConflict,
    conversation_history,
    finalise,
    get_conversation,
    open_draft,
    previous_conversation,
    save_changes,
    snapshot_of,
    start_conversation,
)
from dashboard.pdca.goals import current_goals
from dashboard.pdca.report import conversation_report
from dashboard.pdca.snapshots import figures_for, location_of_team, team_of
from dashboard.pdca.store import ConflictError, StoreError
from dashboard.pdca.validation import InvalidInput
from dashboard.views import pdca_common as common

KEY = "pdca_gesprek"
lang = language()
today = date.today()
st.title(t("pdca_page_conversation"))
st.caption(t("pdca_conversation_intro"))
store = common.store()
user = common.current_user()

subject_type, subject_id = common.pick_unit(("medewerker", "team"), KEY)
if not subject_id:
    st.info(t("pdca_choose_unit_first"), icon=":material/info:")
    st.stop()
subject_name = common.unit_label(subject_type, subject_id)
query, tables = common.warehouse()
team_id = team_of(query, tables, subject_id, today) if subject_type == "medewerker" else subject_id
location_id = location_of_team(query, tables, team_id)
previous = previous_conversation(store, subject_type, subject_id)
draft = open_draft(store, subject_type, subject_id)
# Names typed into a team's conversation reach only who may see them by name; a concept that
# holds names the viewer may not see is shown masked and cannot be edited by them (saving the
# masked text would overwrite the names).
mask = name_masker_for_viewer(data)
names_hidden_in_draft = draft is not None and any(
    mask(draft[name] or "") != (draft[name] or "") for name in REFLECTION_FIELDS
)

# --- since the previous conversation ----------------------------------------------------------
if draft is not None:
    period_start = date.fromisoformat(draft["period_start"])
    period_end = date.fromisoformat(draft["period_end"]) + timedelta(days=1)
else:
    period_start = (
        date.fromisoformat(previous["held_on"])
        if previous
        else today - timedelta(days=DEFAULT_PERIOD_DAYS)
    )
    period_end = today + timedelta(days=1)
goals = current_goals(store, subject_type, subject_id, on=today)
figures = figures_for(query, tables, subject_type, subject_id, period_start, period_end, goals)

st.subheader(
    t("pdca_since_previous", date=day(date.fromisoformat(previous["held_on"]), lang))
    if previous
    else t("pdca_since_weeks", weeks=DEFAULT_PERIOD_DAYS // 7)
)
if not tables:
    st.info(t("no_warehouse"), icon=":material/database:")
shown = figures["figures"]
headline = [
    "productie_zaken",
    "tijdigheid_pct",
    "bewerkingstijd_norm_pct",
    "werkvoorraad_zaken",
    "ouderdom_dagen",
    "herstelwerk_pct",
]
# Two rows of three: six in one row cut off the labels and values ("61,5 da...").
for row in (headline[:3], headline[3:]):
    for column, name in zip(st.columns(len(row)), row, strict=True):
        column.metric(
            shown[name]["label"],
            common.fmt(shown[name]["value"], shown[name]["unit"]),
            help=shown[name].get("definition"),
            border=True,
        )
if subject_type == "medewerker":
    # Werklast in weeks of work where the indicator exists, else open cases per fte.
    measure = (
        "werklast_weken" if shown["werklast_weken"]["value"] is not None else "werkvoorraad_per_fte"
    )
    own = shown[measure]["value"]
    team = shown[f"team_{measure}"]["value"]
    st.metric(
        t("pdca_workload_vs_team", what=shown[measure]["label"]),
        common.fmt(own, shown[measure]["unit"]),
        delta=None
        if own is None or team is None
        else t("pdca_vs_team", difference=common.fmt(own - team), team=common.fmt(team)),
        delta_color="inverse",
        border=True,
    )
st.markdown(f"**{t('pdca_results_vs_goals')}**")
if figures["goals"]:
    st.dataframe(common.goals_frame(figures["goals"]), hide_index=True, width="stretch")
else:
    st.caption(t("pdca_no_goals"))
with st.expander(t("pdca_all_figures")):
    st.dataframe(common.figures_frame(figures), hide_index=True, width="stretch")

history = conversation_history(store, subject_type, subject_id)
scored = [c for c in history if c["werkplezier_score"] or c["werkdruk_score"]]
if scored:
    trend = pl.DataFrame(
        {
            "gesprek": [c["held_on"] for c in scored],
            "werkplezier": [c["werkplezier_score"] for c in scored],
            "werkdruk": [c["werkdruk_score"] for c in scored],
        },
        schema={"gesprek": pl.String, "werkplezier": pl.Int64, "werkdruk": pl.Int64},
    )
    st.markdown(f"**{t('pdca_trend_scores')}**")
    st.plotly_chart(
        charts.lines(
            trend,
            "gesprek",
            {"werkplezier": t("pdca_score_pleasure"), "werkdruk": t("pdca_score_workload")},
            "1-5",
            lang=lang,
        ),
        key=f"{KEY}_trend",
        width="stretch",
    )

# --- agreements carried over ---------------------------------------------------------------------
st.subheader(t("pdca_open_agreements"))
carried = visible_records(
    [
        a
        for a in agreements_with_status(
            store, subject_type=subject_type, subject_id=subject_id, only_open=True
        )
        if draft is None or a["conversation_id"] != draft["conversation_id"]
    ],
    data,
)
if carried:
    st.dataframe(common.agreements_frame(carried, today), hide_index=True, width="stretch")
    common.agreement_updates(carried, f"{KEY}_carried")
else:
    st.caption(t("pdca_no_open_agreements"))

# --- the conversation itself ---------------------------------------------------------------------
st.subheader(t("pdca_this_conversation"))
if draft is None:
    with st.form(f"{KEY}_start"):
        held_on = st.date_input(
            t("pdca_held_on"), value=today, format="DD-MM-YYYY", key=f"{KEY}_held_on"
        )
        started = st.form_submit_button(t("pdca_start_conversation"), icon=":material/forum:")
    if started:
        try:
            start_conversation(
                store,
                {"subject_type": subject_type, "subject_id": subject_id, "held_on": held_on},
                user.user_id,
                team_id=team_id,
                location_id=location_id,
            )
        except (InvalidInput, StoreError) as error:
            common.show_invalid(error)
        else:
            st.rerun()
elif names_hidden_in_draft:
    st.caption(
        t(
            "pdca_concept_of",
            date=day(date.fromisoformat(draft["held_on"]), lang),
            manager=plain(draft["manager_id"]),
        )
    )
    st.info(t("pdca_concept_names_hidden"), icon=":material/visibility_off:")
    for name, label in REFLECTION_FIELDS.items():
        if draft[name]:
            st.markdown(f"**{label}**")
            st.text(mask(draft[name]))
else:
    conversation_id = draft["conversation_id"]
    fields = list(EDITABLE_FIELDS)
    base_key, conflicts_key, pending_key = f"{KEY}_base", f"{KEY}_conflicts", f"{KEY}_pending"

    def widget_value(record: dict, name: str) -> object:
        return record[name] if name in SCORE_FIELDS else record[name] or ""

    # Fill the widgets from the stored concept once per conversation; after that the session
    # holds what is being typed, and every change is written back to the concept. `base` is
    # the stored copy (with its revision) the typing is on: a save writes only what differs
    # from it, and a field someone else saved meanwhile is a conflict, not an overwrite.
    if st.session_state.get(f"{KEY}_loaded") != conversation_id:
        st.session_state[pending_key] = {name: widget_value(draft, name) for name in fields}
        st.session_state[base_key] = draft
        st.session_state[conflicts_key] = {}
        st.session_state[f"{KEY}_loaded"] = conversation_id
    for name, value in st.session_state.pop(pending_key, {}).items():
        st.session_state[f"{KEY}_{name}"] = value

    def typed() -> dict:
        return {name: st.session_state.get(f"{KEY}_{name}") for name in fields}

    def after_save(record: dict, keep: set[str]) -> None:
        """Show the stored record, except in the fields whose typed text must stay."""
        st.session_state[base_key] = record
        values = typed()
        st.session_state[pending_key] = {
            name: values[name] if name in keep else widget_value(record, name) for name in fields
        }

    def kept_unsaved(values: dict) -> None:
        """The concept was finalised meanwhile: keep what was typed on the page."""
        base = st.session_state[base_key]
        st.session_state[f"{KEY}_kept"] = {
            "subject": (subject_type, subject_id),
            "fields": {
                name: value
                for name, value in values.items()
                if name in REFLECTION_FIELDS and value and value != (base[name] or "")
            },
        }

    def refused(error: ConflictError) -> None:
        """A conflict keeps the typed text and shows the stored text beside it; a concept
        finalised meanwhile keeps the typed text on the page."""
        if isinstance(error, EditConflict):
            unresolved = st.session_state[conflicts_key]
            unresolved.update(error.conflicts)
            after_save(error.record, set(unresolved))
            st.session_state[f"{KEY}_autosave_error"] = t(
                "pdca_edit_conflict",
                fields=", ".join(
                    REFLECTION_FIELDS.get(n) or SCORE_FIELDS[n] for n in error.conflicts
                ),
            )
        else:
            kept_unsaved(typed())
            st.session_state[f"{KEY}_autosave_error"] = str(error)

    def autosave(field: str | None = None) -> None:
        # A change saves what differs from the stored copy; a field in conflict is saved only
        # once it is edited again or the button is pressed (the writer has seen both texts).
        unresolved = st.session_state[conflicts_key]
        if field is None:
            unresolved.clear()
        else:
            unresolved.pop(field, None)
        values = {n: v for n, v in typed().items() if n not in unresolved}
        try:
            record = save_changes(store, conversation_id, st.session_state[base_key], values)
        except ConflictError as error:
            refused(error)
        except InvalidInput as error:
            st.session_state[f"{KEY}_autosave_error"] = str(error)
        except StoreError as error:
            st.session_state[f"{KEY}_autosave_error"] = t(
                "pdca_store_failed", error=common.store_problem(error)
            )
        else:
            after_save(record, set(unresolved))
            st.session_state[f"{KEY}_autosaved"] = True

    def text_field(name: str) -> None:
        st.text_area(
            REFLECTION_FIELDS[name],
            key=f"{KEY}_{name}",
            on_change=autosave,
            args=(name,),
            max_chars=5000,
        )
        if name in st.session_state[conflicts_key]:
            st.warning(t("pdca_stored_by_other"), icon=":material/sync_problem:")
            st.text(st.session_state[conflicts_key][name] or "")

    st.caption(
        t(
            "pdca_concept_of",
            date=day(date.fromisoformat(draft["held_on"]), lang),
            manager=plain(draft["manager_id"]),
        )
    )
    employee_side, manager_side = st.columns(2)
    with employee_side:
        st.markdown(
            f"**{t('pdca_side_employee' if subject_type == 'medewerker' else 'pdca_side_team')}**"
        )
        for name in (
            "employee_results",
            "employee_quality",
            "employee_workload",
            "employee_pleasure",
        ):
            text_field(name)
    with manager_side:
        st.markdown(f"**{t('pdca_side_manager')}**")
        for name in ("manager_results", "manager_quality", "manager_workload"):
            text_field(name)
    left, right = st.columns(2)
    left.radio(
        SCORE_FIELDS["werkplezier_score"],
        (1, 2, 3, 4, 5),
        horizontal=True,
        key=f"{KEY}_werkplezier_score",
        on_change=autosave,
        args=("werkplezier_score",),
        help=t("pdca_score_pleasure_help"),
    )
    right.radio(
        SCORE_FIELDS["werkdruk_score"],
        (1, 2, 3, 4, 5),
        horizontal=True,
        key=f"{KEY}_werkdruk_score",
        on_change=autosave,
        args=("werkdruk_score",),
        help=t("pdca_score_workload_help"),
    )
    for name in SCORE_FIELDS:
        if name in st.session_state[conflicts_key]:
            stored_score = st.session_state[conflicts_key][name]
            st.warning(
                f"{SCORE_FIELDS[name]}: {t('pdca_stored_by_other')} {stored_score}",
                icon=":material/sync_problem:",
            )
    text_field("learned")
    if error_text := st.session_state.pop(f"{KEY}_autosave_error", None):
        st.error(error_text, icon=":material/error:")
    elif st.session_state.pop(f"{KEY}_autosaved", False):
        st.caption(t("pdca_autosaved"))

    made_here = visible_records(
        agreements_with_status(store, conversation_id=conversation_id), data
    )
    st.markdown(f"**{t('pdca_agreements_here')}**")
    if made_here:
        st.dataframe(common.agreements_frame(made_here, today), hide_index=True, width="stretch")
    common.agreement_form(
        f"{KEY}_agreement", subject_type, subject_id, conversation_id, team_id, location_id
    )

    save_column, final_column, print_column = st.columns(3)
    save_column.button(
        t("pdca_save_concept"), key=f"{KEY}_save", icon=":material/save:", on_click=autosave
    )
    if final_column.button(
        t("pdca_finalise"), key=f"{KEY}_finalise", type="primary", icon=":material/verified:"
    ):
        st.session_state[conflicts_key].clear()
        values = typed()
        try:
            finalise(
                store,
                conversation_id,
                values,
                figures,
                user.user_id,
                base=st.session_state[base_key],
            )
        except (InvalidInput, StoreError) as error:
            common.show_invalid(error)
        except ConflictError as error:
            refused(error)
            st.rerun()
        else:
            st.session_state.pop(f"{KEY}_loaded", None)
            st.session_state[f"{KEY}_finalised"] = conversation_id
            st.rerun()
    print_column.download_button(
        t("pdca_print_concept"),
        data=conversation_report(
            {**get_conversation(store, conversation_id), **typed()},
            subject_name,
            figures,
            carried + made_here,
            mask,
        ),
        file_name=f"gesprek_{subject_id}_{draft['held_on']}_concept.html",
        mime="text/html",
        key=f"{KEY}_print_concept",
        on_click="ignore",
        icon=":material/print:",
    )

kept = st.session_state.get(f"{KEY}_kept")
if kept and kept["subject"] == (subject_type, subject_id) and kept["fields"]:
    if draft is None and (error_text := st.session_state.pop(f"{KEY}_autosave_error", None)):
        st.error(error_text, icon=":material/error:")
    st.warning(t("pdca_finalised_meanwhile"), icon=":material/sync_problem:")
    for name, text in kept["fields"].items():
        st.text_area(REFLECTION_FIELDS[name], value=text, key=f"{KEY}_kept_{name}")

if st.session_state.pop(f"{KEY}_finalised", None):
    st.success(t("pdca_finalised"), icon=":material/verified:")

# --- earlier conversations: the records as they were -------------------------------------------
if history:
    st.subheader(t("pdca_earlier_conversations"))
    by_id = {c["conversation_id"]: c for c in reversed(history)}
    wanted = st.query_params.get("gesprek")
    ids = list(by_id)
    chosen_id = st.selectbox(
        t("pdca_choose_conversation"),
        ids,
        index=ids.index(wanted) if wanted in by_id else 0,
        format_func=lambda cid: day(date.fromisoformat(by_id[cid]["held_on"]), lang),
        key=f"{KEY}_record",
    )
    record = by_id[chosen_id]
    record_figures, record_agreements = snapshot_of(record)
    st.caption(
        t(
            "pdca_record_fixed",
            date=record["finalised_at"][:10],
            by=record["finalised_by"],
        )
    )
    for name, label in REFLECTION_FIELDS.items():
        if record[name]:
            st.markdown(f"**{label}**")
            st.text(mask(record[name]))
    if record_figures.get("goals"):
        st.dataframe(common.goals_frame(record_figures["goals"]), hide_index=True, width="stretch")
    if record_agreements:
        st.dataframe(
            common.agreements_frame([masked_record(a, mask) for a in record_agreements], today),
            hide_index=True,
            width="stretch",
        )
    st.download_button(
        t("pdca_print_record"),
        data=conversation_report(record, subject_name, mask=mask),
        file_name=f"gesprek_{subject_id}_{record['held_on']}.html",
        mime="text/html",
        key=f"{KEY}_print_record",
        on_click="ignore",
        icon=":material/print:",
    )
