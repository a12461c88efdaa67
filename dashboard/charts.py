"""Plotly figure builders: one look for every page.

Calm colours, Dutch number format (1.234,5), targets as dashed lines, red/amber/green only
for status against a goal.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def _figure(*traces: object, **kwargs: object) -> go.Figure:
    """A new figure in TEMPLATE. Plotly applies its default template to a new figure for
    about 1 ms, where a template named per figure is validated again each time (11 of the
    19 ms of a line chart), so TEMPLATE is made the default, at the first figure rather than
    at import."""
    if pio.templates.default != TEMPLATE:
        pio.templates.default = TEMPLATE
    return go.Figure(*traces, **kwargs)


def _layout(fig: go.Figure, y_title: str = "", x_title: str = "", lang: str = "nl") -> go.Figure:
    fig.update_layout(
        separators=",." if lang == "nl" else ".,",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=340,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="x unified",
        font={"size": 13},
        # the figures here have one pair of axes: set with the layout, in one validation
        yaxis={"title": {"text": y_title}, "rangemode": "tozero", "separatethousands": True},
        xaxis={"title": {"text": x_title}},
    )
    return fig


def _reference_line(fig: go.Figure, value: float, label: str, vertical: bool) -> None:
    """A dashed target or reference line across the plot, labelled at its top left
    (horizontal) or at the top right of a vertical one: what Plotly's add_hline and add_vline
    draw, set directly (those take 4 ms a line to find the axes)."""
    line = {"type": "line", "line": {"color": TARGET, "dash": "dash", "width": 1.5}}
    text = {"text": label, "showarrow": False}
    if vertical:
        shape = {
            **line,
            "xref": "x",
            "x0": value,
            "x1": value,
            "yref": "y domain",
            "y0": 0,
            "y1": 1,
        }
        note = {**text, "xref": "x", "x": value, "xanchor": "left", "yref": "y domain", "y": 1}
        note["yanchor"] = "top"
    else:
        shape = {
            **line,
            "xref": "x domain",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": value,
            "y1": value,
        }
        note = {**text, "xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": value}
        note["yanchor"] = "bottom"
    fig.update_layout(shapes=[shape], annotations=[note])


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
    fig = _figure()
    for index, (column, label) in enumerate(series.items()):
        fig.add_trace(
            go.Scatter(
                x=frame[x].to_list(),
                y=frame[column].to_list(),
                name=label,
                mode="lines+markers",
                line={"color": SERIES[index % len(SERIES)], "width": 2},
                marker={"size": 5},
            )
        )
    if target is not None:
        _reference_line(fig, target, target_label, vertical=False)
    return _layout(fig, y_title, lang=lang)


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
    fig = _figure()
    # arrays pass Plotly's checks without a look at every element, where lists do not (half
    # the time of a bar per team of a location with hundreds of teams)
    categories = frame[x].to_numpy()
    for index, (column, label) in enumerate(series.items()):
        values = frame[column].to_numpy()
        fig.add_trace(
            go.Bar(
                x=values if horizontal else categories,
                y=categories if horizontal else values,
                name=label,
                orientation="h" if horizontal else "v",
                marker_color=SERIES[index % len(SERIES)],
            )
        )
    fig.update_layout(barmode="stack" if stacked else "group")
    fig = _layout(fig, "" if horizontal else y_title, lang=lang)
    if horizontal:
        fig.update_xaxes(title_text=y_title)
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_layout(height=max(260, 28 * frame.height + 80), hovermode="y unified")
    else:
        fig.update_xaxes(type="category")
    return fig


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
    fig = _figure()
    fig.add_trace(
        go.Bar(x=list(labels), y=list(realised), name=realised_label, marker_color=colours)
    )
    fig.add_trace(
        go.Scatter(
            x=list(labels),
            y=list(targets),
            name=target_label,
            mode="markers+lines",
            line={"color": TARGET, "dash": "dash"},
            marker={"symbol": "line-ew-open", "size": 24, "color": TARGET},
        )
    )
    fig.update_xaxes(type="category")
    return _layout(fig, y_title, lang=lang)


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
    fig = _figure(
        go.Box(
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
    )
    if reference is not None:
        _reference_line(fig, reference, reference_label, vertical=True)
    fig = _layout(fig, lang=lang)
    fig.update_layout(hovermode="closest", height=max(300, 30 * len(groups) + 90))
    fig.update_xaxes(title_text=value_title, rangemode="tozero")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=groups,
        autorange="reversed",
        title_text="",
    )
    return fig


def histogram(values: Sequence[float], x_title: str, y_title: str, lang: str = "nl") -> go.Figure:
    """How often each value occurs, in about 40 bins."""
    fig = _figure(go.Histogram(x=list(values), nbinsx=40, marker_color=PRIMARY))
    fig = _layout(fig, y_title, x_title, lang=lang)
    fig.update_layout(hovermode="closest", bargap=0.05)
    return fig


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
    fig = _figure(
        go.Sankey(
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
    )
    fig = _layout(fig, lang=lang)
    fig.update_layout(height=max(380, 24 * max(len(left), len(right))), hovermode="closest")
    return fig
