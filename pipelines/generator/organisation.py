"""The organisation of one unit: locations, teams, employees, team moves and weekly capacity.

Staffing follows demand: each team gets the fte its share of the expected baseline work needs
(times STAFFING_RATIO), so backlog comes from peaks, absence and the planted situations, not
from a team that was simply left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from pipelines.generator import config
from pipelines.generator.worktime import WorkCalendar

# Expected direct hours of one fte in a year: 52 weeks of 36 h, less about 14% leave and public
# holidays and 7% absence, of which about 71% direct (the rest indirect).
DIRECT_HOURS_PER_FTE_YEAR = 52 * config.CONTRACT_HOURS_PER_FTE * 0.79 * 0.71
MEAN_FTE = float(np.average(config.FTE_CHOICES, weights=config.FTE_WEIGHTS))

FIRST_NAMES = (
    "Anouk", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gert", "Hanneke", "Ibrahim", "Joost",
    "Karin", "Lars", "Mirjam", "Noor", "Okke", "Petra", "Quinten", "Rachid", "Sanne", "Thijs",
    "Ursula", "Vincent", "Wendy", "Yusuf", "Zoë", "Lotte", "Mehmet", "Ilse", "Koen", "Esra",
    "Jeroen", "Marloes", "Sven", "Nadia", "Ruud", "Femke", "Ahmed", "Linda", "Maarten", "Iris",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Yilmaz", "El Amrani",
    "Janssens", "Verhoeven", "Postma", "Kuipers", "Vermeulen", "Hoekstra", "Koster", "Prins",
)  # fmt: skip


@dataclass(frozen=True)
class Team:
    team_id: str
    team_name: str
    location_id: str
    competence: str
    template: config.TeamTemplate


@dataclass
class Employee:
    index: int
    employee_id: str
    name: str
    role: str
    fte: float
    competences: tuple[str, ...]
    started_on: date
    left_on: date | None
    location_id: str
    memberships: list[tuple[str, date, date | None]] = field(default_factory=list)
    stock_multiple: float = 1.0


@dataclass
class Organisation:
    """One unit of the organisation with its weekly capacity (employees x weeks, in hours)."""

    prefix: str
    teams: list[Team]
    employees: list[Employee]
    routing: dict[str, dict[str, float]]  # route name -> location -> weight
    contract_hours: np.ndarray
    leave_hours: np.ndarray
    absence_hours: np.ndarray
    indirect_hours: np.ndarray
    active: np.ndarray  # bool: employed in that week

    @property
    def available_hours(self) -> np.ndarray:
        return self.contract_hours - self.leave_hours - self.absence_hours

    @property
    def direct_hours(self) -> np.ndarray:
        return self.available_hours - self.indirect_hours

    def daily_direct_minutes(self, calendar: WorkCalendar) -> np.ndarray:
        """Direct minutes each employee can work on each working day (employees x days)."""
        week = calendar.week_of_day
        per_day = self.direct_hours * 60.0 / np.maximum(calendar.working_days_per_week, 1)
        daily = np.zeros((len(self.employees), calendar.day_count))
        worked = week >= 0
        daily[:, worked] = per_day[:, week[worked]]
        return daily


def location_templates(scale: config.Scale) -> list[config.LocationTemplate]:
    return [location for location in config.LOCATIONS if location.code in scale.locations]


def routing_weights(locations: list[config.LocationTemplate]) -> dict[str, dict[str, float]]:
    """Verkeerstoren routing per route over the locations present; a route whose locations are
    all absent goes to the present locations that hold its competence, or is not generated."""
    present = {location.code for location in locations}
    routing: dict[str, dict[str, float]] = {}
    for route in config.ROUTES:
        weights = {code: w for code, w in route.locations.items() if code in present}
        if not weights:
            weights = {
                location.code: 1.0
                for location in locations
                if any(team.competence == route.competence for team in location.teams)
            }
        if weights:
            total = sum(weights.values())
            routing[route.route] = {code: w / total for code, w in weights.items()}
    return routing


def expected_hours_per_case(route: config.Route) -> float:
    """Norm hours of a route's products, with the planted tight norm and expected rework."""
    planted = config.PLANTED
    minutes = 0.0
    for step in route.steps:
        norm = config.NORM_MINUTES[(step.activity, route.case_type)]
        tight = (step.activity, route.case_type) == (
            planted.tight_norm_activity,
            planted.tight_norm_case_type,
        )
        factor = planted.tight_norm_effort_multiple if tight else 1.0
        minutes += norm * factor * (1 + step.rework_probability * config.REWORK_EFFORT_SHARE)
    return minutes / 60.0


