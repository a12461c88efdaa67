"""The global filters (period, location, team, product, route), kept in the URL.

The URL is the truth: a copied link opens the same view. `filters_from_params` and
`params_from_filters` are pure, so the mapping is tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from dashboard import data
from dashboard.formatting import day
from dashboard.i18n import language, t

# URL parameter -> Filters field, for the multi-valued filters.
LIST_PARAMS = {
    "locatie": "locations",
    "team": "teams",
    "product": "case_types",
    "route": "routes",
}
SESSION_KEY = "filters"


def filters_from_params(params: Mapping[str, str], default_end: date | None) -> data.Filters:
    """Filters from URL parameters; bad dates fall back to the default period (the year up
    to `default_end`, the last day with data)."""
    end = _parse_date(params.get("tot")) or default_end
    start = _parse_date(params.get("van"))
    if start is None and end is not None:
        start = year_before(end)
    if start is not None and end is not None and start > end:
        start, end = end, start
    chosen = {
        field: tuple(value for value in params.get(name, "").split(",") if value)
        for name, field in LIST_PARAMS.items()
    }
    return data.Filters(start=start, end=end, **chosen)


def year_before(end: date) -> date:
    """The first day of the twelve calendar months that end with `end`'s month, so that the
    first month of a trend is a whole month."""
    return data.first_of_next_month(date(end.year - 1, end.month, 1))


def params_from_filters(filters: data.Filters) -> dict[str, str]:
    """URL parameters for the filters; empty filters are left out."""
    params: dict[str, str] = {}
    if filters.start is not None:
        params["van"] = filters.start.isoformat()
    if filters.end is not None:
        params["tot"] = filters.end.isoformat()
    for name, field in LIST_PARAMS.items():
        values = getattr(filters, field)
        if values:
            params[name] = ",".join(values)
    return params


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def current() -> data.Filters:
    """The filters of this run (set by the sidebar of the entry page)."""
    return st.session_state.get(SESSION_KEY) or data.Filters()


def sidebar() -> data.Filters:
    """Draw the filters in the sidebar, keep them in the URL, and return them."""
    try:
        profile = data.data_profile()
        options = data.filter_options()
        names = data.display_names()
    except data.WarehouseUnavailable:
        profile, options, names = None, {}, {}
    last_day = profile.last_day if profile else None
    first_day = profile.first_day if profile else None
    initial = filters_from_params(st.query_params.to_dict(), last_day)

    with st.sidebar:
        st.subheader(t("filters"))
        start, end = initial.start, initial.end
        if start is not None and end is not None:
            low = min(first_day or start, start)
            high = max(last_day or end, end)
            chosen = st.date_input(
                t("period"),
                value=(start, end),
                min_value=low,
                max_value=high,
                format="DD-MM-YYYY",
                key="filter_period",
            )
            if isinstance(chosen, tuple) and len(chosen) == 2:
                start, end = chosen
        picked = {}
        for name, field in LIST_PARAMS.items():
            values = (options or {}).get(field, [])
            label_of = _labeller(name, names)
            present = [value for value in getattr(initial, field) if value in values]
            if not values:
                picked[field] = ()
                continue
            picked[field] = tuple(
                st.multiselect(
                    t(_label_key(name)),
                    values,
                    default=present,
                    format_func=label_of,
                    placeholder=t("all"),
                    key=f"filter_{name}",
                )
            )
        if profile and profile.first_day and profile.last_day:
            st.caption(
                t(
                    "data_span",
                    start=day(profile.first_day, language()),
                    end=day(profile.last_day, language()),
                )
            )
        st.caption(t("share_view"))

    filters = data.Filters(start=start, end=end, **picked)
    _write_params(filters)
    st.session_state[SESSION_KEY] = filters
    return filters


def _label_key(name: str) -> str:
    return {"locatie": "location", "team": "team", "product": "case_type", "route": "route"}[name]


def _labeller(name: str, names: Mapping[str, Mapping[str, str]]):
    kind = {"locatie": "location", "team": "team"}.get(name)
    lookup = names.get(kind, {}) if kind else {}
    return lambda value: lookup.get(value, value)


def _write_params(filters: data.Filters) -> None:
    wanted = params_from_filters(filters)
    for name in ("van", "tot", *LIST_PARAMS):
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
