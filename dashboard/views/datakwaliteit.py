"""Datakwaliteit (beheerder only): the last loads with their reconciliation, the quarantined
rows with their reasons, and the results of the checks in `sql/checks/`."""

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.access import login
from dashboard.formatting import number
from dashboard.i18n import language, t

login.require_beheer()  # the quarantined rows are raw source rows, names and all
lang = language()
st.title(t("page_data_quality"))
st.caption(t("dq_intro"))

if not data.tables():
    st.info(t("no_warehouse"), icon=":material/database:")
    st.stop()

# --- loads and their reconciliation ------------------------------------------------------------
st.subheader(t("loads"))
loads = data.loads()
if loads.is_empty():
    st.info(t("no_loads"))
else:
    broken = loads.filter(~pl.col("reconciled"))
    if broken.is_empty():
        st.success(
            f"{t('reconciliation_ok')}: {number(loads['rows_read'].sum(), 0, lang)} "
            f"= {number(loads['rows_loaded'].sum(), 0, lang)} + "
            f"{number(loads['rows_quarantined'].sum(), 0, lang)} + "
            f"{number(loads['rows_duplicate'].sum(), 0, lang)}",
            icon=":material/check_circle:",
        )
    else:
        st.error(f"{t('reconciliation_broken')}: {broken.height}", icon=":material/error:")
    components.table(
        loads.with_columns(
            pl.col("reconciled").replace_strict({True: "✓", False: "✗"}, return_dtype=pl.String)
        ),
        t("loads"),
        {
            "load_id": "col_load_id",
            "source_file": "col_source_file",
            "source_format": "col_format",
            "target_table": "col_target_table",
            "finished_at": "col_finished_at",
            "rows_read": "col_rows_read",
            "rows_loaded": "col_rows_loaded",
            "rows_quarantined": "col_rows_quarantined",
            "rows_duplicate": "col_rows_duplicate",
            "reconciled": "col_reconciled",
        },
        key="dq_loads",
        formats={
            t("col_finished_at"): st.column_config.DatetimeColumn(
                format="DD-MM-YYYY HH:mm", timezone="Europe/Amsterdam"
            )
        },
    )

# --- quarantine ---------------------------------------------------------------------------
st.subheader(t("quarantine"))
reasons = data.quarantine_reasons()
if reasons.is_empty():
    st.success(t("no_quarantine"), icon=":material/check_circle:")
else:
    st.markdown(f"**{t('quarantine_reasons')}**")
    components.table(
        reasons,
        t("quarantine_reasons"),
        {
            "load_id": "col_load_id",
            "source_file": "col_source_file",
            "reason": "col_reason",
            "rows": "col_rows_quarantined",
        },
        key="dq_reasons",
    )
    components.table(
        data.quarantine_rows(),
        t("quarantine"),
        {
            "load_id": "col_load_id",
            "source_file": "col_source_file",
            "source_row": "col_source_row",
            "reason": "col_reason",
            "raw_row": "col_raw_row",
        },
        key="dq_quarantine",
        height=320,
    )

# --- checks -------------------------------------------------------------------------------
st.subheader(t("checks"))
checks = data.check_results()
if checks.is_empty():
    st.info(t("no_checks"))
else:
    components.table(
        checks, t("checks"), {column: column for column in checks.columns}, key="dq_checks"
    )
