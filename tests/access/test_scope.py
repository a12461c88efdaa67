"""The access decision for every role, and the form of the data each grant allows."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard.access.config import Role, Scope
from dashboard.access.pseudonym import pseudonym
from dashboard.access.scope import (
    AccessDenied,
    Detail,
    Level,
    Request,
    Viewer,
    authorize,
    locations_in_view,
    restrict_frame,
    teams_in_view,
)
from tests.access.conftest import (
    BEHEERDER,
    KEY,
    LOCATIEHOOFD,
    MANAGEMENT,
    MEDEWERKER,
    TEAMMANAGER,
    viewer,
)

T1, T2 = frozenset({"T1"}), frozenset({"T2"})
L1, L2 = frozenset({"L1"}), frozenset({"L2"})
# Employee E1 is in team T1 (location L1); E2 in team T2 (location L2).
OWN_EMPLOYEE = Request(Level.EMPLOYEE, "E1", teams_of_unit=T1, locations_of_unit=L1)
OTHER_EMPLOYEE = Request(Level.EMPLOYEE, "E2", teams_of_unit=T2, locations_of_unit=L2)
TEAM_T1 = Request(Level.TEAM, "T1", locations_of_unit=L1)
TEAM_T1_PER_EMPLOYEE = Request(Level.TEAM, "T1", Detail.PER_EMPLOYEE, locations_of_unit=L1)
TEAM_T2 = Request(Level.TEAM, "T2", locations_of_unit=L2)
TEAM_T2_PER_EMPLOYEE = Request(Level.TEAM, "T2", Detail.PER_EMPLOYEE, locations_of_unit=L2)
LOCATION_L1 = Request(Level.LOCATION, "L1")
LOCATION_L1_PER_TEAM = Request(Level.LOCATION, "L1", Detail.PER_TEAM)
LOCATION_L1_PER_EMPLOYEE = Request(Level.LOCATION, "L1", Detail.PER_EMPLOYEE)
LOCATION_L2 = Request(Level.LOCATION, "L2")
ORGANISATION = Request(Level.ORGANISATION)
ORGANISATION_PER_TEAM = Request(Level.ORGANISATION, detail=Detail.PER_TEAM)
BEHEER = Request(Level.BEHEER)

# (viewer, request, expected): None = refused, else (employee names?, minimum group size).
DECISIONS = [
    (MEDEWERKER, OWN_EMPLOYEE, (True, None)),
    (MEDEWERKER, OTHER_EMPLOYEE, None),
    (MEDEWERKER, TEAM_T1, None),
    (MEDEWERKER, LOCATION_L1, None),
    (MEDEWERKER, ORGANISATION, None),
    (MEDEWERKER, BEHEER, None),
    (TEAMMANAGER, OWN_EMPLOYEE, (True, None)),
    (TEAMMANAGER, OTHER_EMPLOYEE, None),
    (TEAMMANAGER, TEAM_T1, (True, None)),
    (TEAMMANAGER, TEAM_T1_PER_EMPLOYEE, (True, None)),
    (TEAMMANAGER, TEAM_T2, None),
    (TEAMMANAGER, TEAM_T2_PER_EMPLOYEE, None),
    (TEAMMANAGER, LOCATION_L1, None),
    (TEAMMANAGER, ORGANISATION, None),
    (TEAMMANAGER, BEHEER, None),
    (LOCATIEHOOFD, OWN_EMPLOYEE, None),
    (LOCATIEHOOFD, TEAM_T1, (True, None)),
    (LOCATIEHOOFD, TEAM_T1_PER_EMPLOYEE, (False, None)),
    (LOCATIEHOOFD, TEAM_T2, None),
    (LOCATIEHOOFD, LOCATION_L1, (True, None)),
    (LOCATIEHOOFD, LOCATION_L1_PER_TEAM, (True, None)),
    (LOCATIEHOOFD, LOCATION_L1_PER_EMPLOYEE, (False, None)),
    (LOCATIEHOOFD, LOCATION_L2, None),
    (LOCATIEHOOFD, ORGANISATION, None),
    (LOCATIEHOOFD, BEHEER, None),
    (MANAGEMENT, OWN_EMPLOYEE, None),
    (MANAGEMENT, TEAM_T1, (False, 5)),
    (MANAGEMENT, TEAM_T1_PER_EMPLOYEE, None),
    (MANAGEMENT, LOCATION_L1_PER_TEAM, (False, 5)),
    (MANAGEMENT, LOCATION_L1_PER_EMPLOYEE, None),
    (MANAGEMENT, ORGANISATION, (False, 5)),
    (MANAGEMENT, ORGANISATION_PER_TEAM, (False, 5)),
    (MANAGEMENT, BEHEER, None),
    (BEHEERDER, OWN_EMPLOYEE, None),
    (BEHEERDER, TEAM_T1, None),
    (BEHEERDER, ORGANISATION, None),
    (BEHEERDER, BEHEER, (False, None)),
]


@pytest.mark.parametrize(("who", "request_", "expected"), DECISIONS)
def test_decision_per_role(who: Viewer, request_: Request, expected: object) -> None:
    if expected is None:
        with pytest.raises(AccessDenied, match=r"^Geen toegang tot .*Uw rechten: "):
            authorize(who, request_)
    else:
        grant = authorize(who, request_)
        assert (grant.employee_names, grant.minimum_group_size) == expected


def test_viewer_without_scopes_sees_nothing() -> None:
    nobody = viewer()
    for _, request_, _ in DECISIONS:
        with pytest.raises(AccessDenied, match="Uw rechten: geen rol"):
            authorize(nobody, request_)


def test_several_scopes_give_the_most_open_grant() -> None:
    manager_and_head = viewer(
        Scope(Role.TEAMMANAGER, frozenset({"T1"})),
        Scope(Role.LOCATIEHOOFD, frozenset({"L1"})),
        Scope(Role.MANAGEMENT),
    )
    # Own team: by name (teammanager), not pseudonymised (locatiehoofd) or suppressed.
    assert authorize(manager_and_head, TEAM_T1_PER_EMPLOYEE).employee_names is True
    # Another team of the own location per employee: pseudonyms only.
    t3 = Request(Level.TEAM, "T3", Detail.PER_EMPLOYEE, locations_of_unit=L1)
    assert authorize(manager_and_head, t3).employee_names is False
    # A team elsewhere: management's aggregate with the minimum size.
    assert authorize(manager_and_head, TEAM_T2).minimum_group_size == 5
    with pytest.raises(AccessDenied):
        authorize(manager_and_head, TEAM_T2_PER_EMPLOYEE)


def test_employee_and_own_manager_figures_are_personal_and_audited() -> None:
    assert authorize(MEDEWERKER, OWN_EMPLOYEE).personal
    assert authorize(TEAMMANAGER, TEAM_T1_PER_EMPLOYEE).personal
    assert not authorize(TEAMMANAGER, TEAM_T1).personal
    assert not authorize(LOCATIEHOOFD, LOCATION_L1_PER_EMPLOYEE).personal
    assert not authorize(MANAGEMENT, ORGANISATION).personal


@pytest.mark.parametrize(
    ("who", "request_", "hint"),
    [
        (MANAGEMENT, OWN_EMPLOYEE, "Management ziet alleen totalen"),
        (LOCATIEHOOFD, OWN_EMPLOYEE, "Een locatiehoofd ziet medewerkers alleen zonder naam"),
        (TEAMMANAGER, BEHEER, "Alleen de beheerder"),
        (TEAMMANAGER, TEAM_T2, "Uw rechten: teammanager (T1)."),
    ],
)
def test_denial_explains_in_dutch(who: Viewer, request_: Request, hint: str) -> None:
    with pytest.raises(AccessDenied) as error:
        authorize(who, request_)
    assert hint in error.value.message


PER_EMPLOYEE = pl.DataFrame(
    {
        "employee_id": ["E1", "E2", None],
        "employee_name": ["An", "Bo", None],
        "open_cases": [3, 4, 5],
    }
)


def test_names_allowed_leaves_the_frame_as_it_is() -> None:
    grant = authorize(TEAMMANAGER, TEAM_T1_PER_EMPLOYEE)
    assert_frame_equal(restrict_frame(PER_EMPLOYEE, grant, KEY), PER_EMPLOYEE)


def test_locatiehoofd_gets_pseudonyms_and_no_names() -> None:
    grant = authorize(LOCATIEHOOFD, LOCATION_L1_PER_EMPLOYEE)
    expected = pl.DataFrame(
        {
            "employee_id": ["MW-90059C76A1", "MW-147EE73261", None],
            "open_cases": [3, 4, 5],
        }
    )
    assert_frame_equal(restrict_frame(PER_EMPLOYEE, grant, KEY), expected)
    assert pseudonym("E1", KEY) == "MW-90059C76A1"  # openssl dgst -sha256 -hmac


def test_management_aggregate_is_suppressed_and_refuses_employee_columns() -> None:
    grant = authorize(MANAGEMENT, ORGANISATION_PER_TEAM)
    frame = pl.DataFrame({"team_id": ["T1", "T2"], "headcount": [4, 5], "open_cases": [8, 20]})
    expected = pl.DataFrame(
        {
            "team_id": ["T1", "T2"],
            "headcount": [None, 5],
            "open_cases": [None, 20],
            "hidden_reason": ["verborgen: minder dan 5 medewerkers", None],
        }
    )
    assert_frame_equal(restrict_frame(frame, grant, KEY), expected)
    with pytest.raises(AccessDenied, match="u ziet alleen totalen"):
        restrict_frame(PER_EMPLOYEE, grant, KEY)
    with pytest.raises(ValueError, match="headcount"):
        restrict_frame(frame.drop("headcount"), grant, KEY)


def test_result_for_one_employee_must_hold_only_that_employee() -> None:
    grant = authorize(MEDEWERKER, OWN_EMPLOYEE)
    own = PER_EMPLOYEE.filter(pl.col("employee_id") == "E1")
    assert_frame_equal(restrict_frame(own, grant, KEY), own)
    with pytest.raises(AccessDenied, match="andere medewerkers dan E1"):
        restrict_frame(PER_EMPLOYEE, grant, KEY)


def test_pick_lists_follow_the_decision() -> None:
    team_locations = {"T1": "L1", "T2": "L2", "T3": "L1", "T4": None}
    assert teams_in_view(TEAMMANAGER, team_locations) == ["T1"]
    assert teams_in_view(LOCATIEHOOFD, team_locations) == ["T1", "T3"]
    assert teams_in_view(MANAGEMENT, team_locations) == ["T1", "T2", "T3", "T4"]
    assert teams_in_view(MEDEWERKER, team_locations) == []
    assert locations_in_view(LOCATIEHOOFD, ["L2", "L1"]) == ["L1"]
    assert locations_in_view(MANAGEMENT, ["L2", "L1"]) == ["L1", "L2"]
    assert locations_in_view(TEAMMANAGER, ["L1"]) == []
