"""The one access decision: may this viewer see these figures, and in what form?

The data module builds a `Request` for every query (from trusted data: the teams of an
employee and the location of a team come from the warehouse, never from the URL) and calls
`authorize`. It either raises `AccessDenied` with a Dutch message or returns a `Grant` that
says whether employees show by name or pseudonym and which minimum group size applies;
`restrict_frame` then puts the result in that form.

| request                       | medewerker | teammanager | locatiehoofd | management   |
|-------------------------------|------------|-------------|--------------|--------------|
| one employee's figures        | own        | own team(s) | -            | -            |
| team: total / per team        | -          | own team(s) | own location | min. size    |
| team or location per employee | -          | own team(s) | pseudonyms   | -            |
| location: total / per team    | -          | -           | own location | min. size    |
| organisation                  | -          | -           | -            | min. size    |
| beheer (loads, audit, users)  | only the beheerder                                       |
A user with several scopes gets the most open grant any of them gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import polars as pl

from dashboard.access.config import DEFAULT_MINIMUM_GROUP_SIZE, Role, Scope, UserAccess
from dashboard.access.pseudonym import pseudonymise_columns
from dashboard.access.suppress import HEADCOUNT_COLUMN, suppress_small_groups


class Level(StrEnum):
    """What a query is about."""

    EMPLOYEE = "medewerker"
    TEAM = "team"
    LOCATION = "locatie"
    ORGANISATION = "organisatie"
    BEHEER = "beheer"


class Detail(StrEnum):
    """How the rows of a result are grouped by people."""

    TOTAL = "totaal"  # one figure (or a series) for the whole unit
    PER_TEAM = "per_team"  # one row per team within the unit
    PER_EMPLOYEE = "per_medewerker"  # one row per employee within the unit


class AccessDenied(PermissionError):
    """Refused: `message` is the Dutch text the page shows."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Viewer:
    """The person looking at the dashboard, with every scope they hold."""

    identity: str
    name: str
    scopes: tuple[Scope, ...]
    minimum_group_size: int = DEFAULT_MINIMUM_GROUP_SIZE
    local_mode: bool = False

    @classmethod
    def from_user(
        cls, user: UserAccess, minimum_group_size: int, local_mode: bool = False
    ) -> Viewer:
        return cls(user.identity, user.name, user.scopes, minimum_group_size, local_mode)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(scope.role for scope in self.scopes)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def units(self, role: Role) -> frozenset[str]:
        """Every unit this viewer holds in `role` (employee, team or location ids)."""
        return frozenset().union(*(s.units for s in self.scopes if s.role is role))

    @cached_property  # the checks ask per row; the scopes never change
    def employee_ids(self) -> frozenset[str]:
        return self.units(Role.MEDEWERKER)

    @cached_property
    def team_ids(self) -> frozenset[str]:
        return self.units(Role.TEAMMANAGER)

    @cached_property
    def location_ids(self) -> frozenset[str]:
        return self.units(Role.LOCATIEHOOFD)

    def describe(self) -> str:
        """Dutch summary of the scopes, e.g. 'teammanager (T01), medewerker (E0001)'."""
        return ", ".join(scope.describe() for scope in self.scopes) or "geen rol"


@dataclass(frozen=True)
class Request:
    """What a query asks for. `teams_of_unit` / `locations_of_unit` come from the warehouse:
    for an employee the team(s) they belong to in the period, for a team its location."""

    level: Level
    unit_id: str | None = None
    detail: Detail = Detail.TOTAL
    teams_of_unit: frozenset[str] = frozenset()
    locations_of_unit: frozenset[str] = frozenset()

    def describe(self) -> str:
        what = {
            Level.EMPLOYEE: f"de cijfers van medewerker {self.unit_id}",
            Level.TEAM: f"team {self.unit_id}",
            Level.LOCATION: f"locatie {self.unit_id}",
            Level.ORGANISATION: "de hele organisatie",
            Level.BEHEER: "het beheer",
        }[self.level]
        if self.level in (Level.TEAM, Level.LOCATION, Level.ORGANISATION):
            what += {
                Detail.TOTAL: "",
                Detail.PER_TEAM: " per team",
                Detail.PER_EMPLOYEE: " per medewerker",
            }[self.detail]
        return what


@dataclass(frozen=True)
class Grant:
    """Allowed, in this form: names or pseudonyms, and the minimum group size (None: none)."""

    request: Request
    scope: Scope
    employee_names: bool
    minimum_group_size: int | None

    @property
    def personal(self) -> bool:
        """True when the result holds figures of individual, named employees: audit it."""
        return self.employee_names and (
            self.request.level is Level.EMPLOYEE or self.request.detail is Detail.PER_EMPLOYEE
        )


