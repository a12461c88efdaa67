"""On the generated demo data (tiny scale, through the load path): the identities hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from pipelines.generator.demo import build_demo_warehouse
from pipelines.indicators import werkvoorraad_as_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Iterator[duckdb.DuckDBPyConnection]:
    database = tmp_path_factory.mktemp("generated") / "warehouse.duckdb"
    build_demo_warehouse(database, seed=7, scale="tiny", progress=lambda _: None)
    con = duckdb.connect(str(database), read_only=True)
    con.execute("set TimeZone='UTC'")
    yield con
    con.close()


def test_stock_identity_on_generated_data(generated):
    flow = generated.sql("select * from flow_monthly order by month").pl()
    assert flow["inflow_reopened"].sum() > 0, "the generated data should contain reopenings"
    assert (
        flow["open_at_month_end"] == flow["open_at_month_start"] + flow["inflow"] - flow["outflow"]
    ).all()
    assert flow["open_at_month_start"].to_list()[1:] == flow["open_at_month_end"].to_list()[:-1]
    open_now = generated.sql("select count(*) from cases where is_open").fetchall()[0][0]
    assert flow["open_at_month_end"][-1] == open_now


def test_month_end_stock_equals_point_in_time_count(generated):
    as_of = generated.sql("select as_of_date from data_as_of").fetchall()[0][0]
    flow = generated.sql("select month, open_at_month_end from flow_monthly").fetchall()
    for month, open_at_end in flow:
        first = dt.date.fromisoformat(f"{month}-01")
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if last <= as_of:
            assert werkvoorraad_as_of(generated, last)["case_count"].sum() == open_at_end


def test_unit_flows_add_up_to_the_organisation(generated):
    totals = generated.sql(
        """
        select
            (select sum(inflow) from flow_monthly_by_unit) = (select sum(inflow) from flow_monthly),
            (select sum(outflow) from flow_monthly_by_unit)
                = (select sum(outflow) from flow_monthly),
            (select sum(transfers_in) from flow_monthly_by_unit)
                = (select sum(transfers_out) from flow_monthly_by_unit),
            (select count(*) from flow_monthly_by_unit
             where open_at_month_end <> open_at_month_start + inflow + transfers_in
                                        - outflow - transfers_out) = 0
        """
    ).fetchall()[0]
    assert totals == (True, True, True, True)


def test_every_indicator_has_rows_on_the_demo(generated):
    from pipelines.indicators import catalog, read_indicator

    empty = [name for name in catalog() if read_indicator(generated, name).height == 0]
    assert empty == []