def team_fte(
    scale: config.Scale,
    locations: list[config.LocationTemplate],
    routing: dict[str, dict[str, float]],
) -> dict[tuple[str, str], float]:
    """Fte per (location, team code) for the expected baseline work."""
    demand: dict[tuple[str, str], float] = {}
    for route in config.ROUTES:
        for code, weight in routing.get(route.route, {}).items():
            hours = scale.cases_per_year * route.share * weight * expected_hours_per_case(route)
            key = (code, route.competence)
            demand[key] = demand.get(key, 0.0) + hours
    fte: dict[tuple[str, str], float] = {}
    for location in locations:
        for team in location.teams:
            sharing = [t for t in location.teams if t.competence == team.competence]
            hours = demand.get((location.code, team.competence), 0.0) / len(sharing)
            fte[(location.code, team.code)] = (
                hours / DIRECT_HOURS_PER_FTE_YEAR * config.STAFFING_RATIO
            )
    return fte


def build_organisation(
    scale: config.Scale, shard: int, rng: np.random.Generator, calendar: WorkCalendar
) -> Organisation:
    """Teams, employees (with moves, academy cohorts and the planted leavers) and capacity."""
    prefix = f"U{shard + 1:03d}-" if scale.shards > 1 else ""
    locations = location_templates(scale)
    routing = routing_weights(locations)
    fte_needed = team_fte(scale, locations, routing)
    teams: list[Team] = []
    employees: list[Employee] = []
    for location in locations:
        for template in location.teams:
            suffix = f" (eenheid {shard + 1})" if scale.shards > 1 else ""
            team = Team(
                f"{prefix}{location.code}-{template.code}",
                f"{location.name} {template.name}{suffix}",
                location.code,
                template.competence,
                template,
            )
            teams.append(team)
            headcount = max(2, round(fte_needed[(location.code, template.code)] / MEAN_FTE))
            for _ in range(headcount):
                employees.append(_new_employee(rng, prefix, len(employees), team, None))
    _plant_unfair_spread(employees)
    _add_academy_cohorts(rng, prefix, teams, employees)
    _plant_lagging_leavers(rng, employees)
    _move_some_between_teams(rng, teams, employees)
    return Organisation(prefix, teams, employees, routing, **_capacity(rng, employees, calendar))


def _new_employee(
    rng: np.random.Generator, prefix: str, index: int, team: Team, started_on: date | None
) -> Employee:
    template = team.template
    competences = [template.competence, *template.extra_competences]
    if rng.random() < template.complex_share:
        competences.append("complexe doelgroepen")
    if started_on is None:
        # Most staff have years of experience; some joined shortly before the period.
        years_back = rng.exponential(5.0) + 0.2
        started_on = config.PERIOD_START - timedelta(days=int(years_back * 365))
        fte = float(rng.choice(config.FTE_CHOICES, p=config.FTE_WEIGHTS))
        role = template.role
    else:
        fte = float(rng.choice((0.8, 0.89, 1.0), p=(0.2, 0.3, 0.5)))
        role = "medewerker asiel" if template.role == "beslismedewerker" else template.role
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    employee = Employee(
        index,
        f"{prefix}M{index + 1:04d}",
        name,
        role,
        fte,
        tuple(dict.fromkeys(competences)),
        started_on,
        None,
        team.location_id,
    )
    employee.memberships.append((team.team_id, started_on, None))
    return employee


def _plant_unfair_spread(employees: list[Employee]) -> None:
    planted = config.PLANTED
    members = [e for e in employees if e.memberships[0][0].endswith(planted.unfair_team)]
    for employee in members[: planted.unfair_employees]:
        employee.stock_multiple = planted.unfair_stock_multiple


def _add_academy_cohorts(
    rng: np.random.Generator, prefix: str, teams: list[Team], employees: list[Employee]
) -> None:
    for cohort in config.HIRING:
        for team in teams:
            if team.competence not in config.HIRED_COMPETENCES:
                continue
            if team.location_id == config.PLANTED.lagging_location:
                continue
            size = sum(1 for e in employees if e.memberships[0][0] == team.team_id)
            for _ in range(round(size * cohort.share_of_asylum_staff)):
                employees.append(_new_employee(rng, prefix, len(employees), team, cohort.starts_on))


def _plant_lagging_leavers(rng: np.random.Generator, employees: list[Employee]) -> None:
    planted = config.PLANTED
    staff = [
        e
        for e in employees
        if e.location_id == planted.lagging_location and e.stock_multiple == 1.0
    ]
    leavers = rng.permutation(len(staff))[: round(len(staff) * planted.lagging_leavers_share)]
    span = (planted.lagging_leavers_to - planted.lagging_leavers_from).days
    for position in sorted(leavers):
        left_on = planted.lagging_leavers_from + timedelta(days=int(rng.integers(0, span)))
        staff[position].left_on = left_on - timedelta(days=left_on.weekday())  # a Monday


