"""Building blocks every page uses: a figure or metric with its definition and unit, a
table with CSV and Excel downloads, and the messages for empty or missing data."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import language, t
from pipelines.indicators import catalog


def definition_text(key: str, source: str | None = None) -> str:
    """The definition of figure `key` in the session's language (`def_<key>` of the
    translation table); in English the indicator catalog's own text where there is one."""
    info = catalog().get(source) if source else None
    if info is not None and info.definition and language() == "en":
        return info.definition
    return t(f"def_{key}")


def _source_note(source: str | None) -> str:
    if not source:
        return ""
    layer = "indicators" if source in catalog() else "marts"
    return f"  \n**{t('source')}:** `sql/{layer}/{source}.sql`"


def metric(
    label: str,
    value: str,
    definition_key: str,
    unit: str,
    source: str | None = "cases",
    delta: str | None = None,
    delta_color: str = "normal",
) -> None:
    """A headline figure; its definition, unit and source on the help icon. `delta_color`
    "inverse" where a rise is bad news (a growing backlog)."""
    st.metric(
        label,
        value,
        delta=delta,
        delta_color=delta_color,
        help=f"{definition_text(definition_key, source)}  \n**{t('unit')}:** {unit}"
        + _source_note(source),
        border=True,
    )


def figure(
    fig: go.Figure,
    title: str,
    definition_key: str,
    unit: str,
    key: str,
    source: str | None = "cases",
) -> None:
    """A chart with its title, and below it the definition, unit and source in an expander."""
    if title:
        st.markdown(f"**{title}**")
    st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})
    with st.expander(t("about_figure")):
        st.markdown(
            f"{definition_text(definition_key, source)}  \n**{t('unit')}:** {unit}"
            + _source_note(source)
        )


def decimals(places: int, *label_keys: str) -> dict[str, st.column_config.Column]:
    """Column formats for `table`: the columns headed by these translation keys shown with
    `places` decimals (combine several with `|`)."""
    return {t(key): st.column_config.NumberColumn(format=f"%.{places}f") for key in label_keys}


def table(
    frame: pl.DataFrame,
    name: str,
    columns: dict[str, str],
    key: str,
    formats: dict[str, st.column_config.Column] | None = None,
    height: int | str = "auto",
) -> None:
    """A table with readable column names and download buttons for CSV and Excel.

    `columns` maps the frame's columns to the translation keys of their headers; columns
    not in it are left out.
    """
    shown = frame.select([column for column in columns if column in frame.columns]).rename(
        {column: t(label) for column, label in columns.items() if column in frame.columns}
    )
    # Numbers that name something (a load, a row of the source file) are not grouped.
    identifiers = {
        t(label)
        for column, label in columns.items()
        if column in frame.columns and (column.endswith("_id") or column == "source_row")
    }
    shown, config = _readable_numbers(shown, formats or {}, identifiers)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, height=height)
    left, right, _ = st.columns([1, 1, 4])
    stem = _file_stem(name)
    left.download_button(
        t("download_csv"),
        data=lambda: _csv_bytes(shown),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("download_excel"),
        data=lambda: excel_bytes(shown, name),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )


# Whole numbers are grouped by the page's language, whatever the browser's: "1,022" on a Dutch
# page reads as one point zero two two. The sprintf syntax of the table takes the character
# after the quote as the thousands separator. Decimals stay in the reader's own locale
# ("localized"), as the table has no way to set a decimal comma.
WHOLE_NUMBER_FORMAT = {"nl": "%'.,d", "en": "%,d"}


def _readable_numbers(
    frame: pl.DataFrame,
    formats: dict[str, st.column_config.Column],
    identifiers: Collection[str] = (),
) -> tuple[pl.DataFrame, dict[str, st.column_config.Column]]:
    """Round decimals (one place, or as a `%.Nf` format asks), group whole numbers the way the
    page's language does (1.234 in Dutch) and show decimals in the reader's locale; the
    `identifiers` columns as plain digits."""
    config = dict(formats)
    changed = []
    whole = WHOLE_NUMBER_FORMAT.get(language(), WHOLE_NUMBER_FORMAT["nl"])
    for name, dtype in frame.schema.items():
        if not dtype.is_numeric():
            continue
        if name in identifiers:
            config[name] = st.column_config.NumberColumn(format="%d")
            continue
        asked = (formats.get(name) or {}).get("type_config", {}).get("format") or ""
        match = re.fullmatch(r"%\.(\d)f", asked)
        places = int(match.group(1)) if match else 1
        if dtype.is_float() and places == 0:
            # Rounded to whole numbers: shown as whole numbers, grouped as those are.
            changed.append(pl.col(name).round(0).cast(pl.Int64, strict=False))
            config[name] = st.column_config.NumberColumn(format=whole)
        elif dtype.is_float():
            changed.append(pl.col(name).round(places))
            config[name] = st.column_config.NumberColumn(format="localized")
        else:
            config[name] = st.column_config.NumberColumn(format=whole)
    return (frame.with_columns(changed) if changed else frame), config


def _file_stem(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "tabel"


def _csv_bytes(frame: pl.DataFrame) -> bytes:
    return _plain(frame).write_csv().encode("utf-8-sig")  # BOM: Excel opens it as UTF-8


def excel_bytes(frame: pl.DataFrame, sheet: str) -> bytes:
    """The frame as an .xlsx workbook with one sheet."""
    buffer = io.BytesIO()
    _plain(frame).write_excel(buffer, worksheet=re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31])
    return buffer.getvalue()


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    # Spreadsheets have no time zones: show instants as Amsterdam wall-clock time.
    return frame.with_columns(
        pl.col(pl.Datetime("us", "UTC"), pl.Datetime("ns", "UTC"), pl.Datetime("ms", "UTC"))
        .dt.convert_time_zone("Europe/Amsterdam")
        .dt.replace_time_zone(None)
    )


def missing(what_key: str) -> None:
    """Say plainly that the data lacks something, and that the rest is still shown."""
    st.info(t("missing_table", what=t(what_key)), icon=":material/info:")


def guard_warehouse() -> data.DataProfile | None:
    """The data profile; or a helpful message (and None) when there is nothing to show."""
    try:
        profile = data.data_profile()
    except data.WarehouseUnavailable:
        profile = None
    if profile is None:
        st.info(t("no_warehouse"), icon=":material/database:")
        return None
    if profile.cases == 0:
        st.info(t("no_events"), icon=":material/database:")
        return None
    return profile


def safely(render: Callable[[], None]) -> None:
    """Run a page section; a missing table or column shows a message, not a traceback."""
    try:
        render()
    except data.WarehouseUnavailable:
        st.info(t("no_warehouse"), icon=":material/database:")
