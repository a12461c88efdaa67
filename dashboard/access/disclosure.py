"""Which selections management may see without singling anyone out, differencing included.

A figure is safe when the people behind it are at least the minimum group size and the few
busiest of them (one fewer than that size) did not make nearly all of it (dominance). That is
not enough on its own: with the team filter, `ZW-AA1,ZW-REG` minus `ZW-AA1` is the 2-person
team ZW-REG, and a location minus all its teams that can be shown is the rest. So the units
that may be chosen, or shown as a row of a breakdown, are decided per location as one table:

- a team (a location) may be chosen alone when it is safe itself;
- what is left of its location (of the organisation) once every such team (location) is taken
  away must be safe too, or empty. When it is not, the smallest chosen unit is taken away
  as well (complement suppression), until the rest is safe;
- a case type or route within a selection: the same, within that selection; combined with a
  team filter, the same value over the rest of the team's location must be safe too, since the
  location with that filter minus the teams is that rest.

The people behind a figure are the owners of its cases (`case_group_people`); a team counts its
members too (`team_headcount`), so that logs without owners fall back to the team sizes.
Periods are not part of this: a figure per month of a large team is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from dashboard.access.guard import Organisation

# Share of a figure's cases above which the busiest (minimum - 1) people single themselves out.
DOMINANCE_SHARE = 0.9

CONTRIBUTION_SCHEMA = {
    "location_id": pl.String,
    "team_id": pl.String,
    "case_type": pl.String,
    "route": pl.String,
    "employee_id": pl.String,
    "cases": pl.Int64,
}


@dataclass(frozen=True)
class Selection:
    """The unit and case filters of a request (empty: all)."""

    locations: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    case_types: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()

    def replace(self, **changes: tuple[str, ...]) -> Selection:
        return Selection(**{**self.__dict__, **changes})


def empty_contributions() -> pl.DataFrame:
    return pl.DataFrame(schema=CONTRIBUTION_SCHEMA)


def matching(cells: pl.DataFrame, selection: Selection) -> pl.DataFrame:
    """The rows of `cells` within the filters of `selection`."""
    for column, chosen in (
        ("location_id", selection.locations),
        ("team_id", selection.teams),
        ("case_type", selection.case_types),
        ("route", selection.routes),
    ):
        if chosen:
            cells = cells.filter(pl.col(column).is_in(list(chosen)))
    return cells


def safe(cells: pl.DataFrame, minimum: int, members: int | None = None) -> bool:
    """True when the figure over `cells` (the owners' cases) singles nobody out: no cases at
    all, or at least `minimum` people (owners; `members` when given and larger) and the
    busiest `minimum - 1` of them made at most DOMINANCE_SHARE of its cases."""
    per_person = cells.group_by("employee_id").agg(pl.col("cases").sum()).get_column("cases")
    total = per_person.sum()
    if members is not None and members < minimum:
        return total == 0 and members == 0
    if total == 0:
        return True
    people = max(per_person.len(), members or 0)
    if people < minimum:
        return False
    busiest = per_person.sort(descending=True).head(max(minimum - 1, 0)).sum()
    return busiest <= DOMINANCE_SHARE * total


def _shown_units(
    candidates: dict[str | None, list[str]],
    column: str,
    cells: pl.DataFrame,
    minimum: int,
    members: dict[str, int] | None,
) -> frozenset[str]:
    """Units of `column` that may be shown alone: safe, and leaving a safe rest in their group
    (`candidates`: group -> units; the rest also holds the group's cases of no unit), then in
    all groups together (a group whose rest stays small, having nothing left to hide, is
    protected by hiding a unit of another group)."""
    shown: set[str] = set()
    for group, units in candidates.items():
        in_group = cells.filter(pl.col("__group").eq_missing(group))
        shown |= _keep_rest_safe(units, None, column, in_group, minimum, members)
    every_unit = [u for units in candidates.values() for u in units]
    return _keep_rest_safe(every_unit, shown, column, cells, minimum, members)


def _keep_rest_safe(
    units: list[str],
    start: set[str] | frozenset[str] | None,
    column: str,
    in_group: pl.DataFrame,
    minimum: int,
    members: dict[str, int] | None,
) -> frozenset[str]:
    """Of `units` (those in `start`, else the safe ones), the ones that may be shown alone
    once the smallest are taken away until what is left of `in_group` is safe."""
    sizes = {u: in_group.filter(pl.col(column) == u)["cases"].sum() for u in units}
    if start is None:
        alone = {
            u
            for u in units
            if safe(
                in_group.filter(pl.col(column) == u),
                minimum,
                None if members is None else members.get(u, 0),
            )
        }
    else:
        alone = set(start)
    while alone:
        rest = in_group.filter(~pl.col(column).is_in(sorted(alone)) | pl.col(column).is_null())
        rest_members = (
            None if members is None else sum(members.get(u, 0) for u in units if u not in alone)
        )
        if rest_members == 0 and rest.is_empty():
            break
        if safe(rest, minimum, rest_members if rest_members else None):
            break
        # take away the smallest unit too, so that the rest is no longer a small group
        alone.discard(min(alone, key=lambda u: (sizes[u], members.get(u, 0) if members else 0, u)))
    return frozenset(alone)


def shown_teams(organisation: Organisation, minimum: int) -> frozenset[str]:
    """Teams management may choose alone (or see as a row), per location as described above."""

    def compute() -> frozenset[str]:
        by_location: dict[str | None, list[str]] = {}
        for team, location in organisation.team_locations.items():
            by_location.setdefault(location, []).append(team)
        cells = organisation.contributions.with_columns(pl.col("location_id").alias("__group"))
        return _shown_units(
            by_location, "team_id", cells, minimum, dict(organisation.team_headcount)
        )

    return organisation.remember(("shown_teams", frozenset({str(minimum)})), compute)


def shown_locations(organisation: Organisation, minimum: int) -> frozenset[str]:
    """Locations management may choose alone (or see as a row): the rest of the organisation
    (other locations, cases of no location) must be safe too."""

    def compute() -> frozenset[str]:
        located = set(organisation.team_locations.values()) | set(organisation.location_headcount)
        locations = sorted(loc for loc in located if loc)
        cells = organisation.contributions.with_columns(pl.lit("all").alias("__group"))
        return _shown_units(
            {"all": locations}, "location_id", cells, minimum, dict(organisation.location_headcount)
        )

    return organisation.remember(("shown_locations", frozenset({str(minimum)})), compute)


def shown_values(
    organisation: Organisation, minimum: int, selection: Selection, column: str
) -> frozenset[str]:
    """Values of `column` (case_type, route) that may be chosen within `selection` (whose own
    filter on `column` is ignored)."""
    within = selection.replace(**{f"{column}s": ()})

    def compute() -> frozenset[str]:
        cells = matching(organisation.contributions, within)
        values = sorted(cells.get_column(column).drop_nulls().unique().to_list())
        cells = cells.with_columns(pl.lit("all").alias("__group"))
        return _shown_units({"all": values}, column, cells, minimum, None)

    key = frozenset({f"{column}|{within!r}|{minimum}"})
    return organisation.remember(("shown_values", key), compute)


def refusal(
    organisation: Organisation,
    minimum: int,
    selection: Selection,
    own_teams: Iterable[str] = (),
    own_locations: Iterable[str] = (),
) -> str | None:
    """Why management may not see `selection` (a Dutch sentence), or None when it may. Units
    of the viewer's own (also a team manager, say) are never refused."""
    own_teams, own_locations = frozenset(own_teams), frozenset(own_locations)
    reason = f"minder dan {minimum} medewerkers, of bijna alles door minder dan {minimum}"
    teams = [t for t in selection.teams if t not in own_teams]
    for team in teams:
        if team not in shown_teams(organisation, minimum):
            return (
                f"team {team} is niet apart te tonen: {reason}, in het team of in de rest "
                "van de locatie (die anders als verschil te berekenen is)"
            )
    if not selection.teams:
        for location in selection.locations:
            if location not in own_locations and location not in shown_locations(
                organisation, minimum
            ):
                return (
                    f"locatie {location} is niet apart te tonen: {reason}, in de locatie of "
                    "in de rest van de organisatie"
                )
    all_own = bool(selection.teams) and not teams
    if all_own or (
        not selection.teams and selection.locations and own_locations >= set(selection.locations)
    ):
        return None
    for column, chosen in (("case_type", selection.case_types), ("route", selection.routes)):
        if not chosen:
            continue
        allowed = shown_values(organisation, minimum, selection, column)
        for value in chosen:
            if value not in allowed:
                return f"{value} is in deze selectie niet apart te tonen: {reason}"
    if teams and (selection.case_types or selection.routes):
        # the team's location with the same case filter, minus the teams, is this rest
        cells = organisation.contributions
        for location in {organisation.team_locations.get(t) for t in teams}:
            rest = matching(
                cells.filter(
                    (pl.col("location_id") == location) & ~pl.col("team_id").is_in(list(teams))
                    if location is not None
                    else ~pl.col("team_id").is_in(list(teams))
                ),
                selection.replace(teams=(), locations=()),
            )
            if not safe(rest, minimum):
                return (
                    "deze teams zijn met dit filter niet apart te tonen: de rest van de "
                    f"locatie {location or ''} met hetzelfde filter heeft {reason}"
                ).replace("  ", " ")
    return None
