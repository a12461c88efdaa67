"""What the PDCA pages share: the store, the current user, choosing a unit, agreement forms.

Not a page itself. The pages keep their selection in the URL (`?eenheid=team&id=T1`), so a
link opens the same unit; `eenheid`/`id` stay clear of the global filter parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.access.login import VIEWER_KEY, authorize_unit, name_masker_for_viewer, units_in_view
from dashboard.formatting import day, number
from dashboard.i18n import language, t
from dashboard.pdca.agreements import (
    STATUSES,
    add_agreement,
    agreement_history,
    is_overdue,
    update_agreement,
)
from dashboard.pdca.settings import get_pdca_settings
from dashboard.pdca.snapshots import Query, known_units
from dashboard.pdca.store import (
    PAGE_BUSY_TIMEOUT_SECONDS,
    Store,
    StoreBusy,
    StoreError,
    open_store,
)
from dashboard.pdca.validation import InvalidInput

UNIT_PARAM = "eenheid"
ID_PARAM = "id"
NAME_KIND = {"medewerker": "employee", "team": "team", "locatie": "location"}
STATUS_ICONS = {"groen": "🟢", "oranje": "🟠", "rood": "🔴", None: "⚪"}


@dataclass(frozen=True)
class User:
    user_id: str
    name: str


def current_user() -> User:
    """Who is recording: the one place the PDCA pages take the user's identity from.

    The viewer the entry page identified (login or local demo role); without one, the demo
    user of the settings.
    """
    viewer = st.session_state.get(VIEWER_KEY)
    if viewer is not None and getattr(viewer, "identity", None):
        return User(viewer.identity, viewer.name or viewer.identity)
    settings = get_pdca_settings()
    return User(settings.demo_user_id, settings.demo_user_name)


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return open_store(url, busy_timeout_seconds=PAGE_BUSY_TIMEOUT_SECONDS)


def store() -> Store:
    """The PDCA store, migrated; stops the page with a clear message when it cannot open."""
    try:
        return _open_store(get_pdca_settings().store_url)
    except (StoreError, OSError) as error:
        st.error(t("pdca_store_unavailable", error=store_problem(error)), icon=":material/error:")
        st.stop()
        raise  # unreachable: st.stop ends the run


def warehouse() -> tuple[Query, set[str]]:
    """The dashboard's cached reader and the warehouse's tables (empty without a warehouse)."""
    try:
        tables = set(data.tables())
    except data.WarehouseUnavailable:
        tables = set()
    return data.query, tables


def names() -> dict[str, dict[str, str]]:
    try:
        return data.display_names()
    except data.WarehouseUnavailable:
        return {"location": {}, "team": {}, "employee": {}}


def unit_label(unit_type: str, unit_id: str | None) -> str:
    if unit_id is None:
        return "–"
    if unit_type == "organisatie":
        return t("pdca_unit_organisatie")
    name = names().get(NAME_KIND.get(unit_type, ""), {}).get(unit_id)
    return f"{name} ({unit_id})" if name and name != unit_id else unit_id


def pick_unit(unit_types: tuple[str, ...], key: str) -> tuple[str, str | None]:
    """Choose a unit type and unit, starting from (and written back to) the URL."""
    wanted_type = st.query_params.get(UNIT_PARAM)
    default_type = wanted_type if wanted_type in unit_types else unit_types[0]
    left, right = st.columns([1, 2])
    unit_type = left.radio(
        t("pdca_unit_type"),
        unit_types,
        index=unit_types.index(default_type),
        format_func=lambda value: t(f"pdca_unit_{value}"),
        horizontal=True,
        key=f"{key}_unit_type",
    )
    if unit_type == "organisatie":
        unit_id: str | None = "organisatie"
    else:
        query, tables = warehouse()
        # Access: only the units the viewer may open (employees only with the right to the name).
        options = units_in_view(unit_type, known_units(query, tables, unit_type), data)
        wanted_id = st.query_params.get(ID_PARAM) if unit_type == wanted_type else None
        if wanted_id and wanted_id not in options:
            options = [wanted_id, *options]
        unit_id = right.selectbox(
            t(f"pdca_choose_{unit_type}"),
            options,
            index=options.index(wanted_id) if wanted_id in options else None,
            format_func=lambda value: unit_label(unit_type, value),
            placeholder=t("pdca_choose_placeholder"),
            accept_new_options=True,
            key=f"{key}_unit_id_{unit_type}",
        )
    if st.query_params.get(UNIT_PARAM) != unit_type:
        st.query_params[UNIT_PARAM] = unit_type
    if unit_id and st.query_params.get(ID_PARAM) != unit_id:
        st.query_params[ID_PARAM] = unit_id
    # Access: a unit outside the viewer's scope stops the page (URL or typed id alike).
    authorize_unit(unit_type, unit_id, key, data)
    return unit_type, unit_id


def store_problem(error: BaseException) -> str:
    """What went wrong with the store, in the session's language where it is known."""
    return t("pdca_store_busy") if isinstance(error, StoreBusy) else str(error)


