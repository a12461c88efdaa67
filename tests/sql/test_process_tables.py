"""The process page's pre-aggregated tables (process_transitions, process_activity_daily,
process_variants) on two hand-written cases (Europe/Amsterdam is UTC+1 here)."""

from __future__ import annotations

import duckdb

from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed

RULE = {"decided_rule": "beschikking", "load_id": 1}


def two_cases(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    def step(case_id: str, activity: str, when: str, effort: float | None = None) -> dict:
        return {
            "case_id": case_id,
            "activity": activity,
            "event_at": at(f"2024-03-{when}+01:00"),
            "effort_minutes": effort,
        }

    insert_events(
        con,
        [
            # P: the dossier is completed twice (rework), then decided.
            step("P", "ontvangst", "04 09:00"),
            step("P", "dossier", "04 10:00", 30),
            step("P", "gehoor", "05 10:00", 60),
            step("P", "dossier", "06 10:00", 30),
            step("P", "beschikking", "07 10:00"),
            # Q: a dossier without handling time a quarter of an hour after receipt; open.
            step("Q", "ontvangst", "04 09:00"),
            step("Q", "dossier", "04 09:15", 0),
        ],
    )
    insert_rows(con, "case_attributes", [{"case_id": "P", **RULE}, {"case_id": "Q", **RULE}])
    return refreshed(con)


def test_transitions_count_on_the_day_of_the_next_step_with_their_wait_class(con):
    two_cases(con)
    # wait_bin = floor(4 * log2(1 + minutes)): 15 min -> 16, 60 min -> 23, 1,440 min -> 41.
    assert_rows(
        con,
        """
        select completed_on::varchar as day, from_activity, to_activity, wait_bin,
               transitions, first_in_case, wait_days_sum
        from process_transitions order by day, wait_bin
        """,
        [
            ("2024-03-04", "ontvangst", "dossier", 16, 1, 1, 15 / 1440),
            ("2024-03-04", "ontvangst", "dossier", 23, 1, 1, 1 / 24),
            ("2024-03-05", "dossier", "gehoor", 41, 1, 1, 1.0),
            ("2024-03-06", "gehoor", "dossier", 41, 1, 1, 1.0),
            ("2024-03-07", "dossier", "beschikking", 41, 1, 1, 1.0),
        ],
    )


def test_activities_count_repeats_and_handling_classes(con):
    two_cases(con)
    # handling_bin: 30 min -> floor(4 * log2(31)) = 19, 60 min -> 23, zero minutes -> -1.
    assert_rows(
        con,
        """
        select completed_on::varchar as day, activity, handling_bin, products, repeats,
               first_repeats
        from process_activity_daily order by day, activity, handling_bin
        """,
        [
            ("2024-03-04", "dossier", -1, 1, 0, 0),
            ("2024-03-04", "dossier", 19, 1, 0, 0),
            ("2024-03-04", "ontvangst", None, 2, 0, 0),
            ("2024-03-05", "gehoor", 23, 1, 0, 0),
            ("2024-03-06", "dossier", 19, 1, 1, 1),
            ("2024-03-07", "beschikking", None, 1, 0, 0),
        ],
    )


def test_variants_hold_the_path_of_decided_cases_only(con):
    two_cases(con)
    assert_rows(
        con,
        "select decided_on::varchar as day, path, cases from process_variants",
        [("2024-03-07", "ontvangst → dossier → gehoor → dossier → beschikking", 1)],
    )
