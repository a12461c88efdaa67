"""Server-side enforcement on the data module: every query function checks the viewer.

`guard_module(globals())` at the end of `dashboard/data.py` wraps every function of that
module that takes a `viewer` parameter (and the pick-list helpers). The wrapper

1. finds the viewer: an access `Viewer` passed in explicitly, else the one the login gate
   put in this Streamlit session; with neither (a test or a command-line caller outside any
   session) the call is trusted and runs as written;
2. refuses (`AccessDenied`, a Dutch message) filters on teams or locations outside the
   viewer's scope, a query about one employee the viewer may not see, and, for management,
   filters narrowed to fewer people than the minimum group size;
3. replaces the `viewer` argument by the data module's own scope object (locations, teams,
   employees), so the SQL only reads rows in scope; `scope_clauses` turns it into where
   clauses and refuses a table that cannot be restricted to it;
4. shapes the result: employees the viewer may not see by name get pseudonyms, rows the
   viewer may not see at all are dropped (management: refused), per-team and per-location
   rows of fewer people than the minimum are hidden for management;
5. writes one audit entry per view of named personal figures.

URL parameters only ever reach this as filters or an employee id, so they cannot widen a
scope: they are checked like any other request.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dashboard.access.config import Role
from dashboard.access.disclosure import (
    CONTRIBUTION_SCHEMA,
    Selection,
    empty_contributions,
    refusal,
    shown_locations,
    shown_teams,
)
from dashboard.access.pseudonym import pseudonymise_columns
from dashboard.access.scope import (
    AccessDenied,
    Grant,
    Level,
    Request,
    Viewer,
    authorize,
    is_employee_id_column,
    is_employee_name_column,
)
from dashboard.access.suppress import REASON_COLUMN, hidden_difference_reason, hidden_reason

# Functions whose result column "unit" holds the ids named by their `by` argument.
UNIT_COLUMN = "unit"
BREAKDOWN_KINDS = ("team_id", "location_id", "case_type", "route")
NO_FILTERS = Selection()


@dataclass(frozen=True)
class Organisation:
    """Who belongs where, from the warehouse: for the checks, never shown."""

    team_locations: Mapping[str, str | None]
    employee_teams: Mapping[str, frozenset[str]]
    team_headcount: Mapping[str, int]
    location_headcount: Mapping[str, int]
    # owners behind each combination of the cases (see disclosure.py); empty: logs without owners
    contributions: pl.DataFrame = field(default_factory=empty_contributions, compare=False)
    _answers: dict[tuple[str, frozenset[str]], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def teams_of(self, employee_id: str) -> frozenset[str]:
        return self.employee_teams.get(employee_id, frozenset())

    def locations_of_team(self, team_id: str) -> frozenset[str]:
        location = self.team_locations.get(team_id)
        return frozenset({location}) if location else frozenset()

    def locations_of(self, employee_id: str) -> frozenset[str]:
        return frozenset().union(*(self.locations_of_team(t) for t in self.teams_of(employee_id)))

    # The checks of every query of a page ask the same questions about the viewer's units; the
    # answers walk every employee or team, so they are kept for the life of this organisation
    # (one warehouse version).
    def teams_in_locations(self, location_ids: frozenset[str]) -> frozenset[str]:
        """Teams located in any of `location_ids`."""
        return self.remember(
            ("teams_in", location_ids),
            lambda: frozenset(
                team for team, location in self.team_locations.items() if location in location_ids
            ),
        )

    def members_of_teams(self, team_ids: frozenset[str]) -> tuple[str, ...]:
        """Employees of any of `team_ids`, sorted."""
        return self.remember(
            ("members_of", team_ids),
            lambda: tuple(
                sorted(e for e, in_teams in self.employee_teams.items() if in_teams & team_ids)
            ),
        )

    def members_in_locations(self, location_ids: frozenset[str]) -> tuple[str, ...]:
        """Employees of a team located in any of `location_ids`, sorted."""
        teams = self.teams_in_locations(location_ids)
        return self.remember(("members_in", location_ids), lambda: self.members_of_teams(teams))

    def as_id_list(self, kind: str, units: frozenset[str]) -> pl.Series:
        """For `pl.col(...).is_in`: the employees of teams `units` ("members_of"), of teams
        at locations `units` ("members_in") or the teams at locations `units` ("teams_in"),
        as one list value. Built once: converting 20,000 ids for every check of every
        guarded query cost 3 ms each time."""
        compute = {
            "members_of": self.members_of_teams,
            "members_in": self.members_in_locations,
            "teams_in": lambda ids: sorted(self.teams_in_locations(ids)),
        }[kind]
        return self.remember(
            (f"{kind}_list", units),
            lambda: pl.Series([list(compute(units))], dtype=pl.List(pl.String)),
        )

    def remember(self, key: tuple[str, frozenset[str]], compute: Callable[[], Any]) -> Any:
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]


@dataclass(frozen=True)
class DataScope:
    """What a query may read; None: no restriction on that column. `locations` is the
    primary restriction when set; `teams` then only serves tables without a location."""

    locations: frozenset[str] | None
    teams: frozenset[str] | None
    employees: frozenset[str] | None


# --- pure decisions ----------------------------------------------------------------------------
def team_request(team_id: str, organisation: Organisation) -> Request:
    return Request(Level.TEAM, team_id, locations_of_unit=organisation.locations_of_team(team_id))


def employee_request(employee_id: str, organisation: Organisation) -> Request:
    return Request(
        Level.EMPLOYEE,
        employee_id,
        teams_of_unit=organisation.teams_of(employee_id),
        locations_of_unit=organisation.locations_of(employee_id),
    )


def teams_in_view(viewer: Viewer, organisation: Organisation) -> frozenset[str]:
    """Teams the viewer may open as a team (own teams, teams of own locations)."""
    located = organisation.teams_in_locations(viewer.location_ids)
    return frozenset(
        team for team in organisation.team_locations if team in viewer.team_ids or team in located
    )


def data_scope(
    viewer: Viewer,
    chosen_locations: Iterable[str],
    chosen_teams: Iterable[str],
    organisation: Organisation,
    case_types: Iterable[str] = (),
    routes: Iterable[str] = (),
) -> DataScope:
    """The rows a query with these filters may read, or `AccessDenied`."""
    chosen_locations, chosen_teams = tuple(chosen_locations), tuple(chosen_teams)
    for location in chosen_locations:
        authorize(viewer, Request(Level.LOCATION, location))
    for team in chosen_teams:
        authorize(viewer, team_request(team, organisation))
    if viewer.has_role(Role.MANAGEMENT):
        own = teams_in_view(viewer, organisation)
        narrowed_to_others = [t for t in chosen_teams if t not in own] or (
            []
            if chosen_teams
            else [loc for loc in chosen_locations if loc not in viewer.location_ids]
        )
        if narrowed_to_others:
            counts = (
                organisation.team_headcount if chosen_teams else organisation.location_headcount
            )
            people = sum(counts.get(unit, 0) for unit in narrowed_to_others)
        elif (
            not chosen_teams
            and not chosen_locations
            and not covers_everything(viewer, organisation)
        ):
            people = organisation_headcount(organisation)
        else:
            people = viewer.minimum_group_size
        if people < viewer.minimum_group_size:
            raise AccessDenied(
                f"Geen toegang: {hidden_reason(viewer.minimum_group_size)} in deze selectie."
            )
        why = refusal(
            organisation,
            viewer.minimum_group_size,
            Selection(chosen_locations, chosen_teams, tuple(case_types), tuple(routes)),
            own,
            viewer.location_ids,
        )
        if why:
            raise AccessDenied(f"Geen toegang: {why}.")
        return DataScope(None, None, None)
    teams = teams_in_view(viewer, organisation)
    if viewer.location_ids and not (viewer.team_ids - teams_of_locations(viewer, organisation)):
        return DataScope(viewer.location_ids, teams, None)
    if viewer.team_ids or viewer.location_ids:
        return DataScope(None, teams, None)
    if viewer.employee_ids:
        return DataScope(None, None, viewer.employee_ids)
    raise AccessDenied(
        "Geen toegang tot deze cijfers. "
        + ("Alleen de beheerder heeft toegang tot het beheer. " if viewer.roles else "")
        + f"Uw rechten: {viewer.describe()}."
    )


def organisation_headcount(organisation: Organisation) -> int:
    """Everyone the data shows in a team (0 when it shows nobody: then nothing is shown)."""
    return len(organisation.employee_teams)


def covers_everything(viewer: Viewer, organisation: Organisation) -> bool:
    """True when the viewer's own teams and locations take in every team of the data."""
    teams = set(organisation.team_locations)
    return bool(teams) and not teams - teams_in_view(viewer, organisation)