def show_invalid(error: InvalidInput | StoreError) -> None:
    """Every problem of the input as its own line, above the form; a store that is locked or
    gone (raised mid-page, after the page opened it) as one message. Nothing is rerun, so
    what was typed stays in the form for another try."""
    if isinstance(error, StoreError):
        st.error(t("pdca_store_failed", error=store_problem(error)), icon=":material/error:")
        return
    st.error("\n".join(f"- {message}" for message in error.messages), icon=":material/error:")


def fmt(value: float | None, unit: str = "") -> str:
    # Small values (weeks of werklast) need two decimals to differ at all.
    small = value is not None and abs(value) < 1
    decimals = 0 if value is None or float(value).is_integer() else (2 if small else 1)
    text = number(value, decimals, language())
    return f"{text} {unit}".strip() if text != "–" else text


def figures_frame(figures: dict[str, Any]) -> pl.DataFrame:
    """The figures of a snapshot as a table: label, value and the rule behind it."""
    # Snapshots finalised before figures carried their definition show an empty one.
    rows = [
        {
            t("pdca_col_figure"): f["label"],
            t("col_value"): fmt(f["value"], f["unit"]),
            t("definition"): f.get("definition", ""),
        }
        for f in figures.get("figures", {}).values()
    ]
    return pl.DataFrame(rows, schema=[t("pdca_col_figure"), t("col_value"), t("definition")])


