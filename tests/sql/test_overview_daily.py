"""The overview's pre-aggregated tables on three hand-written cases: a late decision, a decision
on the day of receipt, and a case still open past its term (Europe/Amsterdam is UTC+1 here)."""

from __future__ import annotations

import duckdb

from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed

RULE = {"decided_rule": "beschikking", "load_id": 1}


def three_cases(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    insert_events(
        con,
        [
            # A: 10 days, decided five days after its term.
            {"case_id": "A", "activity": "ontvangst", "event_at": at("2024-01-10 09:00+01:00")},
            {"case_id": "A", "activity": "beschikking", "event_at": at("2024-01-20 09:00+01:00")},
            # B: decided 13.5 hours after receipt, long before its term.
            {"case_id": "B", "activity": "ontvangst", "event_at": at("2024-01-12 10:00+01:00")},
            {"case_id": "B", "activity": "beschikking", "event_at": at("2024-01-12 23:30+01:00")},
            # C: received late on the 15th (the 15th in Amsterdam, 22:30 UTC), still open.
            {"case_id": "C", "activity": "ontvangst", "event_at": at("2024-01-15 23:30+01:00")},
        ],
    )
    insert_rows(
        con,
        "case_attributes",
        [
            {"case_id": "A", "deadline_at": at("2024-01-15 09:00+01:00"), **RULE},
            {"case_id": "B", "deadline_at": at("2024-02-12 09:00+01:00"), **RULE},
            {"case_id": "C", "deadline_at": at("2024-01-16 00:30+01:00"), **RULE},
        ],
    )
    return refreshed(con)


def test_overview_daily_counts_every_event_on_its_local_day(con):
    three_cases(con)
    assert_rows(
        con,
        """
        select day::varchar as day, received, decided, decided_with_term, decided_within_term,
               lead_time_days_sum, closed, past_term_from, past_term_to
        from overview_daily order by day
        """,
        [
            ("2024-01-10", 1, 0, 0, 0, 0.0, 0, 0, 0),
            ("2024-01-12", 1, 1, 1, 1, 13.5 / 24, 1, 0, 0),
            # A passes its term at 09:00; C arrives in the evening.
            ("2024-01-15", 1, 0, 0, 0, 0.0, 0, 1, 0),
            ("2024-01-16", 0, 0, 0, 0, 0.0, 0, 1, 0),
            ("2024-01-20", 0, 1, 1, 0, 10.0, 1, 0, 1),
            # B's term passes after it was closed: it enters and leaves the overrun at once.
            ("2024-02-12", 0, 0, 0, 0, 0.0, 0, 1, 1),
        ],
    )


def test_stock_and_overrun_at_a_day_end_follow_from_the_sums(con):
    three_cases(con)
    # At the end of 17 January A and C are open, and both past their term.
    assert_rows(
        con,
        """
        select sum(received - closed) as open_cases, sum(past_term_from - past_term_to) as past
        from overview_daily where day <= date '2024-01-17'
        """,
        [(2, 2)],
    )


def test_lead_time_histogram_has_one_day_classes(con):
    three_cases(con)
    assert_rows(
        con,
        "select decided_on::varchar as d, lead_time_bin, cases from lead_time_histogram order by d",
        [("2024-01-12", 0, 1), ("2024-01-20", 10, 1)],
    )


def test_open_stock_by_receipt_pairs_receipt_and_close_days(con):
    three_cases(con)
    assert_rows(
        con,
        "select received_on::varchar as r, closed_on::varchar as c, cases"
        " from open_stock_by_receipt order by r",
        [("2024-01-10", "2024-01-20", 1), ("2024-01-12", "2024-01-12", 1), ("2024-01-15", None, 1)],
    )
