"""The per-team fairness of the Locatie page in one Polars group-by equals the definitions in
`dashboard.fairness` (Python's `statistics`), value for value."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.fairness import coefficient_of_variation, gini, max_over_median, per_group


def _by_definition(values: list[float]) -> dict[str, float | int | None]:
    return {
        "employees": len(values),
        "mean": sum(values) / len(values),
        "max": max(values),
        "cv": coefficient_of_variation(values),
        "max_median": max_over_median(values),
        "gini": gini(values),
    }


# team -> values (None = an employee without a figure), with the measures worked out by hand.
HAND_COMPUTED = [
    # mean 2.5, pstdev sqrt(1.25), median 2.5; gini 2*(1+4+9+16)/(4*10) - 5/4 = 0.25
    ("spread", [1.0, 2.0, 3.0, 4.0], (4, 2.5, 4.0, math.sqrt(1.25) / 2.5, 4.0 / 2.5, 0.25)),
    # one value: no spread to speak of, max/median 1
    ("alone", [3.0], (1, 3.0, 3.0, None, 1.0, None)),
    # all zeros: cv and max/median undefined (mean and median 0), gini 0 = equal
    ("idle", [0.0, 0.0, 0.0], (3, 0.0, 0.0, None, None, 0.0)),
    # nulls dropped: the same as [2, 6]; mean 4, pstdev 2, gini 2*(2+12)/(2*8) - 3/2 = 0.25
    ("gaps", [None, 2.0, None, 6.0], (2, 4.0, 6.0, 0.5, 1.5, 0.25)),
    # median 0: max/median undefined; all on one: gini (n-1)/n
    ("one_does_all", [0.0, 0.0, 0.0, 4.0], (4, 1.0, 4.0, math.sqrt(3.0), None, 0.75)),
]
COLUMNS = ("employees", "mean", "max", "cv", "max_median", "gini")


def _frame(teams: list[tuple[str, list[float | None]]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"team": team, "werklast": value} for team, values in teams for value in values],
        schema={"team": pl.String, "werklast": pl.Float64},
    )


def test_hand_computed_teams_in_one_group_by() -> None:
    frame = _frame([(team, values) for team, values, _ in HAND_COMPUTED] + [("empty", [None])])
    result = per_group(frame, "werklast", "team")
    # In order of first appearance; a team without any figure is left out.
    assert result["team"].to_list() == [team for team, _, _ in HAND_COMPUTED]
    for (team, values, expected), row in zip(
        HAND_COMPUTED, result.iter_rows(named=True), strict=True
    ):
        assert tuple(row[column] for column in COLUMNS) == pytest.approx(expected), team
        # ... and the definitions of dashboard.fairness give the very same numbers.
        present = [value for value in values if value is not None]
        assert {column: row[column] for column in COLUMNS} == _by_definition(present), team


def test_whole_numbers_count_as_figures_too() -> None:
    frame = pl.DataFrame({"team": ["a", "a", "a"], "open_cases": [1, 2, 6]})
    row = per_group(frame, "open_cases", "team").row(0, named=True)
    assert {column: row[column] for column in COLUMNS} == _by_definition([1, 2, 6])
    assert row["max_median"] == 3.0


def test_no_rows_gives_an_empty_table_with_the_columns() -> None:
    result = per_group(_frame([]), "werklast", "team")
    assert result.is_empty()
    assert result.columns == ["team", *COLUMNS]


@given(
    st.dictionaries(
        st.sampled_from("ABCDEFGH"),
        st.lists(
            # Workloads of a thousandth of a week and up: squares of values near 1e-200
            # underflow in floating point, where `statistics` computes exactly.
            st.one_of(st.none(), st.just(0.0), st.floats(0.001, 50)),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
    )
)
def test_any_teams_agree_with_the_definitions(teams: dict[str, list[float | None]]) -> None:
    result = {
        row["team"]: row
        for row in per_group(_frame(list(teams.items())), "werklast", "team").iter_rows(named=True)
    }
    for team, values in teams.items():
        present = [value for value in values if value is not None]
        if not present:
            assert team not in result
            continue
        expected = _by_definition(present)
        for column in COLUMNS:
            # Summation order differs (pairwise against left to right): the last bits may.
            wanted = expected[column]
            close = None if wanted is None else pytest.approx(wanted, rel=1e-9, abs=1e-12)
            assert result[team][column] == close, (team, column)