def goals_frame(goal_rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Goals with realisation and colour, as a table."""
    rows = [
        {
            t("col_indicator"): goal["label"],
            t("col_target"): fmt(goal["target_value"], goal["unit"]),
            t("pdca_col_red"): fmt(goal["red_threshold"], goal["unit"]),
            t("pdca_col_direction"): t(f"pdca_direction_{goal['direction']}"),
            t("realisatie"): fmt(goal["value"], goal["unit"]),
            t(
                "col_status"
            ): f"{STATUS_ICONS[goal['status']]} {goal['status'] or t('pdca_no_value')}",
        }
        for goal in goal_rows
    ]
    columns = [
        t("col_indicator"),
        t("col_target"),
        t("pdca_col_red"),
        t("pdca_col_direction"),
        t("realisatie"),
        t("col_status"),
    ]
    return pl.DataFrame(rows, schema=columns)


def agreements_frame(agreements: list[dict[str, Any]], today: date) -> pl.DataFrame:
    rows = [
        {
            t("pdca_col_what"): a["what"],
            t("pdca_col_who"): a["owner"],
            t("pdca_col_due"): day(date.fromisoformat(a["due_on"]), language()),
            t("col_status"): t(f"pdca_status_{a['status']}")
            + (f" ({t('pdca_overdue')})" if is_overdue(a, today) else ""),
            t("pdca_col_note"): a.get("note") or "",
            t("pdca_col_subject"): unit_label(a["subject_type"], a["subject_id"]),
        }
        for a in agreements
    ]
    columns = [
        t("pdca_col_what"),
        t("pdca_col_who"),
        t("pdca_col_due"),
        t("col_status"),
        t("pdca_col_note"),
        t("pdca_col_subject"),
    ]
    return pl.DataFrame(rows, schema=columns)


def agreement_form(
    key: str,
    subject_type: str,
    subject_id: str,
    conversation_id: str | None = None,
    team_id: str | None = None,
    location_id: str | None = None,
) -> None:
    """A form for a new agreement (what, who, by when); clear messages for bad input.

    After a save the form starts empty: its widgets get new keys (a new generation), because
    a widget's value cannot be reset once drawn; after an error the typed text stays.
    """
    generation = st.session_state.get(f"{key}_generation", 0)
    suffix = f"_{generation}" if generation else ""
    with st.form(f"{key}_new_agreement{suffix}"):
        st.markdown(f"**{t('pdca_new_agreement')}**")
        what = st.text_area(t("pdca_col_what"), key=f"{key}_what{suffix}", max_chars=5000)
        left, right = st.columns(2)
        owner = left.text_input(t("pdca_col_who"), key=f"{key}_owner{suffix}", max_chars=200)
        due_on = right.date_input(
            t("pdca_col_due"),
            value=date.today() + timedelta(days=28),
            format="DD-MM-YYYY",
            key=f"{key}_due{suffix}",
        )
        submitted = st.form_submit_button(t("pdca_add_agreement"), icon=":material/add_task:")
    if submitted:
        try:
            add_agreement(
                store(),
                {"what": what, "owner": owner, "due_on": due_on},
                subject_type=subject_type,
                subject_id=subject_id,
                created_by=current_user().user_id,
                conversation_id=conversation_id,
                team_id=team_id,
                location_id=location_id,
            )
        except (InvalidInput, StoreError) as error:
            show_invalid(error)
            return
        st.session_state[f"{key}_generation"] = generation + 1
        st.session_state[f"{key}_saved"] = True
        st.rerun()
    if st.session_state.pop(f"{key}_saved", False):
        st.success(t("pdca_agreement_saved"), icon=":material/check:")


def agreement_updates(agreements: list[dict[str, Any]], key: str) -> None:
    """Per agreement: its history, and a form to record a new status and follow-up note."""
    mask = name_masker_for_viewer(data)
    for agreement in agreements:
        status = t(f"pdca_status_{agreement['status']}")
        label = f"{agreement['what'][:80]} · {status}"
        with st.expander(label):
            history = agreement_history(store(), agreement["agreement_id"])
            st.dataframe(
                pl.DataFrame(
                    [
                        {
                            t("pdca_col_when"): h["updated_at"][:16].replace("T", " "),
                            t("col_status"): t(f"pdca_status_{h['status']}"),
                            t("pdca_col_note"): mask(h["note"] or ""),
                            t("pdca_col_by"): h["updated_by"],
                        }
                        for h in history
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
            # A new generation of keys after each update starts the form empty (see above).
            base_key = f"{key}_{agreement['agreement_id']}"
            generation = st.session_state.get(f"{base_key}_generation", 0)
            form_key = f"{base_key}_{generation}" if generation else base_key
            with st.form(form_key):
                status = st.selectbox(
                    t("col_status"),
                    STATUSES,
                    index=STATUSES.index(agreement["status"]),
                    format_func=lambda value: t(f"pdca_status_{value}"),
                    key=f"{form_key}_status",
                )
                note = st.text_area(t("pdca_col_note"), key=f"{form_key}_note", max_chars=5000)
                submitted = st.form_submit_button(t("pdca_update_agreement"))
            if submitted:
                try:
                    update_agreement(
                        store(),
                        agreement["agreement_id"],
                        {"status": status, "note": note},
                        current_user().user_id,
                    )
                except (InvalidInput, StoreError) as error:
                    show_invalid(error)
                else:
                    st.session_state[f"{base_key}_generation"] = generation + 1
                    st.rerun()
