"""Measures of how evenly work is spread (eerlijke verdeling): pure functions."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import polars as pl


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Population standard deviation / mean [ratio]; 0 = all equal. None below two values."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    return None if mean == 0 else statistics.pstdev(values) / mean


def max_over_median(values: Sequence[float]) -> float | None:
    """Largest value / median [ratio]; 1 = nobody above the middle. None without a median."""
    if not values:
        return None
    middle = statistics.median(values)
    return None if middle == 0 else max(values) / middle


def gini(values: Sequence[float]) -> float | None:
    """Gini coefficient of non-negative values; 0 = equal, (n-1)/n = all on one."""
    if len(values) < 2 or any(value < 0 for value in values):
        return None
    ordered = sorted(values)
    total = sum(ordered)
    if total == 0:
        return 0.0
    count = len(ordered)
    weighted = sum((index + 1) * value for index, value in enumerate(ordered))
    return (2 * weighted) / (count * total) - (count + 1) / count


def per_group(frame: pl.DataFrame, value: str, group: str) -> pl.DataFrame:
    """Per value of `group` (in order of first appearance): employees (non-null values), mean,
    max, cv, max_median and gini of `value`, as the functions above define them, in one
    group-by; nulls are dropped and a group without values is left out.

    Python's `statistics` per group costs seconds for thousands of teams; these expressions
    compute the same numbers (to the last bits of rounding) in one pass over the frame.
    """
    values = pl.col(value).cast(pl.Float64)
    count = pl.len()
    mean = values.mean()
    median = values.median()
    total = values.sum()
    rank = pl.int_range(1, count + 1)
    return (
        frame.filter(pl.col(value).is_not_null())
        .group_by(group, maintain_order=True)
        .agg(
            count.cast(pl.Int64).alias("employees"),
            mean.alias("mean"),
            values.max().alias("max"),
            pl.when((count < 2) | (mean == 0))
            .then(None)
            .otherwise(values.std(ddof=0) / mean)
            .alias("cv"),
            pl.when(median == 0).then(None).otherwise(values.max() / median).alias("max_median"),
            pl.when((count < 2) | (values.min() < 0))
            .then(None)
            .when(total == 0)
            .then(0.0)
            .otherwise(2 * (values.sort() * rank).sum() / (count * total) - (count + 1) / count)
            .alias("gini"),
        )
    )
