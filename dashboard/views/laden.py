"""Gegevens laden (beheerder only): upload an export, preview it, map non-standard columns,
load it with a progress bar, and show the reconciliation. The load builds a new warehouse file
and swaps it in, so whoever is viewing the dashboard meanwhile is not blocked."""

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.access import login
from dashboard.formatting import number
from dashboard.i18n import language, t

login.require_beheer()  # a load replaces what every page shows: events, teams, norms

lang = language()
st.title(t("page_load"))
st.caption(t("load_intro"))

try:
    from pipelines.mapping import MAPPABLE_COLUMNS, Mapping, describe_mapping
    from pipelines.readers import preview_source
except ImportError as error:
    st.warning(t("load_unavailable", error=error))
    st.stop()

target = data.warehouse_path()
st.caption(f"{t('target_warehouse')}: `{target}`")
outdated = data.outdated_tables()
if outdated:
    notice = st.empty()  # cleared once the tables are rebuilt
    with notice.container():
        st.warning(t("warehouse_outdated", count=len(outdated)), icon=":material/update:")
        update = st.button(t("refresh_outdated"), key="refresh_outdated")
    if update:
        from pipelines.upgrade import refresh_warehouse

        try:
            with st.spinner(t("refreshing_outdated")):
                written = refresh_warehouse(target)
        except Exception as error:  # shown in one line; the old warehouse stays
            st.error(t("refresh_failed", error=error))
        else:
            st.cache_data.clear()  # everyone's next click reads the new warehouse
            notice.empty()
            st.success(t("refreshed_outdated", count=len(written)))
uploads = st.file_uploader(
    t("upload"),
    type=["csv", "xlsx", "xls", "parquet", "xes", "gz"],
    accept_multiple_files=True,
    key="load_files",
)
if not uploads:
    st.stop()

# Uploaded bytes go to a private temporary folder for the reader, which works on paths.
folder = Path(st.session_state.setdefault("load_folder", tempfile.mkdtemp(prefix="upload_")))
paths = []
for upload in uploads:
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getbuffer())
    paths.append(path)

mappings: dict[str, dict[str, str]] = {}
for path in paths:
    st.subheader(f"{t('preview')}: {path.name}")
    try:
        preview = preview_source(path)
    except Exception as error:  # the reader's one-line message is what the user needs
        st.error(str(error))
        continue
    st.dataframe(preview, hide_index=True, height=240)
    described = describe_mapping(preview.columns)
    with st.expander(
        t("mapping"), expanded=any(value is None for value in list(described.values())[:3])
    ):
        st.caption(t("mapping_help"))
        choices = [t("not_used"), *preview.columns]
        chosen: dict[str, str] = {}
        columns = st.columns(3)
        for index, canonical in enumerate(MAPPABLE_COLUMNS):
            default = described.get(canonical)
            picked = columns[index % 3].selectbox(
                canonical,
                choices,
                index=choices.index(default) if default in choices else 0,
                key=f"load_map_{path.name}_{canonical}",
            )
            if picked != t("not_used"):
                chosen[canonical] = picked
        mappings[path.name] = chosen

if not mappings or not st.button(t("start_load"), type="primary", key="load_start"):
    st.stop()

try:
    from pipelines.load import load_files
except ImportError as error:
    st.warning(t("load_unavailable", error=error))
    st.stop()

bar = st.progress(0.0, text=t("loading"))


def report(rows_done: int, rows_total: int | None) -> None:
    share = rows_done / rows_total if rows_total else 0.0
    bar.progress(min(max(share, 0.0), 1.0), text=f"{t('loading')} {rows_done:,}".replace(",", "."))


results = []
try:
    for path in paths:
        if path.name in mappings:
            mapping = Mapping(columns=mappings[path.name])
            results += load_files(target, [path], mapping, progress=report)
except Exception as error:  # a load error is shown in one line; the old warehouse stays
    bar.empty()
    st.error(t("load_failed", error=error))
    st.stop()
bar.progress(1.0, text=t("load_done"))
st.cache_data.clear()  # everyone's next click reads the new warehouse
st.success(
    "  \n".join(
        [t("load_done")]
        + [
            t(
                "load_summary",
                file=result.source_file,
                read=number(result.rows_read, 0, lang),
                loaded=number(result.rows_loaded, 0, lang),
                quarantined=number(result.rows_quarantined, 0, lang),
                duplicate=number(result.rows_duplicate, 0, lang),
            )
            for result in results
        ]
    )
)
st.subheader(t("reconciliation"))
reconciliation = pl.DataFrame(
    [
        {
            "load_id": result.load_id,
            "source_file": result.source_file,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_quarantined": result.rows_quarantined,
            "rows_duplicate": result.rows_duplicate,
            "reconciled": "✓" if result.balanced else "✗",
        }
        for result in results
    ]
)
components.table(
    reconciliation,
    t("reconciliation"),
    {
        "load_id": "col_load_id",
        "source_file": "col_source_file",
        "rows_read": "col_rows_read",
        "rows_loaded": "col_rows_loaded",
        "rows_quarantined": "col_rows_quarantined",
        "rows_duplicate": "col_rows_duplicate",
        "reconciled": "col_reconciled",
    },
    key="load_reconciliation",
)