def unit_headcount(level: Level, unit_id: str | None, organisation: Organisation) -> int:
    """The number of people behind a whole unit's figures."""
    if level is Level.TEAM:
        return organisation.team_headcount.get(unit_id or "", 0)
    if level is Level.LOCATION:
        return organisation.location_headcount.get(unit_id or "", 0)
    return organisation_headcount(organisation)


def teams_of_locations(viewer: Viewer, organisation: Organisation) -> frozenset[str]:
    return organisation.teams_in_locations(viewer.location_ids)


def scope_clauses(scope: Any, columns: Iterable[str]) -> list[tuple[str, frozenset[str]]]:
    """(column, allowed values) restricting a table with `columns` to `scope` (anything with
    locations / teams / employees, None = free); `AccessDenied` when the table has no column
    to restrict on, so a query can never fall back to everything."""
    present = set(columns)
    clauses: list[tuple[str, frozenset[str]]] = []
    locations = getattr(scope, "locations", None)
    teams = getattr(scope, "teams", None)
    employees = getattr(scope, "employees", None)
    if locations is not None:
        if "location_id" in present:
            clauses.append(("location_id", frozenset(locations)))
        elif teams is not None and "team_id" in present:
            clauses.append(("team_id", frozenset(teams)))
        else:
            raise AccessDenied("Geen toegang: deze cijfers zijn niet per locatie te beperken.")
    elif teams is not None:
        if "team_id" not in present:
            raise AccessDenied("Geen toegang: deze cijfers zijn niet per team te beperken.")
        clauses.append(("team_id", frozenset(teams)))
    if employees is not None:
        if "employee_id" not in present:
            raise AccessDenied(
                "Geen toegang: een medewerker ziet alleen de eigen cijfers, niet deze overzichten."
            )
        clauses.append(("employee_id", frozenset(employees)))
    return clauses


