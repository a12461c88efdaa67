"""The forecast's totals and outlook (dashboard.forecast) on rows computed by hand."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import forecast

# Two case types over two past months and two forecast months; asiel has no norm in March.
ROWS = pl.DataFrame(
    {
        "month": [
            month for month in ("2026-02", "2026-03", "2026-05", "2026-06") for _ in range(2)
        ],
        "is_forecast": [False, False, False, False, True, True, True, True],
        "case_type": ["regulier", "asiel"] * 4,
        "route": [None] * 8,
        "inflow": [10.0, 4.0, 20.0, 6.0, 15.0, 5.0, 15.0, 5.0],
        "outflow": [8.0, 2.0, 12.0, 4.0, 10.0, 3.0, 10.0, 3.0],
        "open_at_month_end": [30.0, 10.0, 38.0, 12.0, 48.0, 16.0, 53.0, 18.0],
        "open_now": [None, None, None, None, 43.0, 14.0, 43.0, 14.0],
        "fte_needed": [1.0, 0.5, 2.0, None, 1.5, 0.5, 1.5, 0.5],
        "available_fte": [3.0] * 8,
        "flex_pool_fte": [0.3] * 8,
    }
)


def test_monthly_totals_sum_each_month_and_leave_incomplete_capacity_empty() -> None:
    totals = forecast.monthly_totals(ROWS)
    assert totals["month"].to_list() == ["2026-02", "2026-03", "2026-05", "2026-06"]
    assert totals["inflow"].to_list() == [14.0, 26.0, 20.0, 20.0]
    assert totals["open_at_month_end"].to_list() == [40.0, 50.0, 64.0, 71.0]
    # March: asiel has no fte, so the month's total is unknown rather than 2.0.
    assert totals["fte_needed"].to_list() == [1.5, None, 2.0, 2.0]


def test_the_outlook_reads_the_first_and_last_forecast_month() -> None:
    outlook = forecast.outlook(forecast.monthly_totals(ROWS))
    assert (outlook.first_month, outlook.last_month) == ("2026-05", "2026-06")
    assert (outlook.inflow, outlook.pace) == (20.0, 13.0)
    assert (outlook.open_now, outlook.open_projected) == (57.0, 71.0)
    # The busiest past month with a known total: February (March is unknown).
    assert (outlook.peak_month, outlook.peak_fte_needed) == ("2026-02", 1.5)
    assert outlook.peak_fits is True  # 1.5 <= 3.0 + 0.3


def test_a_peak_beyond_capacity_and_pool_does_not_fit() -> None:
    busy = ROWS.with_columns(
        fte_needed=pl.when(pl.col("month") == "2026-02")
        .then(pl.lit(1.7))
        .otherwise(pl.col("fte_needed"))
    )
    outlook = forecast.outlook(forecast.monthly_totals(busy))
    assert outlook.peak_fte_needed == pytest.approx(3.4)
    assert outlook.peak_fits is False  # 3.4 > 3.0 + 0.3


def test_months_ahead_are_the_forecast_months_with_the_pool_added() -> None:
    ahead = forecast.months_ahead(forecast.monthly_totals(ROWS))
    assert ahead["month"].to_list() == ["2026-05", "2026-06"]
    assert ahead["outflow"].to_list() == [13.0, 13.0]
    assert ahead["available_with_pool_fte"].to_list() == pytest.approx([3.3, 3.3])


def test_per_case_type_has_the_first_month_and_the_stock_at_the_last() -> None:
    table = forecast.per_case_type(ROWS)
    assert table["case_type"].to_list() == ["regulier", "asiel"]  # most fte first
    assert table["inflow"].to_list() == [15.0, 5.0]
    assert table["open_projected"].to_list() == [53.0, 18.0]
