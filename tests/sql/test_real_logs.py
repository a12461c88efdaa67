"""On both real logs, our figures equal an independent implementation (PM4Py) exactly.

Case durations (first to last event) and per-resource event and case counts are compared case
by case and resource by resource; the stock identity must hold on the real data too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pm4py
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.load import load_files
from pipelines.settings import REAL_DATA_DIR

pytestmark = pytest.mark.slow

RECEIPT = REAL_DATA_DIR / "receipt.csv"
BPIC2012 = REAL_DATA_DIR / "bpic2012.xes.gz"


def load_real_log(path: Path, database: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse after loading one real log through the product's load path."""
    load_files(database, [path])
    con = duckdb.connect(str(database), read_only=True)
    con.execute("set TimeZone='UTC'")
    return con


def pm4py_frame(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str)
        frame["time:timestamp"] = pd.to_datetime(
            frame["time:timestamp"], utc=True, format="ISO8601"
        )
        return pm4py.format_dataframe(frame)
    return pm4py.read_xes(str(path), return_legacy_log_object=False)


@pytest.fixture(scope="module", params=[RECEIPT, BPIC2012], ids=["receipt", "bpic2012"])
def real_log(request, tmp_path_factory) -> Iterator[tuple[duckdb.DuckDBPyConnection, pd.DataFrame]]:
    path: Path = request.param
    con = load_real_log(path, tmp_path_factory.mktemp(path.stem) / "warehouse.duckdb")
    yield con, pm4py_frame(path)
    con.close()


def test_case_durations_equal_pm4py(real_log):
    con, log = real_log
    theirs = (
        log.groupby("case:concept:name")["time:timestamp"]
        .agg(lambda stamps: (stamps.max() - stamps.min()).total_seconds())
        .rename("duration_seconds")
        .reset_index()
        .rename(columns={"case:concept:name": "case_id"})
    )
    expected = pl.from_pandas(theirs).sort("case_id")
    ours = con.sql(
        """
        select case_id, epoch(last_event_at) - epoch(first_event_at) as duration_seconds
        from cases order by case_id
        """
    ).pl()
    assert_frame_equal(ours, expected, check_dtypes=False)
    assert sorted(pm4py.get_all_case_durations(log)) == pytest.approx(
        sorted(ours["duration_seconds"].to_list()), abs=1e-6
    )


def test_lead_times_of_logs_without_dates_run_first_to_last_event(real_log):
    con, _ = real_log
    mismatches = con.sql(
        """
        select count(*) from lead_times
        inner join cases using (case_id)
        where cases.received_rule = 'first event' and cases.decided_rule = 'last event'
          and cases.reopen_count = 0
          and lead_times.lead_time_seconds
              <> epoch(cases.last_event_at) - epoch(cases.first_event_at)
        """
    ).fetchall()[0][0]
    assert mismatches == 0


def test_per_resource_counts_equal_pm4py(real_log):
    con, log = real_log
    named = log[log["org:resource"].notna()]
    theirs = (
        named.groupby("org:resource")
        .agg(event_count=("case:concept:name", "size"), case_count=("case:concept:name", "nunique"))
        .reset_index()
        .rename(columns={"org:resource": "employee_id"})
    )
    expected = pl.from_pandas(theirs).with_columns(pl.col("employee_id").cast(pl.String))
    assert pm4py.get_event_attribute_values(log, "org:resource") == dict(
        zip(theirs["employee_id"], theirs["event_count"], strict=True)
    )
    ours = con.sql("select employee_id, event_count, case_count from employee_activity").pl()
    assert_frame_equal(ours.sort("employee_id"), expected.sort("employee_id"), check_dtypes=False)


def test_stock_identity_holds(real_log):
    con, _ = real_log
    flow = con.sql("select * from flow_monthly order by month").pl()
    assert flow.height > 0
    assert (
        flow["open_at_month_end"] == flow["open_at_month_start"] + flow["inflow"] - flow["outflow"]
    ).all()
    assert flow["open_at_month_start"].to_list()[1:] == flow["open_at_month_end"].to_list()[:-1]
    periods = con.sql("select count(*) from case_open_periods").fetchall()[0][0]
    assert flow["inflow"].sum() == periods


@pytest.mark.parametrize("real_log", [RECEIPT], ids=["receipt"], indirect=True)
def test_rework_is_found_in_the_receipt_loops(real_log):
    con, log = real_log
    per_case = log.groupby(["concept:name", "case:concept:name"]).size()
    t02 = per_case.loc["T02 Check confirmation of receipt"]
    share = con.sql(
        """
        select case_count, rework_case_count from rework_share
        where activity = 'T02 Check confirmation of receipt'
        """
    ).fetchall()
    assert share == [(len(t02), int((t02 > 1).sum()))]