def named_employees(viewer: Viewer, frame: pl.DataFrame, organisation: Organisation) -> pl.Expr:
    """Rows whose employee the viewer may see by name: themselves, or their own team."""
    own_teams = sorted(viewer.team_ids)
    members = organisation.as_id_list("members_of", frozenset(viewer.team_ids))
    named = pl.col("employee_id").is_in(sorted(viewer.employee_ids)) | pl.col("employee_id").is_in(
        members
    )
    if "team_id" in frame.columns:
        named = named | pl.col("team_id").is_in(own_teams)
    return named.fill_null(False)


def pseudonymous_employees(
    viewer: Viewer, frame: pl.DataFrame, organisation: Organisation
) -> pl.Expr:
    """Rows the viewer may see without name: in one of their locations (locatiehoofd)."""
    if not viewer.location_ids:
        return pl.lit(False)
    locations = sorted(viewer.location_ids)
    teams = organisation.as_id_list("teams_in", frozenset(viewer.location_ids))
    members = organisation.as_id_list("members_in", frozenset(viewer.location_ids))
    allowed = pl.col("employee_id").is_in(members)
    if "location_id" in frame.columns:
        allowed = allowed | pl.col("location_id").is_in(locations)
    if "team_id" in frame.columns:
        allowed = allowed | pl.col("team_id").is_in(teams)
    return allowed.fill_null(False)


