"""Minimum group size: no aggregate over fewer people than the minimum is shown.

An aggregate frame carries a headcount column (the number of distinct employees behind each
row). Rows under the minimum keep their labels (team, period, ...) but lose every figure,
headcount included, and say why in the reason column so the page can show it.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

HEADCOUNT_COLUMN = "headcount"
REASON_COLUMN = "hidden_reason"


def hidden_reason(minimum_group_size: int) -> str:
    """The Dutch text a page shows for a hidden cell."""
    return f"verborgen: minder dan {minimum_group_size} medewerkers"


def hidden_difference_reason(minimum_group_size: int) -> str:
    """The Dutch text for a cell hidden because it, or what the other rows leave over, is too
    small (a large team can be hidden so that a small one cannot be computed as a rest)."""
    return (
        f"verborgen: minder dan {minimum_group_size} medewerkers, hier of in wat de andere"
        " rijen overlaten"
    )


def suppress_small_groups(
    frame: pl.DataFrame,
    minimum_group_size: int,
    headcount_column: str = HEADCOUNT_COLUMN,
    value_columns: Sequence[str] | None = None,
) -> pl.DataFrame:
    """`frame` with the figures of rows over fewer than `minimum_group_size` people nulled.

    `value_columns` defaults to every numeric column (the headcount too: the exact size of a
    small group helps to single people out). A missing headcount counts as too small: when
    the number of people is unknown, the figure is not shown.
    """
    if headcount_column not in frame.columns:
        raise ValueError(
            f"kolom {headcount_column!r} ontbreekt: zonder aantal medewerkers geen totaal tonen"
        )
    if value_columns is None:
        value_columns = [name for name, dtype in frame.schema.items() if dtype.is_numeric()]
        if headcount_column not in value_columns:
            value_columns = [*value_columns, headcount_column]
    too_small = pl.col(headcount_column).is_null() | (pl.col(headcount_column) < minimum_group_size)
    # Compute the flag before nulling: the headcount itself is one of the columns nulled.
    flagged = frame.with_columns(too_small.alias("__too_small"))
    hidden = flagged.with_columns(
        *(
            pl.when(pl.col("__too_small")).then(None).otherwise(pl.col(name)).alias(name)
            for name in value_columns
        ),
        pl.when(pl.col("__too_small"))
        .then(pl.lit(hidden_reason(minimum_group_size)))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias(REASON_COLUMN),
    )
    return hidden.drop("__too_small")
