"""Dwangsom exposure, rework and production against target on hand-written cases."""

from __future__ import annotations

import datetime as dt

from tests.sql.warehouse_fixtures import assert_rows, at, insert_events, insert_rows, refreshed

ASYLUM_REASON = (
    "administratieve dwangsom voor asielaanvragen opgeschort sinds 2020; "
    "een rechter kan er nog een opleggen"
)


def decided_case(case_id, received, decided):
    events = [{"case_id": case_id, "activity": "ontvangst", "event_at": at(received)}]
    if decided:
        events.append({"case_id": case_id, "activity": "beschikking", "event_at": at(decided)})
    return events


def noticed_cases(con):
    insert_events(
        con,
        [
            *decided_case("N1", "2023-10-01 10:00+02:00", "2024-02-10 10:00+01:00"),
            *decided_case("N2", "2023-10-01 10:00+02:00", "2024-06-01 10:00+02:00"),
            *decided_case("N3", "2023-10-01 10:00+02:00", None),
            *decided_case("N4", "2023-10-01 10:00+02:00", "2024-01-15 10:00+01:00"),
        ],
    )
    deadline = at("2024-01-01 00:00+01:00")
    insert_rows(
        con,
        "case_attributes",
        [
            {"case_id": case_id, "case_type": case_type, "deadline_at": deadline,
             "notice_of_default_at": at(notice), "decided_rule": "beschikking", "load_id": 1}
            for case_id, case_type, notice in (
                ("N1", "regulier", "2024-01-10 10:00+01:00"),
                ("N2", "naturalisatie", "2023-12-01 10:00+01:00"),
                ("N3", "asiel", "2024-01-02 10:00+01:00"),
                ("N4", "regulier", "2024-01-05 10:00+01:00"),
            )
        ],
    )  # fmt: skip


def test_dwangsom_exposure(con):
    noticed_cases(con)
    assert_rows(
        refreshed(con),
        """
        select case_id, applies, rule_reason, penalty_start_on, is_open, penalty_days, amount_eur
        from dwangsom_exposure order by case_id
        """,
        [
            # Notice 10 Jan after the term: owed from 24 Jan; 17 days to 10 Feb:
            # 14 x 23 + 3 x 35 = 427.
            ("N1", True, None, dt.date(2024, 1, 24), False, 17, 427.0),
            # Notice before the term: owed from 15 Jan, capped at 42 days = EUR 1,442.
            ("N2", True, None, dt.date(2024, 1, 15), False, 42, 1442.0),
            # Asylum: suspended by law, nothing owed, still open.
            ("N3", False, ASYLUM_REASON, dt.date(2024, 1, 16), True, 0, 0.0),
            # Decided before the grace period ended.
            ("N4", True, None, dt.date(2024, 1, 19), False, 0, 0.0),
        ],
    )


def test_production_against_target(con):
    noticed_cases(con)
    insert_rows(
        con,
        "production_targets",
        [{"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 7, 1),
          "case_type": "regulier", "location_id": None, "target_decisions": 4}],
    )  # fmt: skip
    # Data end on 1 June: 153 of the period's 182 days have passed; N1 and N4 are regulier.
    assert_rows(
        refreshed(con),
        """
        select case_type, target_decisions, realised_decisions, elapsed_share, target_to_date,
               realisation_pct, realisation_to_date_pct
        from production_vs_target
        """,
        [("regulier", 4, 2, 153 / 182, 4 * 153 / 182, 50.0, 100 * 2 / (4 * 153 / 182))],
    )


def test_rework_share_counts_repeated_products(con):
    insert_events(
        con,
        [
            {"case_id": "W", "activity": "T02 Check", "event_at": at("2024-01-01 10:00+01:00")},
            {"case_id": "W", "activity": "T03 Adjust", "event_at": at("2024-01-02 10:00+01:00")},
            {"case_id": "W", "activity": "T02 Check", "event_at": at("2024-01-03 10:00+01:00")},
            {"case_id": "V", "activity": "T02 Check", "event_at": at("2024-01-01 11:00+01:00")},
        ],
    )
    assert_rows(
        refreshed(con),
        """
        select activity, case_count, rework_case_count, completion_count,
               repeat_completion_count, rework_share_pct
        from rework_share order by activity
        """,
        [("T02 Check", 2, 1, 3, 1, 50.0), ("T03 Adjust", 1, 0, 1, 0, 0.0)],
    )


def test_the_dwangsom_rules_are_rewritten_only_when_the_configuration_changes(con, tmp_path):
    from pipelines.dwangsom import DWANGSOM_CONFIG, fill_dwangsom_rules

    assert fill_dwangsom_rules(con) is True
    rules = con.sql("select * from dwangsom_rules order by all").fetchall()
    # The same configuration again: nothing to rewrite, so dwangsom_exposure may stay.
    assert fill_dwangsom_rules(con) is False
    changed = tmp_path / "dwangsom.yaml"
    changed.write_text(
        DWANGSOM_CONFIG.read_text(encoding="utf-8").replace("max_days: 42", "max_days: 40"),
        encoding="utf-8",
    )
    assert fill_dwangsom_rules(con, changed) is True
    assert con.sql("select distinct max_days from dwangsom_rules").fetchall() == [(40,)]
    assert fill_dwangsom_rules(con) is True
    assert con.sql("select * from dwangsom_rules order by all").fetchall() == rules