def shape_employee_rows(
    frame: pl.DataFrame, viewer: Viewer, organisation: Organisation, key: bytes
) -> pl.DataFrame:
    """Per-employee rows: named where allowed, pseudonymised where only that is allowed,
    dropped otherwise; a viewer with no per-employee right at all is refused."""
    if "employee_id" not in frame.columns:
        if any(is_employee_name_column(c) or is_employee_id_column(c) for c in frame.columns):
            raise AccessDenied("Geen toegang: dit overzicht noemt medewerkers.")
        return frame
    if not (viewer.employee_ids or viewer.team_ids or viewer.location_ids):
        raise AccessDenied(
            "Geen toegang tot cijfers per medewerker. Management ziet alleen totalen, nooit "
            f"cijfers per medewerker. Uw rechten: {viewer.describe()}."
        )
    marked = frame.with_columns(
        named_employees(viewer, frame, organisation).alias("__named"),
        pseudonymous_employees(viewer, frame, organisation).alias("__pseudonymous"),
    ).filter(pl.col("__named") | pl.col("__pseudonymous") | pl.col("employee_id").is_null())
    id_columns = [c for c in frame.columns if is_employee_id_column(c)]
    name_columns = [c for c in frame.columns if is_employee_name_column(c)]
    hidden = marked.filter(~pl.col("__named"))
    if not hidden.is_empty():
        hidden = pseudonymise_columns(hidden, id_columns, key).with_columns(
            pl.lit(None, dtype=frame.schema[c]).alias(c) for c in name_columns
        )
    shaped = pl.concat([marked.filter(pl.col("__named")), hidden], how="vertical")
    return shaped.drop("__named", "__pseudonymous")


def suppress_for_management(
    frame: pl.DataFrame,
    viewer: Viewer,
    organisation: Organisation,
    unit_kind: str | None,
    selection: Selection = NO_FILTERS,
) -> pl.DataFrame:
    """Hide the rows of a breakdown (per team or location; per case type or route where `by`
    asks for it) that management could not have chosen alone with these filters
    (`disclosure.refusal`: small groups, and the units that would give a small group away as
    a difference). A frame merely holding a case type column (the inflow forecast per case
    type, which the page adds up) is not a breakdown: its filters were checked already."""
    if not viewer.has_role(Role.MANAGEMENT):
        return frame
    column, kind = None, None
    if unit_kind in BREAKDOWN_KINDS and UNIT_COLUMN in frame.columns:
        column, kind = UNIT_COLUMN, unit_kind
    else:
        for candidate in ("team_id", "location_id"):
            if candidate in frame.columns:
                column, kind = candidate, candidate
                break
    if column is None or kind is None:
        return frame
    own_teams = teams_in_view(viewer, organisation)
    minimum = viewer.minimum_group_size
    filter_of = {
        "team_id": "teams",
        "location_id": "locations",
        "case_type": "case_types",
        "route": "routes",
    }[kind]

    def hidden(unit: str | None) -> bool:
        if not unit:  # null or '' (organisation-wide, unassigned) is no group of people
            return False
        row = selection.replace(**{filter_of: (unit,)})
        if kind == "location_id":
            row = row.replace(teams=())
        return refusal(organisation, minimum, row, own_teams, viewer.location_ids) is not None

    units = frame.get_column(column).cast(pl.String).to_list()
    verdicts = {unit: hidden(unit) for unit in set(units)}
    too_small = pl.Series([verdicts[unit] for unit in units], dtype=pl.Boolean)
    if not too_small.any():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias(REASON_COLUMN))
    values = [n for n, dtype in frame.schema.items() if dtype.is_numeric()]
    flagged = frame.with_columns(too_small.alias("__too_small"))
    return flagged.with_columns(
        *(pl.when(pl.col("__too_small")).then(None).otherwise(pl.col(n)).alias(n) for n in values),
        pl.when(pl.col("__too_small"))
        .then(pl.lit(hidden_difference_reason(minimum)))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias(REASON_COLUMN),
    ).drop("__too_small")


