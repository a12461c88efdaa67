"""The forecast of inflow, open stock and capacity for the next three months against what is
available, from indicator `inflow_forecast` (figures: `dashboard.forecast`): a section of the
overview, and a short table beside the form that sets an organisation's goals.
"""

import polars as pl
import streamlit as st

from dashboard import charts, components, data, forecast
from dashboard.formatting import month_label, number
from dashboard.i18n import t


def show(chosen: data.Filters, lang: str) -> None:
    """The section, or a note where the filters or the viewer's scope are narrower than the
    whole organisation, or where the data hold no complete month yet."""
    st.subheader(t("forecast"))
    rows = data.inflow_forecast(chosen)
    if rows is None:
        st.info(t("forecast_whole_organisation"), icon=":material/insights:")
        return
    if rows.is_empty():
        st.info(t("forecast_no_history"), icon=":material/insights:")
        return
    totals = forecast.monthly_totals(rows)
    outlook = forecast.outlook(totals)
    first, last = month_label(outlook.first_month, lang), month_label(outlook.last_month, lang)
    fte = t("fte")

    def in_fte(value: float | None) -> str:
        return "–" if value is None else f"{number(value, 1, lang)} {fte}"

    figures = st.columns(4)
    with figures[0]:
        components.metric(
            t("forecast_inflow", month=first),
            number(outlook.inflow, 0, lang),
            "forecast_inflow",
            t("cases"),
            source="inflow_forecast",
        )
    with figures[1]:
        components.metric(
            t("forecast_fte_needed", month=first),
            in_fte(outlook.fte_needed),
            "forecast_fte_needed",
            fte,
            source="inflow_forecast",
        )
    with figures[2]:
        components.metric(
            t("forecast_available"),
            in_fte(outlook.available_fte),
            "forecast_available",
            fte,
            source="inflow_forecast",
        )
    with figures[3]:
        components.metric(
            t("forecast_open", month=last),
            number(outlook.open_projected, 0, lang),
            "forecast_open",
            t("cases"),
            source="inflow_forecast",
            delta=number(outlook.open_projected - outlook.open_now, 0, lang),
            delta_color="inverse",
        )
    if outlook.peak_fits is not None:
        st.markdown(
            t(
                "forecast_peak_fits" if outlook.peak_fits else "forecast_peak_exceeds",
                month=month_label(outlook.peak_month or "", lang),
                peak=number(outlook.peak_fte_needed, 1, lang),
                pool=number(outlook.flex_pool_fte, 1, lang),
                total=number((outlook.available_fte or 0) + (outlook.flex_pool_fte or 0), 1, lang),
            )
        )
    else:
        components.missing("missing_capacity_norms")
    components.figure(
        charts.capacity_outlook(
            [month_label(month, lang) for month in totals["month"]],
            totals["fte_needed"].to_list(),
            totals["is_forecast"].to_list(),
            outlook.available_fte,
            None
            if outlook.available_fte is None
            else outlook.available_fte + (outlook.flex_pool_fte or 0.0),
            (
                t("forecast_past"),
                t("forecast_ahead"),
                t("forecast_available"),
                t("forecast_with_pool"),
            ),
            fte,
            lang=lang,
        ),
        t("forecast_capacity_chart"),
        "forecast_fte_needed",
        fte,
        key="overview_forecast",
        source="inflow_forecast",
    )
    components.table(
        forecast.per_case_type(rows),
        t("forecast_per_case_type", month=first),
        {
            "case_type": "col_case_type",
            "route": "col_route",
            "inflow": "col_forecast_inflow",
            "inflow_peak": "col_forecast_peak",
            "outflow": "col_forecast_pace",
            "open_now": "col_open_now",
            "open_projected": "col_forecast_open",
            "norm_hours_per_case": "col_norm_hours_per_case",
            "fte_needed": "col_fte_needed",
            "fte_needed_peak": "col_fte_needed_peak",
        },
        key="overview_forecast_table",
        formats=components.decimals(
            0, "col_forecast_inflow", "col_forecast_pace", "col_forecast_open"
        )
        | components.decimals(
            1, "col_norm_hours_per_case", "col_fte_needed", "col_fte_needed_peak"
        ),
    )
    st.caption(t("forecast_note", month=last))


def show_for_goals(unit_type: str, lang: str) -> None:
    """Beside the goal form: what the coming months ask of the organisation (inflow, the pace
    that keeps the stock level, the projected stock, capacity against what is available).
    Units below the organisation get a one-line note instead: the forecast is not made per
    location or team, and a heading over a note alone would promise more than it holds."""
    if unit_type != "organisatie":
        st.caption(t("pdca_forecast_organisation_only"))
        return
    st.subheader(t("pdca_forecast"))
    rows = data.inflow_forecast(data.Filters())
    if rows is None or rows.is_empty():
        st.caption(t("forecast_no_history"))
        return
    totals = forecast.monthly_totals(rows)
    outlook = forecast.outlook(totals)
    change = round(outlook.inflow - outlook.pace)
    direction = "rises" if change > 0 else "falls" if change < 0 else "level"
    st.markdown(
        t("pdca_forecast_steady", inflow=number(outlook.inflow, 0, lang))
        + " "
        + t(
            f"pdca_forecast_{direction}",
            pace=number(outlook.pace, 0, lang),
            change=number(abs(change), 0, lang),
        )
    )
    ahead = forecast.months_ahead(totals).with_columns(
        month=pl.col("month").map_elements(lambda month: month_label(month, lang), pl.String)
    )
    components.table(
        ahead,
        t("pdca_forecast"),
        {
            "month": "col_month",
            "inflow": "col_forecast_inflow",
            "outflow": "col_forecast_pace",
            "open_at_month_end": "col_open_month_end",
            "fte_needed": "col_fte_needed",
            "available_fte": "col_fte_available",
            "available_with_pool_fte": "col_fte_with_pool",
        },
        key="pdca_doelen_forecast",
        formats=components.decimals(
            0, "col_forecast_inflow", "col_forecast_pace", "col_open_month_end"
        )
        | components.decimals(1, "col_fte_needed", "col_fte_available", "col_fte_with_pool"),
    )
    if outlook.fte_needed is None or outlook.available_fte is None:
        components.missing("missing_capacity_norms")
