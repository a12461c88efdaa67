"""The chart builders' figures: what a person sees is decided by the traces and axes."""

from __future__ import annotations

import polars as pl

from dashboard import charts


def _workload() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "team": ["Team B", "Team B", "Team A", None, "Team C", "Team A", "Team B"],
            "weeks": [1.5, 2.0, 0.5, 4.0, None, 3.0, 2.5],
        }
    )


def test_distribution_draws_every_group_in_one_box_trace() -> None:
    fig = charts.distribution(_workload(), "weeks", "team", "Werklast (weken)")
    assert len(fig.data) == 1
    box = fig.data[0]
    assert (box.type, box.orientation, box.boxpoints) == ("box", "h", "all")
    # One point per row with a value and a group, each on its group's row.
    assert list(zip(box.y, box.x, strict=True)) == [
        ("Team B", 1.5),
        ("Team B", 2.0),
        ("Team A", 0.5),
        ("Team A", 3.0),
        ("Team B", 2.5),
    ]


def test_distribution_keeps_each_group_a_row_in_order_of_appearance() -> None:
    fig = charts.distribution(_workload(), "weeks", "team", "Werklast (weken)")
    axis = fig.layout.yaxis
    # Team C (no values) and the null group keep their (empty) rows; first group on top.
    assert list(axis.categoryarray) == ["Team B", "Team A", "None", "Team C"]
    assert (axis.type, axis.categoryorder, axis.autorange) == ("category", "array", "reversed")
    assert fig.layout.height == 300  # the least height, below 30 px per group + 90
    assert fig.layout.xaxis.title.text == "Werklast (weken)"


def test_distribution_shows_the_reference_line() -> None:
    fig = charts.distribution(
        _workload(), "weeks", "team", "Werklast (weken)", reference=2.0, reference_label="Norm"
    )
    (line,) = fig.layout.shapes
    assert (line.x0, line.x1, line.line.dash) == (2.0, 2.0, "dash")
    assert fig.layout.annotations[0].text == "Norm"


def test_distribution_of_many_teams_stays_one_trace_with_all_points() -> None:
    teams = [f"Team {index:04d}" for index in range(3000)]
    frame = pl.DataFrame({"team": teams * 7, "weeks": [float(i % 13) for i in range(21000)]})
    fig = charts.distribution(frame, "weeks", "team", "weken")
    assert len(fig.data) == 1
    assert len(fig.data[0].x) == 21000
    assert list(fig.layout.yaxis.categoryarray) == teams
    assert fig.layout.height == 30 * 3000 + 90


def test_lines_draw_the_target_across_the_plot_in_the_common_look() -> None:
    frame = pl.DataFrame({"month": ["2025-01", "2025-02"], "pct": [91.0, 97.5]})
    fig = charts.lines(frame, "month", {"pct": "Tijdig"}, "%", target=95.0, target_label="Doel")
    (line,) = fig.layout.shapes
    assert (line.xref, line.x0, line.x1, line.y0, line.y1) == ("x domain", 0, 1, 95.0, 95.0)
    assert line.line.dash == "dash"
    (note,) = fig.layout.annotations
    assert (note.text, note.y, note.xanchor, note.yanchor) == ("Doel", 95.0, "left", "bottom")
    assert fig.layout.separators == ",."  # Dutch: 1.234,5
    assert (fig.layout.yaxis.title.text, fig.layout.yaxis.rangemode) == ("%", "tozero")
    assert fig.layout.template.layout.plot_bgcolor == "white"
    english = charts.lines(frame, "month", {"pct": "On time"}, "%", lang="en")
    assert english.layout.separators == ".," and not english.layout.shapes


def test_horizontal_bars_list_the_categories_top_down_with_the_value_axis_titled() -> None:
    frame = pl.DataFrame({"step": ["a", "b", "c"], "days": [3.0, 2.0, 1.0], "n": [1, 2, 3]})
    fig = charts.bars(
        frame, "step", {"days": "Dagen", "n": "Aantal"}, "dagen", horizontal=True, stacked=True
    )
    assert [trace.orientation for trace in fig.data] == ["h", "h"]
    assert list(fig.data[0].y) == ["a", "b", "c"] and list(fig.data[0].x) == [3.0, 2.0, 1.0]
    assert (fig.layout.yaxis.type, fig.layout.yaxis.autorange) == ("category", "reversed")
    assert fig.layout.xaxis.title.text == "dagen" and not fig.layout.yaxis.title.text
    assert (fig.layout.barmode, fig.layout.hovermode) == ("stack", "y unified")
    assert fig.layout.height == 260  # at least 260, else 28 px per bar + 80
    upright = charts.bars(frame, "step", {"days": "Dagen"}, "dagen")
    assert (upright.layout.xaxis.type, upright.layout.barmode) == ("category", "group")
    assert upright.layout.yaxis.title.text == "dagen"
