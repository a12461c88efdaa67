"""The forecast section of the overview, from the rows of indicator `inflow_forecast`: totals
per month, the busiest complete month, and a row per case type and route.

Sums of capacity are null when a case type in them has no norm: a total that silently leaves
out the work of one case type would understate what is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


def _complete_sum(column: str) -> pl.Expr:
    return pl.when(pl.col(column).is_null().any()).then(None).otherwise(pl.col(column).sum())


def monthly_totals(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per month, in order: inflow, outflow, open at month end, open now (forecast
    months), fte needed (null when a norm is missing), and the organisation's available fte
    and flexible pool."""
    return (
        frame.group_by("month", "is_forecast")
        .agg(
            pl.col("inflow").sum(),
            pl.col("outflow").sum(),
            pl.col("open_at_month_end").sum(),
            pl.col("open_now").sum(),
            _complete_sum("fte_needed").alias("fte_needed"),
            pl.col("available_fte").first(),
            pl.col("flex_pool_fte").first(),
        )
        .sort("month")
    )


@dataclass(frozen=True)
class Outlook:
    """The figures the section states in words."""

    first_month: str
    last_month: str
    inflow: float
    pace: float  # decisions per month: the mean of the months the inflow is the mean of
    fte_needed: float | None
    available_fte: float | None
    flex_pool_fte: float | None
    open_now: float
    open_projected: float
    peak_month: str | None
    peak_fte_needed: float | None

    @property
    def peak_fits(self) -> bool | None:
        """Whether the busiest month of the past year fits in the available capacity plus the
        flexible pool; None when either is unknown."""
        if self.peak_fte_needed is None or self.available_fte is None:
            return None
        return self.peak_fte_needed <= self.available_fte + (self.flex_pool_fte or 0.0)


def outlook(totals: pl.DataFrame) -> Outlook:
    """From `monthly_totals`: the first forecast month's inflow and capacity, the stock now and
    at the end of the last, and the busiest complete month (by capacity needed) as the small
    peak to prepare for."""
    ahead = totals.filter(pl.col("is_forecast"))
    past = totals.filter(~pl.col("is_forecast") & pl.col("fte_needed").is_not_null())
    first, last = ahead.row(0, named=True), ahead.row(-1, named=True)
    peak = past.sort("fte_needed", descending=True).row(0, named=True) if past.height else None
    return Outlook(
        first_month=first["month"],
        last_month=last["month"],
        inflow=first["inflow"],
        pace=first["outflow"],
        fte_needed=first["fte_needed"],
        available_fte=first["available_fte"],
        flex_pool_fte=first["flex_pool_fte"],
        open_now=first["open_now"],
        open_projected=last["open_at_month_end"],
        peak_month=peak["month"] if peak else None,
        peak_fte_needed=peak["fte_needed"] if peak else None,
    )


def months_ahead(totals: pl.DataFrame) -> pl.DataFrame:
    """From `monthly_totals`: the forecast months alone, with the available fte plus the
    flexible pool as one column (what a goal for the coming months can count on)."""
    return totals.filter(pl.col("is_forecast")).select(
        "month",
        "inflow",
        "outflow",
        "open_at_month_end",
        "fte_needed",
        "available_fte",
        (pl.col("available_fte") + pl.col("flex_pool_fte").fill_null(0.0)).alias(
            "available_with_pool_fte"
        ),
    )


def per_case_type(frame: pl.DataFrame) -> pl.DataFrame:
    """Per case type and route: the first forecast month's figures, with the stock projected at
    the end of the last forecast month."""
    ahead = frame.filter(pl.col("is_forecast"))
    months = ahead["month"].unique().sort()
    first = ahead.filter(pl.col("month") == months[0])
    last = ahead.filter(pl.col("month") == months[-1]).select(
        "case_type", "route", pl.col("open_at_month_end").alias("open_projected")
    )
    return first.join(last, on=["case_type", "route"], how="left", nulls_equal=True).sort(
        "fte_needed", "case_type", "route", descending=[True, False, False], nulls_last=True
    )