def _move_some_between_teams(
    rng: np.random.Generator, teams: list[Team], employees: list[Employee]
) -> None:
    span = (config.END_DATE - config.PERIOD_START).days
    for employee in employees:
        if employee.stock_multiple != 1.0 or rng.random() >= config.TEAM_MOVE_SHARE:
            continue
        current = employee.memberships[0][0]
        team = next(t for t in teams if t.team_id == current)
        others = [
            t
            for t in teams
            if t.location_id == team.location_id
            and t.competence in employee.competences
            and t.team_id != current
        ]
        if not others:
            continue
        moved_on = config.PERIOD_START + timedelta(days=int(rng.integers(60, span - 60)))
        moved_on -= timedelta(days=moved_on.weekday())
        if moved_on <= employee.started_on or (employee.left_on and moved_on >= employee.left_on):
            continue
        target = others[int(rng.integers(0, len(others)))]
        employee.memberships = [
            (current, employee.started_on, moved_on),
            (target.team_id, moved_on, None),
        ]


def _capacity(
    rng: np.random.Generator, employees: list[Employee], calendar: WorkCalendar
) -> dict[str, np.ndarray]:
    """Weekly hours per employee: contract, leave (incl. public holidays), absence, indirect."""
    weeks = calendar.week_starts
    n_employees, n_weeks = len(employees), len(weeks)
    fte = np.array([e.fte for e in employees])[:, None]
    started = np.array([np.datetime64(e.started_on, "D") for e in employees])[:, None]
    left = np.array([np.datetime64(e.left_on or date(9999, 1, 1), "D") for e in employees])[:, None]
    active = (weeks[None, :] + 4 >= started) & (weeks[None, :] < left)
    day_hours = fte * config.CONTRACT_HOURS_PER_FTE / config.WORKING_DAYS_PER_WEEK
    contract = np.where(active, fte * config.CONTRACT_HOURS_PER_FTE, 0.0)
    holiday = np.where(active, day_hours * calendar.holiday_days_per_week[None, :], 0.0)

    month = ((weeks.astype("datetime64[M]").astype("int64")) % 12 + 1)[None, :]
    summer = (month == 7) | (month == 8)
    week_leave_p = np.where(
        summer, config.SUMMER_LEAVE_WEEK_PROBABILITY, config.OTHER_LEAVE_WEEK_PROBABILITY
    )
    full_leave = rng.random((n_employees, n_weeks)) < week_leave_p
    leave_day = rng.random((n_employees, n_weeks)) < config.LEAVE_DAY_PROBABILITY
    leave = np.where(full_leave, contract - holiday, np.where(leave_day, day_hours, 0.0))
    leave = np.where(active, np.minimum(leave + holiday, contract), 0.0)

    spell = _absence_spells(rng, n_employees, n_weeks)
    short_days = rng.integers(1, 3, (n_employees, n_weeks))
    short = rng.random((n_employees, n_weeks)) < config.SHORT_ABSENCE_PER_WEEK
    remaining = contract - leave
    absence = np.where(spell, remaining, np.where(short, short_days * day_hours, 0.0))
    absence = np.where(active, np.minimum(absence, remaining), 0.0)

    available = contract - leave - absence
    share = rng.uniform(*config.INDIRECT_SHARE, (n_employees, n_weeks))
    weeks_employed = (weeks[None, :] - started).astype("int64") // 7
    share = np.where(
        weeks_employed < config.NEW_HIRE_TRAINING_WEEKS, config.NEW_HIRE_INDIRECT_SHARE, share
    )
    indirect = np.round(available * share * 4) / 4  # booked in quarter hours
    return {
        "contract_hours": contract,
        "leave_hours": leave,
        "absence_hours": absence,
        "indirect_hours": indirect,
        "active": active,
    }


def _absence_spells(rng: np.random.Generator, n_employees: int, n_weeks: int) -> np.ndarray:
    """Weeks of a long absence spell (verzuim): spells start at random, last ~4 weeks."""
    spell = np.zeros((n_employees, n_weeks), dtype=bool)
    starts = np.argwhere(rng.random((n_employees, n_weeks)) < config.ABSENCE_SPELL_START_PER_WEEK)
    lengths = rng.geometric(1.0 / config.ABSENCE_SPELL_MEAN_WEEKS, len(starts))
    for (employee, week), length in zip(starts, lengths, strict=True):
        spell[employee, week : week + length] = True
    return spell