def shape_result(
    result: Any,
    viewer: Viewer,
    organisation: Organisation,
    key: bytes,
    unit_kind: str | None,
    selection: Selection = NO_FILTERS,
) -> Any:
    """`result` (a frame, or a tuple holding frames) in the form the viewer may see."""
    if isinstance(result, tuple):
        return tuple(
            shape_result(r, viewer, organisation, key, unit_kind, selection) for r in result
        )
    if not isinstance(result, pl.DataFrame):
        return result
    shaped = shape_employee_rows(result, viewer, organisation, key)
    return suppress_for_management(shaped, viewer, organisation, unit_kind, selection)


def personal_subjects(result: Any, viewer: Viewer, organisation: Organisation) -> list[str]:
    """The employees whose figures `result` shows by name (for the audit log)."""
    frames = result if isinstance(result, tuple) else (result,)
    named: set[str] = set()
    for frame in frames:
        # A list of names (a pick list) holds no figures; a frame with numbers does.
        has_figures = isinstance(frame, pl.DataFrame) and any(
            dtype.is_numeric() for dtype in frame.schema.values()
        )
        if has_figures and "employee_id" in frame.columns:
            rows = frame.filter(named_employees(viewer, frame, organisation))
            named |= set(rows.get_column("employee_id").drop_nulls().cast(pl.String))
    return sorted(named)


# --- the wrapper -------------------------------------------------------------------------------
@dataclass
class GuardContext:
    """What the wrapper needs from the data module and the session."""

    make_data_scope: Callable[..., Any]  # the data module's own scope class
    organisation: Callable[[], Organisation]
    session_viewer: Callable[[], Viewer | None]
    pseudonym_key: Callable[[Viewer], bytes]
    log_view: Callable[[Viewer, str, str, str], None]  # viewer, subject type, id, detail


# Set while a guarded call runs: the functions it calls in turn already got the restricted
# scope, and shaping their results twice would pseudonymise pseudonyms.
_inside_guarded_call: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "inside_guarded_call", default=False
)


def _resolve(viewer_argument: Any, context: GuardContext) -> Viewer | None:
    if isinstance(viewer_argument, Viewer):
        return viewer_argument
    return context.session_viewer()


