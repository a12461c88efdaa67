"""Measures of how evenly work is spread (eerlijke verdeling): pure functions."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


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
