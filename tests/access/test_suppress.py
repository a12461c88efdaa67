"""Minimum group size: what is hidden, what stays, and why the page says so."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard.access.suppress import hidden_reason, suppress_small_groups

REASON = "verborgen: minder dan 5 medewerkers"


@pytest.mark.parametrize(
    ("headcount", "hidden"),
    [(0, True), (1, True), (4, True), (5, False), (6, False), (None, True)],
)
def test_threshold_edges(headcount: int | None, hidden: bool) -> None:
    frame = pl.DataFrame(
        {"team_id": ["T1"], "headcount": [headcount], "production": [12.5]},
        schema={"team_id": pl.String, "headcount": pl.Int64, "production": pl.Float64},
    )
    result = suppress_small_groups(frame, 5)
    if hidden:
        expected = {"team_id": "T1", "headcount": None, "production": None, "hidden_reason": REASON}
    else:
        expected = {
            "team_id": "T1",
            "headcount": headcount,
            "production": 12.5,
            "hidden_reason": None,
        }
    assert result.to_dicts() == [expected]


def test_only_value_columns_are_nulled_labels_stay() -> None:
    frame = pl.DataFrame(
        {
            "month": ["2024-01", "2024-01", "2024-02"],
            "team_id": ["T1", "T2", "T1"],
            "headcount": [3, 8, 5],
            "open_cases": [10, 40, None],
            "lead_time_days": [20.0, 31.5, 25.0],
        }
    )
    expected = pl.DataFrame(
        {
            "month": ["2024-01", "2024-01", "2024-02"],
            "team_id": ["T1", "T2", "T1"],
            "headcount": [None, 8, 5],
            "open_cases": [None, 40, None],
            "lead_time_days": [None, 31.5, 25.0],
            "hidden_reason": [REASON, None, None],
        }
    )
    assert_frame_equal(suppress_small_groups(frame, 5), expected)


def test_configurable_minimum_and_explicit_value_columns() -> None:
    frame = pl.DataFrame({"team_id": ["T1", "T2"], "n": [6, 10], "share": [0.4, 0.5]})
    result = suppress_small_groups(frame, 10, headcount_column="n", value_columns=["share"])
    assert result.to_dicts() == [
        {"team_id": "T1", "n": 6, "share": None, "hidden_reason": hidden_reason(10)},
        {"team_id": "T2", "n": 10, "share": 0.5, "hidden_reason": None},
    ]
    assert hidden_reason(10) == "verborgen: minder dan 10 medewerkers"


def test_empty_frame_and_missing_headcount() -> None:
    empty = pl.DataFrame(schema={"team_id": pl.String, "headcount": pl.Int64, "x": pl.Float64})
    result = suppress_small_groups(empty, 5)
    assert result.height == 0
    assert result.columns == ["team_id", "headcount", "x", "hidden_reason"]
    with pytest.raises(ValueError, match="kolom 'headcount' ontbreekt"):
        suppress_small_groups(empty.drop("headcount"), 5)