def guarded(function: Callable[..., Any], context: GuardContext) -> Callable[..., Any]:
    """`function` (with a `viewer` parameter) with the checks described in this module."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _inside_guarded_call.get():
            return function(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        viewer = _resolve(bound.arguments.get("viewer"), context)
        if viewer is None:
            return function(*bound.args, **bound.kwargs)
        organisation = context.organisation()
        filters = bound.arguments.get("filters")
        employee_id = bound.arguments.get("employee_id")
        if employee_id is not None:
            authorize(viewer, employee_request(str(employee_id), organisation))
        scope = data_scope(
            viewer,
            getattr(filters, "locations", ()) or (),
            getattr(filters, "teams", ()) or (),
            organisation,
            getattr(filters, "case_types", ()) or (),
            getattr(filters, "routes", ()) or (),
        )
        if employee_id is not None and scope.employees is None and scope.teams is not None:
            # Own figures of someone outside the viewer's teams (medewerker + teammanager).
            scope = DataScope(None, None, frozenset({str(employee_id)}))
        bound.arguments["viewer"] = context.make_data_scope(
            role=",".join(sorted(r.value for r in viewer.roles)),
            locations=scope.locations,
            teams=scope.teams,
            employees=scope.employees,
        )
        token = _inside_guarded_call.set(True)
        try:
            result = function(*bound.args, **bound.kwargs)
        finally:
            _inside_guarded_call.reset(token)
        selection = Selection(
            *(
                tuple(getattr(filters, name, ()) or ())
                for name in ("locations", "teams", "case_types", "routes")
            )
        )
        shaped = shape_result(
            result,
            viewer,
            organisation,
            context.pseudonym_key(viewer),
            bound.arguments.get("by"),
            selection,
        )
        subjects = personal_subjects(shaped, viewer, organisation)
        if employee_id is not None and str(employee_id) not in subjects:
            subjects = sorted({*subjects, str(employee_id)})
        if len(subjects) == 1:
            context.log_view(viewer, "medewerker", subjects[0], function.__name__)
        elif subjects:
            context.log_view(viewer, "medewerkers", ",".join(subjects), function.__name__)
        return shaped

    wrapper.__access_guarded__ = True  # type: ignore[attr-defined]
    return wrapper


def filter_pick_lists(
    options: MutableMapping[str, Any], viewer: Viewer, organisation: Organisation
) -> MutableMapping[str, Any]:
    """The global filter's options restricted to the teams and locations in view; for
    management, to those it may choose (`disclosure`): a team that is always refused is not
    offered."""
    teams = teams_in_view(viewer, organisation)
    if viewer.has_role(Role.MANAGEMENT):
        minimum = viewer.minimum_group_size
        choosable = {
            "teams": teams | shown_teams(organisation, minimum),
            "locations": viewer.location_ids | shown_locations(organisation, minimum),
        }
        return {
            **options,
            **{
                name: [unit for unit in options[name] if unit in allowed]
                for name, allowed in choosable.items()
                if name in options
            },
        }
    restricted = dict(options)
    if "teams" in restricted:
        restricted["teams"] = [t for t in restricted["teams"] if t in teams]
    if "locations" in restricted:
        restricted["locations"] = [
            loc for loc in restricted["locations"] if loc in viewer.location_ids
        ]
    return restricted


def filter_display_names(
    names: Mapping[str, Mapping[str, str]], viewer: Viewer, organisation: Organisation
) -> Mapping[str, Mapping[str, str]]:
    """Display names, with employee names only for employees the viewer may see by name.
    The result shares what it does not change with `names`: read it, never change it."""
    visible = set(viewer.employee_ids) | set(organisation.members_of_teams(viewer.team_ids))
    employees = names.get("employee", {})
    if employees.keys() <= visible:
        return names  # nothing to hide: no copy of 20,000 names per call
    return {**names, "employee": {e: n for e, n in employees.items() if e in visible}}


def guard_functions(
    namespace: MutableMapping[str, Any], context: GuardContext, skip: Iterable[str] = ()
) -> list[str]:
    """Wrap, in `namespace`, every public function with a `viewer` parameter; returns their
    names. Functions defined later in the module are not covered: call this at its end."""
    wrapped = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in skip or not inspect.isfunction(value):
            continue
        if getattr(value, "__access_guarded__", False):
            continue
        if "viewer" in inspect.signature(value).parameters:
            namespace[name] = guarded(value, context)
            wrapped.append(name)
    return sorted(wrapped)


def load_organisation(
    query: Callable[[str], pl.DataFrame], tables: Callable[[], Mapping[str, Any]]
) -> Organisation:
    """Teams, their locations and members, from the data module's own read-only queries.

    Members: the `employee_teams` table, plus the owners a team's cases had (logs without an
    organisation file), from `team_members_seen`. Headcount: current members where
    `employee_teams` says who they are, else everyone the data shows in the team; unknown teams
    count as 0 people (hidden).
    """
    present = tables()
    team_locations: dict[str, str | None] = {}
    # the teams table wins where both name a location; case_groups holds the combinations the
    # cases have, a few thousand rows against millions
    cases = "case_groups" if "case_groups" in present else "cases"
    for table in (cases, "teams"):
        if table in present:
            frame = query(
                f"select distinct team_id, location_id from {table} where team_id is not null"
            )
            team_locations.update(zip(frame["team_id"], frame["location_id"], strict=True))
    pairs: list[pl.DataFrame] = []
    current: pl.DataFrame | None = None
    if "employee_teams" in present:
        members = query(
            "select employee_id, team_id, (valid_to is null or valid_to > current_date) as now"
            " from employee_teams"
        )
        pairs.append(members.select("employee_id", "team_id"))
        current = members.filter(pl.col("now")).select("employee_id", "team_id")
    if "team_members_seen" in present:
        pairs.append(query("select employee_id, team_id from team_members_seen"))
    all_pairs = (
        pl.concat(pairs).unique()
        if pairs
        else pl.DataFrame(schema={"employee_id": pl.String, "team_id": pl.String})
    )
    # Column-wise, and one set per team shared by its members: building a dict or a set per
    # employee cost a tenth of a second for 20,000 employees, on every new warehouse version.
    team_alone: dict[str, frozenset[str]] = {}
    employee_teams: dict[str, frozenset[str]] = {}
    for employee, team in zip(
        all_pairs["employee_id"].to_list(), all_pairs["team_id"].to_list(), strict=True
    ):
        known = employee_teams.get(employee)
        if known is None:
            if team not in team_alone:
                team_alone[team] = frozenset((team,))
            employee_teams[employee] = team_alone[team]
        else:
            employee_teams[employee] = known | {team}
    counted = current if current is not None and not current.is_empty() else all_pairs
    team_headcount = _distinct_counts(counted, "team_id")
    located = counted.with_columns(
        pl.col("team_id").replace_strict(team_locations, default=None).alias("location_id")
    ).drop_nulls("location_id")
    location_headcount = _distinct_counts(located, "location_id")
    contributions = (
        query(
            "select location_id, team_id, case_type, route, employee_id, cases::bigint as cases"
            " from case_group_people"
        ).cast(CONTRIBUTION_SCHEMA)  # type: ignore[arg-type]
        if "case_group_people" in present
        else empty_contributions()
    )
    return Organisation(
        team_locations, employee_teams, team_headcount, location_headcount, contributions
    )


def _distinct_counts(frame: pl.DataFrame, unit: str) -> dict[str, int]:
    """Distinct employees per value of `unit`."""
    counts = frame.group_by(unit).agg(pl.col("employee_id").n_unique().alias("n"))
    return dict(zip(counts[unit].to_list(), counts["n"].to_list(), strict=True))


def record_visible(viewer: Viewer, record: Mapping[str, Any], organisation: Organisation) -> bool:
    """May the viewer read this PDCA record (agreement, conversation), given its subject?
    About one employee: only who may see that employee by name. About a team or location:
    whoever may open it. The team and location stored on the record count as well, since
    people change teams."""
    subject_type, subject_id = record.get("subject_type"), str(record.get("subject_id") or "")
    if subject_type == "medewerker":
        request = employee_request(subject_id, organisation)
        recorded_team = record.get("team_id")
        if recorded_team:
            request = Request(
                Level.EMPLOYEE,
                subject_id,
                teams_of_unit=request.teams_of_unit | {recorded_team},
                locations_of_unit=request.locations_of_unit,
            )
    elif subject_type == "team":
        request = team_request(subject_id, organisation)
    elif subject_type == "locatie":
        request = Request(Level.LOCATION, subject_id)
    else:
        request = Request(Level.ORGANISATION)
    try:
        grant = authorize(viewer, request)
    except AccessDenied:
        return False
    return grant.employee_names or subject_type != "medewerker"


def unit_request(unit_type: str, unit_id: str, organisation: Organisation) -> Request:
    """What a PDCA page asks for when it opens a unit (`?eenheid=...&id=...`)."""
    if unit_type == "medewerker":
        return employee_request(unit_id, organisation)
    if unit_type == "team":
        return team_request(unit_id, organisation)
    if unit_type == "locatie":
        return Request(Level.LOCATION, unit_id)
    return Request(Level.ORGANISATION)


def unit_grant(viewer: Viewer, unit_type: str, unit_id: str, organisation: Organisation) -> Grant:
    """The grant for a PDCA page's whole unit, or `AccessDenied`. These pages show the unit's
    figures whole: a unit smaller than the viewer's minimum group size is refused as a whole."""
    request = unit_request(unit_type, unit_id, organisation)
    grant = authorize(viewer, request)
    minimum = grant.minimum_group_size
    if minimum is not None and unit_headcount(request.level, unit_id, organisation) < minimum:
        raise AccessDenied(f"Geen toegang: {hidden_reason(minimum)} in deze eenheid.")
    if minimum is not None and request.level in (Level.TEAM, Level.LOCATION):
        # the same units as the filters and breakdowns: no difference gives a small group away
        as_filter = (
            Selection(teams=(unit_id,)) if request.level is Level.TEAM else Selection((unit_id,))
        )
        why = refusal(organisation, minimum, as_filter)
        if why:
            raise AccessDenied(f"Geen toegang: {why}.")
    return grant


