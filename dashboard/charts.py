"""Plotly figure builders: one look for every page.

Calm colours, Dutch number format (1.234,5), targets as dashed lines, red/amber/green only
for status against a goal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

PRIMARY = "#1f4e79"  # Rijksoverheid-like dark blue
SECONDARY = "#7fa7c9"
ACCENT = "#e17c05"
GREY = "#8c8c8c"
TARGET = "#444444"
RAG = {"groen": "#2e7d32", "oranje": "#f0a202", "rood": "#c62828"}
SERIES = (PRIMARY, ACCENT, "#5b8e3e", "#8e5ea2", SECONDARY, "#b5651d", GREY)
TEMPLATE = "plotly_white"


def _figure(traces: Sequence[go.BaseTraceType], layout: dict[str, Any]) -> go.Figure:
    """A figure built in one go. Plotly checks a layout given to the constructor once, where
    every later update_layout or update_xaxes walks its relayout machinery again (2 against
    8 ms for a bar chart). TEMPLATE becomes Plotly's default, which it applies to a new figure
    for about 1 ms, where a template named per figure is validated again each time; set at the
    first figure rather than at import."""
    if pio.templates.default != TEMPLATE:
        pio.templates.default = TEMPLATE
    return go.Figure(data=list(traces), layout=layout)


def _layout(
    y_title: str = "",
    x_title: str = "",
    lang: str = "nl",
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """The common layout, with `xaxis` / `yaxis` merged into the common axes and `overrides`
    replacing the other keys. The figures here have one pair of axes."""
    return {
        "separators": ",." if lang == "nl" else ".,",
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "height": 340,
        # A legend in a row reads left to right in the order the series are given; Plotly's
        # default for stacked bars would reverse it.
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "traceorder": "normal",
        },
        "hovermode": "x unified",
        "font": {"size": 13},
        "yaxis": {
            "title": {"text": y_title},
            "rangemode": "tozero",
            "separatethousands": True,
            **(yaxis or {}),
        },
        "xaxis": {"title": {"text": x_title}, **(xaxis or {})},
        **overrides,
    }


def _reference_line(value: float, label: str, vertical: bool) -> dict[str, Any]:
    """Layout for a dashed target or reference line across the plot, labelled at its top left
    (horizontal) or at the top right of a vertical one: what Plotly's add_hline and add_vline
    draw, given directly (those take 4 ms a line to find the axes)."""
    line = {"type": "line", "line": {"color": TARGET, "dash": "dash", "width": 1.5}}
    text = {"text": label, "showarrow": False, "xanchor": "left"}
    if vertical:
        shape = {"xref": "x", "x0": value, "x1": value, "yref": "y domain", "y0": 0, "y1": 1}
        note = {"xref": "x", "x": value, "yref": "y domain", "y": 1, "yanchor": "top"}
    else:
        shape = {"xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": value, "y1": value}
        note = {"xref": "x domain", "x": 0, "yref": "y", "y": value, "yanchor": "bottom"}
    return {"shapes": [{**line, **shape}], "annotations": [{**text, **note}]}


def lines(
    frame: pl.DataFrame,
    x: str,
    series: dict[str, str],
    y_title: str,
    target: float | None = None,
    target_label: str = "",
    lang: str = "nl",
) -> go.Figure:
    """One line per column of `series` (column -> legend label), optional target line."""
    traces = [
        go.Scatter(
            x=frame[x].to_list(),
            y=frame[column].to_list(),
            name=label,
            mode="lines+markers",
            line={"color": SERIES[index % len(SERIES)], "width": 2},
            marker={"size": 5},
        )
        for index, (column, label) in enumerate(series.items())
    ]
    reference = {} if target is None else _reference_line(target, target_label, vertical=False)
    return _figure(traces, _layout(y_title, lang=lang, **reference))


def bars(
    frame: pl.DataFrame,
    x: str,
    series: dict[str, str],
    y_title: str,
    horizontal: bool = False,
    stacked: bool = False,
    lang: str = "nl",
) -> go.Figure:
    """Grouped (or stacked) bars, one colour per column of `series`."""
    # arrays pass Plotly's checks without a look at every element, where lists do not (half
    # the time of a bar per team of a location with hundreds of teams)
    categories = frame[x].to_numpy()
    traces = []
    for index, (column, label) in enumerate(series.items()):
        values = frame[column].to_numpy()
        traces.append(
            go.Bar(
                x=values if horizontal else categories,
                y=categories if horizontal else values,
                name=label,
                orientation="h" if horizontal else "v",
                marker_color=SERIES[index % len(SERIES)],
            )
        )
    barmode = "stack" if stacked else "group"
    if horizontal:
        layout = _layout(
            "",
            lang=lang,
            xaxis={"title": {"text": y_title}},
            yaxis={"autorange": "reversed", "type": "category"},
            barmode=barmode,
            height=max(260, 28 * frame.height + 80),
            hovermode="y unified",
        )
    else:
        layout = _layout(y_title, lang=lang, xaxis={"type": "category"}, barmode=barmode)
    return _figure(traces, layout)


def target_bars(
    labels: Sequence[str],
    realised: Sequence[float],
    targets: Sequence[float],
    statuses: Sequence[str | None],
    realised_label: str,
    target_label: str,
    y_title: str,
    lang: str = "nl",
) -> go.Figure:
    """Realised per period as bars coloured by status, the target as a marker line."""
    colours = [RAG.get(status or "", PRIMARY) for status in statuses]
    traces = [
        go.Bar(x=list(labels), y=list(realised), name=realised_label, marker_color=colours),
        go.Scatter(
            x=list(labels),
            y=list(targets),
            name=target_label,
            mode="markers+lines",
            line={"color": TARGET, "dash": "dash"},
            marker={"symbol": "line-ew-open", "size": 24, "color": TARGET},
        ),
    ]
    return _figure(traces, _layout(y_title, lang=lang, xaxis={"type": "category"}))


def capacity_outlook(
    labels: Sequence[str],
    needed: Sequence[float | None],
    is_forecast: Sequence[bool],
    available: float | None,
    with_pool: float | None,
    names: tuple[str, str, str, str],
    y_title: str,
    lang: str = "nl",
) -> go.Figure:
    """Capacity needed per month as bars, past months pale and forecast months dark, against
    the available capacity and the available capacity plus the flexible pool as lines.
    `names`: the legend labels of past, forecast, available and available plus pool."""
    past, ahead, available_name, pool_name = names
    traces: list[go.BaseTraceType] = [
        go.Bar(
            x=[label for label, future in zip(labels, is_forecast, strict=True) if future is flag],
            y=[value for value, future in zip(needed, is_forecast, strict=True) if future is flag],
            name=name,
            marker_color=colour,
        )
        for flag, name, colour in ((False, past, SECONDARY), (True, ahead, PRIMARY))
    ]
    for value, name, dash in ((available, available_name, "solid"), (with_pool, pool_name, "dash")):
        if value is not None:
            traces.append(
                go.Scatter(
                    x=list(labels),
                    y=[value] * len(labels),
                    name=name,
                    mode="lines",
                    line={"color": TARGET, "dash": dash, "width": 1.5},
                )
            )
    layout = _layout(y_title, lang=lang, xaxis={"type": "category"}, barmode="overlay")
    return _figure(traces, layout)


def distribution(
    frame: pl.DataFrame,
    value: str,
    group: str,
    value_title: str,
    reference: float | None = None,
    reference_label: str = "",
    lang: str = "nl",
) -> go.Figure:
    """One horizontal box per group with every point shown (a strip): the spread, not just the
    mean. Groups on the vertical axis in order of first appearance, so long names stay
    readable; a group without values (or the null group) keeps its row, empty."""
    # One trace for all groups (Plotly draws a box per distinct label): a trace per group costs
    # seconds to build and to send for thousands of teams, and arrays pass Plotly's checks
    # without a look at every element, where lists do not.
    labels = frame[group].cast(pl.String).fill_null("None")
    groups = labels.unique(maintain_order=True).to_list()
    points = frame.select(pl.col(value), labels.alias("__group")).filter(
        frame[group].is_not_null() & frame[value].is_not_null()
    )
    box = go.Box(
        x=points[value].to_numpy(),
        y=points["__group"].to_numpy(),
        orientation="h",
        boxpoints="all",
        jitter=0.5,
        pointpos=0,
        marker={"color": PRIMARY, "size": 6, "opacity": 0.75},
        line={"width": 1.5},
        showlegend=False,
    )
    marked = {} if reference is None else _reference_line(reference, reference_label, True)
    layout = _layout(
        lang=lang,
        xaxis={"title": {"text": value_title}, "rangemode": "tozero"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": groups,
            "autorange": "reversed",
            "title": {"text": ""},
        },
        hovermode="closest",
        height=max(300, 30 * len(groups) + 90),
        **marked,
    )
    return _figure([box], layout)


def histogram(values: Sequence[float], x_title: str, y_title: str, lang: str = "nl") -> go.Figure:
    """How often each value occurs, in about 40 bins."""
    return _figure(
        [go.Histogram(x=list(values), nbinsx=40, marker_color=PRIMARY)],
        _layout(y_title, x_title, lang=lang, hovermode="closest", bargap=0.05),
    )


def sankey(
    sources: Sequence[str], targets: Sequence[str], counts: Sequence[int], lang: str = "nl"
) -> go.Figure:
    """A process map: steps on the left flow to the steps that follow them on the right,
    each band as wide as the number of transitions.

    Left and right are separate nodes so that loops (rework: a step followed by an earlier
    one) stay readable; a Sankey cannot draw cycles.
    """
    left = list(dict.fromkeys(sources))
    right = list(dict.fromkeys(targets))
    flow = go.Sankey(
        arrangement="snap",
        node={
            "label": [*left, *right],
            "pad": 12,
            "thickness": 14,
            "color": [PRIMARY] * len(left) + [ACCENT] * len(right),
        },
        link={
            "source": [left.index(name) for name in sources],
            "target": [len(left) + right.index(name) for name in targets],
            "value": list(counts),
            "color": "rgba(127, 167, 201, 0.45)",
        },
    )
    layout = _layout(
        lang=lang, hovermode="closest", height=max(380, 24 * max(len(left), len(right)))
    )
    return _figure([flow], layout)