def _grant_for(viewer: Viewer, scope: Scope, request: Request) -> Grant | None:
    """The grant this one scope gives for `request`, or None."""
    level, detail, unit = request.level, request.detail, request.unit_id
    if level is Level.BEHEER:
        return Grant(request, scope, False, None) if scope.role is Role.BEHEERDER else None
    match scope.role:
        case Role.MEDEWERKER:
            if level is Level.EMPLOYEE and unit in scope.units:
                return Grant(request, scope, True, None)
        case Role.TEAMMANAGER:
            if level is Level.EMPLOYEE and request.teams_of_unit & scope.units:
                return Grant(request, scope, True, None)
            if level is Level.TEAM and unit in scope.units:
                return Grant(request, scope, True, None)
        case Role.LOCATIEHOOFD:
            in_location = (level is Level.LOCATION and unit in scope.units) or (
                level is Level.TEAM and request.locations_of_unit & scope.units
            )
            if in_location:
                # Names of teams, never of people: per employee only as pseudonyms.
                return Grant(request, scope, detail is not Detail.PER_EMPLOYEE, None)
        case Role.MANAGEMENT:
            if level is not Level.EMPLOYEE and detail is not Detail.PER_EMPLOYEE:
                return Grant(request, scope, False, viewer.minimum_group_size)
    return None


def _openness(grant: Grant) -> tuple[bool, bool]:
    return (grant.employee_names, grant.minimum_group_size is None)


def denial_message(viewer: Viewer, request: Request) -> str:
    """Why `request` is refused, in Dutch, with what the viewer may see instead."""
    reason = f"Geen toegang tot {request.describe()}."
    hints = []
    if viewer.has_role(Role.MANAGEMENT) and (
        request.level is Level.EMPLOYEE or request.detail is Detail.PER_EMPLOYEE
    ):
        hints.append("Management ziet alleen totalen, nooit cijfers per medewerker.")
    if viewer.has_role(Role.LOCATIEHOOFD) and request.level is Level.EMPLOYEE:
        hints.append(
            "Een locatiehoofd ziet medewerkers alleen zonder naam, in de verdeling per locatie."
        )
    if request.level is Level.BEHEER:
        hints.append("Alleen de beheerder heeft toegang tot het beheer.")
    hints.append(f"Uw rechten: {viewer.describe()}.")
    return " ".join([reason, *hints])


def authorize(viewer: Viewer, request: Request) -> Grant:
    """The most open grant any of the viewer's scopes gives; `AccessDenied` if none does."""
    grants = [g for s in viewer.scopes if (g := _grant_for(viewer, s, request)) is not None]
    if not grants:
        raise AccessDenied(denial_message(viewer, request))
    return max(grants, key=_openness)


def is_employee_id_column(name: str) -> bool:
    return name == "employee_id" or name.endswith("_employee_id")


def is_employee_name_column(name: str) -> bool:
    return name == "employee_name" or name.endswith("_employee_name")


def restrict_frame(
    frame: pl.DataFrame,
    grant: Grant,
    pseudonym_key: bytes,
    headcount_column: str = HEADCOUNT_COLUMN,
) -> pl.DataFrame:
    """`frame` in the form `grant` allows: names dropped and ids pseudonymised where names are
    not allowed, groups under the minimum size hidden. Fails closed: an aggregate without a
    headcount, or employee columns in an aggregates-only result, raise instead of showing."""
    id_columns = [c for c in frame.columns if is_employee_id_column(c)]
    name_columns = [c for c in frame.columns if is_employee_name_column(c)]
    if grant.request.level is Level.EMPLOYEE and "employee_id" in frame.columns:
        others = set(frame.get_column("employee_id").drop_nulls().cast(pl.String)) - {
            grant.request.unit_id
        }
        if others:
            # A query for one employee that returns someone else is a bug; never show it.
            raise AccessDenied(
                f"Geen toegang: het resultaat bevat andere medewerkers dan {grant.request.unit_id}."
            )
    if grant.minimum_group_size is not None:
        if id_columns or name_columns:
            raise AccessDenied(
                "Geen toegang: dit overzicht bevat cijfers per medewerker; u ziet alleen totalen."
            )
        return suppress_small_groups(frame, grant.minimum_group_size, headcount_column)
    if grant.employee_names:
        return frame
    return pseudonymise_columns(frame.drop(name_columns), id_columns, pseudonym_key)


def teams_in_view(viewer: Viewer, team_locations: Mapping[str, str | None]) -> list[str]:
    """The teams (of `team_locations`: team -> location) this viewer may open, sorted: for
    pick lists. The decision itself stays with `authorize`."""
    return sorted(
        team
        for team, location in team_locations.items()
        if _any_grant(
            viewer,
            Request(
                Level.TEAM,
                team,
                locations_of_unit=frozenset({location}) if location else frozenset(),
            ),
        )
    )


def locations_in_view(viewer: Viewer, locations: Iterable[str]) -> list[str]:
    """The locations this viewer may open, sorted: for pick lists."""
    return sorted(loc for loc in locations if _any_grant(viewer, Request(Level.LOCATION, loc)))


def _any_grant(viewer: Viewer, request: Request) -> bool:
    return any(_grant_for(viewer, scope, request) for scope in viewer.scopes)