def units_in_view(
    viewer: Viewer, unit_type: str, unit_ids: Iterable[str], organisation: Organisation
) -> list[str]:
    """The units of a PDCA page's pick list the viewer may open (as `unit_grant` decides);
    employees only for whoever may see them by name, so that no id is listed without it."""
    kept = []
    for unit_id in unit_ids:
        try:
            grant = unit_grant(viewer, unit_type, unit_id, organisation)
        except AccessDenied:
            continue
        if unit_type != "medewerker" or grant.employee_names:
            kept.append(unit_id)
    return kept


def raw_rows_for(frame: Any, viewer: Viewer, organisation: Organisation) -> Any:
    """Quarantined source rows: their raw content (names, ids of anyone) for the beheerder
    only; others see where and why a row was refused."""
    if viewer.has_role(Role.BEHEERDER) or not isinstance(frame, pl.DataFrame):
        return frame
    return frame.drop([c for c in frame.columns if c.startswith("raw")])


# Words of a name too common to mask on their own ("de", "van", "Jan" in "Jan de Vries").
_SHORTEST_NAME_PART = 4
NAME_MASK = "[naam]"


def name_masker(employee_names: Mapping[str, str], visible: Iterable[str]) -> Callable[[str], str]:
    """A function replacing, in text typed into an agreement of a team or location, the names
    and ids of the employees the viewer may not see by name by NAME_MASK: the whole name
    first, then each of its parts of at least _SHORTEST_NAME_PART letters. Built once per
    page: the pattern holds every hidden name."""
    visible = set(visible)
    words: set[str] = set()
    for employee, name in employee_names.items():
        if employee in visible:
            continue
        words.add(employee)
        if name:
            words.add(name)
            words |= {part for part in name.split() if len(part) >= _SHORTEST_NAME_PART}
    if not words:
        return lambda text: text
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags=re.IGNORECASE)
    return lambda text: pattern.sub(NAME_MASK, text) if text else text


def mask_names(text: str, employee_names: Mapping[str, str], visible: Iterable[str]) -> str:
    """`text` with the names hidden from the viewer masked (see `name_masker`)."""
    return name_masker(employee_names, visible)(text)


def names_visible_to(viewer: Viewer, organisation: Organisation) -> frozenset[str]:
    """Employees the viewer may see by name: themselves and the members of their own teams."""
    return frozenset(viewer.employee_ids) | frozenset(
        organisation.members_of_teams(frozenset(viewer.team_ids))
    )
