"""The legal term of a case on hand-written events: suspension of a running term only (Awb 4:15)
and a new term from the ruling for a decision after an annulment (Raad van State, 25-05-2022).

Instants in UTC: Europe/Amsterdam is UTC+1 in winter, UTC+2 in summer.
"""

from __future__ import annotations

import duckdb

from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed, utc

DAY = 86400
TERMS = """
    select case_id, term_started_at, term_deadline_at, term_suspension_seconds,
           effective_deadline_at
    from case_terms order by case_id
"""


def suspend(case_id: str, start: str, end: str) -> list[dict]:
    """A suspension from start to end."""
    return [
        {"case_id": case_id, "activity": "opschorting", "lifecycle": "suspend",
         "event_at": at(start)},
        {"case_id": case_id, "activity": "opschorting", "lifecycle": "resume", "event_at": at(end)},
    ]  # fmt: skip


def event(case_id: str, activity: str, when: str) -> dict:
    """A completed beschikking or heropening."""
    return {"case_id": case_id, "activity": activity, "event_at": at(when)}


def case(con: duckdb.DuckDBPyConnection, case_id: str, deadline: str, events: list[dict]) -> None:
    """Received 10 January 2024 09:00 with the given deadline, then the given events."""
    insert_events(con, [event(case_id, "ontvangst", "2024-01-10 09:00+01:00"), *events])
    insert_rows(
        con,
        "case_attributes",
        [{"case_id": case_id, "decided_rule": "beschikking", "deadline_at": at(deadline),
          "load_id": 1}],
    )  # fmt: skip


DEADLINE = "2024-04-10 09:00+02:00"  # three months from receipt (summer time from 31 March)


def test_suspension_moves_only_a_running_term(con):
    # B: 10 days suspended before the deadline: moves it 10 days.
    case(con, "B", DEADLINE, suspend("B", "2024-02-01 09:00+01:00", "2024-02-11 09:00+01:00"))
    # E: starts exactly on the deadline: the term still runs then, so 5 days count.
    case(con, "E", DEADLINE, suspend("E", DEADLINE, "2024-04-15 09:00+02:00"))
    # L: starts a day after the deadline: the term had lapsed, nothing moves.
    case(con, "L", DEADLINE, suspend("L", "2024-04-11 09:00+02:00", "2024-04-21 09:00+02:00"))
    # T: 10 days before the lapse (deadline moves to 20 April), then 7 days from 25 April, after
    # the moved deadline: only the first counts.
    case(
        con,
        "T",
        DEADLINE,
        suspend("T", "2024-02-01 09:00+01:00", "2024-02-11 09:00+01:00")
        + suspend("T", "2024-04-25 09:00+02:00", "2024-05-02 09:00+02:00"),
    )
    # M: 10 days before, then one from 15 April: after the original deadline but before the
    # moved one (20 April), so the term still runs and both count (10 + 3 days).
    case(
        con,
        "M",
        DEADLINE,
        suspend("M", "2024-02-01 09:00+01:00", "2024-02-11 09:00+01:00")
        + suspend("M", "2024-04-15 09:00+02:00", "2024-04-18 09:00+02:00"),
    )
    decided = {"activity": "beschikking", "event_at": at("2024-06-01 09:00+02:00")}
    insert_events(con, [{"case_id": c, **decided} for c in "BELTM"])
    start = utc("2024-01-10 08:00")
    deadline = utc("2024-04-10 07:00")
    assert_rows(
        refreshed(con),
        TERMS,
        [
            ("B", start, deadline, 10 * DAY, utc("2024-04-20 07:00")),
            ("E", start, deadline, 5 * DAY, utc("2024-04-15 07:00")),
            ("L", start, deadline, 0, deadline),
            ("M", start, deadline, 13 * DAY, utc("2024-04-23 07:00")),
            ("T", start, deadline, 10 * DAY, utc("2024-04-20 07:00")),
        ],
    )


def test_lapsed_suspension_still_counts_in_net_lead_time_but_not_in_timeliness(con):
    # Decided 12 April: after the deadline; the suspension from 11 April moves nothing.
    case(
        con,
        "L",
        DEADLINE,
        [
            *suspend("L", "2024-04-11 09:00+02:00", "2024-04-12 08:00+02:00"),
            event("L", "beschikking", "2024-04-12 09:00+02:00"),
        ],
    )
    assert_rows(
        refreshed(con),
        "select case_id, suspension_days, within_term from lead_times",
        [("L", 23 / 24, False)],
    )


def test_new_decision_after_annulment_gets_a_new_term_from_the_ruling(con):
    # A: decided 1 March, annulled (heropening) on 15 May 2024, decided again on 1 August: later
    # than the original deadline of 10 April, within the new three-month term to 15 August.
    # Suspensions in the first period do not move the new term.
    case(
        con,
        "A",
        DEADLINE,
        [
            *suspend("A", "2024-02-01 09:00+01:00", "2024-02-11 09:00+01:00"),
            event("A", "beschikking", "2024-03-01 09:00+01:00"),
            event("A", "heropening", "2024-05-15 14:00+02:00"),
            *suspend("A", "2024-06-01 09:00+02:00", "2024-06-03 09:00+02:00"),
            event("A", "beschikking", "2024-08-01 09:00+02:00"),
        ],
    )
    # N: never reopened, decided 1 August: judged against the original term, late.
    case(
        con,
        "N",
        DEADLINE,
        [{"case_id": "N", "activity": "beschikking", "event_at": at("2024-08-01 09:00+02:00")}],
    )
    # W: a heropening while the case is still open (no decision before it) is no new decision
    # procedure: the original term applies; decided 1 August, late.
    case(
        con,
        "W",
        DEADLINE,
        [
            {"case_id": "W", "activity": "heropening", "event_at": at("2024-03-01 09:00+01:00")},
            {"case_id": "W", "activity": "beschikking", "event_at": at("2024-08-01 09:00+02:00")},
        ],
    )
    con = refreshed(con)
    start = utc("2024-01-10 08:00")
    deadline = utc("2024-04-10 07:00")
    assert_rows(
        con,
        TERMS,
        [
            # 15 May 14:00 + 3 months = 15 August 14:00 (summer time), plus the 2 days from June.
            ("A", utc("2024-05-15 12:00"), utc("2024-08-15 12:00"), 2 * DAY,
             utc("2024-08-17 12:00")),
            ("N", start, deadline, 0, deadline),
            ("W", start, deadline, 0, deadline),
        ],
    )  # fmt: skip
    assert_rows(
        con,
        "select case_id, within_term from lead_times order by case_id",
        [("A", True), ("N", False), ("W", False)],
    )


def test_new_term_keeps_the_length_across_a_short_month(con):
    # Received 10 January with a six-month term to 10 July; annulled on 31 August, the new
    # term of six months ends on the last day of February (2025 is no leap year).
    case(
        con,
        "F",
        "2024-07-10 09:00+02:00",
        [
            {"case_id": "F", "activity": "beschikking", "event_at": at("2024-05-01 09:00+02:00")},
            {"case_id": "F", "activity": "heropening", "event_at": at("2024-08-31 09:00+02:00")},
        ],
    )
    assert_rows(
        refreshed(con),
        TERMS,
        [("F", utc("2024-08-31 07:00"), utc("2025-02-28 08:00"), 0, utc("2025-02-28 08:00"))],
    )
