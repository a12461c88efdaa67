"""The pure parts of the enforcement: scope of a query, where clauses, shaping of rows,
and which PDCA records a viewer may read."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.access.guard import (
    DataScope,
    Organisation,
    data_scope,
    raw_rows_for,
    record_visible,
    scope_clauses,
    shape_result,
    units_in_view,
)
from dashboard.access.pseudonym import pseudonym
from dashboard.access.suppress import hidden_difference_reason
from tests.access.conftest import (
    BEHEERDER,
    KEY,
    LOCATIEHOOFD,
    MANAGEMENT,
    MEDEWERKER,
    TEAMMANAGER,
)

# L1 holds T1 (E1, E2, E4-E6: five people) and T3 (E7); L2 holds T2 (E3).
ORGANISATION = Organisation(
    team_locations={"T1": "L1", "T2": "L2", "T3": "L1"},
    employee_teams={
        "E1": frozenset({"T1"}),
        "E2": frozenset({"T1"}),
        "E3": frozenset({"T2"}),
        "E4": frozenset({"T1"}),
        "E5": frozenset({"T1"}),
        "E6": frozenset({"T1"}),
        "E7": frozenset({"T3"}),
    },
    team_headcount={"T1": 5, "T2": 1, "T3": 1},
    location_headcount={"L1": 6, "L2": 1},
)


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (MEDEWERKER, DataScope(None, None, frozenset({"E1"}))),
        (TEAMMANAGER, DataScope(None, frozenset({"T1"}), None)),
        (LOCATIEHOOFD, DataScope(frozenset({"L1"}), frozenset({"T1", "T3"}), None)),
        (MANAGEMENT, DataScope(None, None, None)),
    ],
)
def test_scope_without_filters(viewer, expected: DataScope) -> None:
    assert data_scope(viewer, (), (), ORGANISATION) == expected


def test_scope_refusals() -> None:
    from dashboard.access.scope import AccessDenied

    with pytest.raises(AccessDenied, match="Alleen de beheerder heeft toegang tot het beheer"):
        data_scope(BEHEERDER, (), (), ORGANISATION)
    with pytest.raises(AccessDenied, match="minder dan 5 medewerkers"):
        data_scope(MANAGEMENT, ("L2",), (), ORGANISATION)
    # T1 has five people, but L1 minus T1 is T3 alone: choosing T1 would give T3 away.
    with pytest.raises(AccessDenied, match="team T1 is niet apart te tonen"):
        data_scope(MANAGEMENT, (), ("T1",), ORGANISATION)
    assert data_scope(MANAGEMENT, (), (), ORGANISATION) == DataScope(None, None, None)
    with pytest.raises(AccessDenied, match="Geen toegang tot team T3"):
        data_scope(TEAMMANAGER, (), ("T3",), ORGANISATION)


@pytest.mark.parametrize(
    ("scope", "columns", "expected"),
    [
        (DataScope(None, None, None), ("team_id",), []),
        (DataScope(None, frozenset({"T1"}), None), ("team_id", "x"), [("team_id", {"T1"})]),
        (
            DataScope(frozenset({"L1"}), frozenset({"T1"}), None),
            ("location_id", "team_id"),
            [("location_id", {"L1"})],
        ),
        (
            DataScope(frozenset({"L1"}), frozenset({"T1"}), None),
            ("team_id",),
            [("team_id", {"T1"})],
        ),
        (DataScope(None, None, frozenset({"E1"})), ("employee_id",), [("employee_id", {"E1"})]),
        (DataScope(None, frozenset({"T1"}), None), ("route",), None),
        (DataScope(frozenset({"L1"}), None, None), ("route",), None),
        (DataScope(None, None, frozenset({"E1"})), ("team_id", "location_id"), None),
    ],
)
def test_scope_clauses_restrict_or_refuse(scope, columns, expected) -> None:
    from dashboard.access.scope import AccessDenied

    if expected is None:
        with pytest.raises(AccessDenied, match="Geen toegang"):
            scope_clauses(scope, columns)
    else:
        assert scope_clauses(scope, columns) == [(c, frozenset(v)) for c, v in expected]


PEOPLE = pl.DataFrame(
    {
        "employee_id": ["E1", "E2", "E3", "E7"],
        "employee_name": ["An", "Bo", "Cor", "Dirk"],
        "team_id": ["T1", "T1", "T2", "T3"],
        "location_id": ["L1", "L1", "L2", "L1"],
        "open_cases": [3, 4, 5, 6],
    }
)


def test_shaping_per_role() -> None:
    named = shape_result(PEOPLE, TEAMMANAGER, ORGANISATION, KEY, None)
    assert named["employee_name"].to_list() == ["An", "Bo"]  # E3, E7 dropped: other teams
    pseudonymous = shape_result(PEOPLE, LOCATIEHOOFD, ORGANISATION, KEY, None)
    assert pseudonymous["employee_id"].to_list() == [
        pseudonym("E1", KEY),
        pseudonym("E2", KEY),
        pseudonym("E7", KEY),
    ]
    assert pseudonymous["employee_name"].null_count() == 3
    own = shape_result(PEOPLE, MEDEWERKER, ORGANISATION, KEY, None)
    assert own.select("employee_id", "open_cases").rows() == [("E1", 3)]


def test_management_small_groups_hidden_by_unit_column() -> None:
    per_team = pl.DataFrame({"unit": ["T1", "T2", None], "instroom": [40, 3, 7]})
    shaped = shape_result(per_team, MANAGEMENT, ORGANISATION, KEY, "team_id")
    # T1 too: its location L1 minus T1 is the 1-person T3 (complement suppressed)
    assert shaped.rows() == [
        ("T1", None, hidden_difference_reason(5)),
        ("T2", None, hidden_difference_reason(5)),
        (None, 7, None),  # unassigned cases: no people behind the row
    ]


@pytest.mark.parametrize(
    ("viewer", "record", "visible"),
    [
        (TEAMMANAGER, {"subject_type": "medewerker", "subject_id": "E2"}, True),
        (TEAMMANAGER, {"subject_type": "medewerker", "subject_id": "E3"}, False),
        # recorded while E9 was in team T1: the team's manager keeps seeing it
        (TEAMMANAGER, {"subject_type": "medewerker", "subject_id": "E9", "team_id": "T1"}, True),
        (TEAMMANAGER, {"subject_type": "team", "subject_id": "T1"}, True),
        (TEAMMANAGER, {"subject_type": "team", "subject_id": "T2"}, False),
        (MEDEWERKER, {"subject_type": "medewerker", "subject_id": "E1"}, True),
        (MEDEWERKER, {"subject_type": "team", "subject_id": "T1"}, False),
        (LOCATIEHOOFD, {"subject_type": "medewerker", "subject_id": "E1"}, False),
        (LOCATIEHOOFD, {"subject_type": "team", "subject_id": "T3"}, True),
        (LOCATIEHOOFD, {"subject_type": "locatie", "subject_id": "L2"}, False),
        (MANAGEMENT, {"subject_type": "medewerker", "subject_id": "E1"}, False),
        (MANAGEMENT, {"subject_type": "locatie", "subject_id": "L1"}, True),
        (BEHEERDER, {"subject_type": "team", "subject_id": "T1"}, False),
    ],
)
def test_which_pdca_records_a_viewer_reads(viewer, record, visible: bool) -> None:
    assert record_visible(viewer, record, ORGANISATION) is visible


def test_raw_quarantined_rows_only_for_the_beheerder() -> None:
    rows = pl.DataFrame({"source_row": [7], "reason": ["no case id"], "raw_row": ["E1,An,..."]})
    assert raw_rows_for(rows, BEHEERDER, ORGANISATION).columns == [
        "source_row",
        "reason",
        "raw_row",
    ]
    assert raw_rows_for(rows, MANAGEMENT, ORGANISATION).columns == ["source_row", "reason"]


EMPLOYEES = sorted(ORGANISATION.employee_teams)


@pytest.mark.parametrize(
    ("viewer", "employees", "teams", "locations"),
    [
        (MEDEWERKER, ["E1"], [], []),
        (TEAMMANAGER, ["E1", "E2", "E4", "E5", "E6"], ["T1"], []),
        (LOCATIEHOOFD, [], ["T1", "T3"], ["L1"]),
        # T2, T3 and L2 below the minimum group size; T1 and L1 too, as L1 - T1 is T3 and
        # the organisation minus L1 is L2
        (MANAGEMENT, [], [], []),
        (BEHEERDER, [], [], []),
    ],
)
def test_pdca_pick_lists_hold_only_units_the_viewer_may_open(
    viewer, employees, teams, locations
) -> None:
    """An employee id only for whoever may see that employee by name."""
    assert units_in_view(viewer, "medewerker", EMPLOYEES, ORGANISATION) == employees
    assert units_in_view(viewer, "team", ["T1", "T2", "T3"], ORGANISATION) == teams
    assert units_in_view(viewer, "locatie", ["L1", "L2"], ORGANISATION) == locations
