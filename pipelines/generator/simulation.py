"""The discrete-event simulation (SimPy) of one unit: cases queue, get assigned, get worked.

- Every case is a process: receipt, then its route's products one by one, with the waits of
  the procedure between them (rest period, the applicant's reply, a Dublin claim), suspensions
  (opschorting) and rework.
- The verdeelstation runs every working morning: per location it takes the waiting cases
  (te plannen) in order of priority and age and gives each to an employee with the right
  competence who is at work and whose personal stock is below its cap (weeks of norm work),
  the least loaded first. Two employees of the planted team have a far higher cap.
- Every employee is a process that works the products of their own cases in order of
  priority and age, at the pace of their direct hours of that week (zero when absent or on
  leave). Effort scatters around the norm, with complexity and inexperience.
So backlog, lead times and lateness follow from capacity against inflow; none is drawn.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import simpy

from pipelines import schema
from pipelines.generator import config
from pipelines.generator.organisation import Organisation
from pipelines.generator.worktime import WorkCalendar

ASSIGN_ACTIVITY = "toewijzing"
NEVER = math.inf
SPECIALIST_FIRST = (
    "complexe doelgroepen",
    "VA-beslissen",
    "Dublin",
    "nareis",
    "naturalisatie",
    "AA-beslissen",
    "regulier",
)
ACTIVITIES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            schema.ACTIVITY_RECEIPT,
            ASSIGN_ACTIVITY,
            schema.ACTIVITY_SUSPENSION,
            schema.ACTIVITY_REOPEN,
            *(step.activity for route in config.ROUTES for step in route.steps),
        ]
    )
)
LIFECYCLES: tuple[str, ...] = (
    schema.LIFECYCLE_COMPLETE,
    schema.LIFECYCLE_ASSIGN,
    schema.LIFECYCLE_START,
    schema.LIFECYCLE_SUSPEND,
    schema.LIFECYCLE_RESUME,
)
_ACTIVITY = {name: code for code, name in enumerate(ACTIVITIES)}
_LIFECYCLE = {name: code for code, name in enumerate(LIFECYCLES)}
_PRIORITY = {"spoed": 0, "normaal": 1}


@dataclass
class Task:
    case: int
    activity: str
    effort_minutes: float  # before the employee's experience factor
    norm_minutes: float  # what completing it takes off the owner's stock
    done: simpy.Event
    taken: bool = False  # an employee has started it: a reassignment must not hand it over


@dataclass
class EventLog:
    """Events as parallel lists (cheap to append), turned into a frame at the end."""

    case: list[int] = field(default_factory=list)
    activity: list[int] = field(default_factory=list)
    lifecycle: list[int] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    employee: list[int] = field(default_factory=list)
    effort: list[float] = field(default_factory=list)

    def add(
        self,
        case: int,
        activity: str,
        lifecycle: str,
        time: float,
        employee: int,
        effort: float = math.nan,
    ) -> None:
        self.case.append(case)
        self.activity.append(_ACTIVITY[activity])
        self.lifecycle.append(_LIFECYCLE[lifecycle])
        self.time.append(time)
        self.employee.append(employee)
        self.effort.append(effort)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "case_index": np.array(self.case, dtype=np.int64),
                "activity": pl.Series(self.activity, dtype=pl.UInt8).replace_strict(
                    dict(enumerate(ACTIVITIES)), return_dtype=pl.String
                ),
                "lifecycle": pl.Series(self.lifecycle, dtype=pl.UInt8).replace_strict(
                    dict(enumerate(LIFECYCLES)), return_dtype=pl.String
                ),
                "time": np.array(self.time),
                "employee_index": np.array(self.employee, dtype=np.int64),
                "effort_minutes": np.array(self.effort),
            }
        )


def _between(bounds: tuple[int, int], draw: float) -> int:
    """A whole number of days from `bounds` (both inclusive), given a uniform draw."""
    low, high = bounds
    return low + int(draw * (high - low + 1))


class UnitSimulation:
    """Simulates one unit from the opening stock to the end date."""

    def __init__(
        self,
        organisation: Organisation,
        cases: pl.DataFrame,
        calendar: WorkCalendar,
        rng: np.random.Generator,
    ) -> None:
        self.organisation = organisation
        self.calendar = calendar
        self.rng = rng
        self.env = simpy.Environment()
        self.log = EventLog()
        self.horizon = float(calendar.day_count)
        self.first_working_day = calendar.day_index(config.PERIOD_START)

        employees = organisation.employees
        self.rate = organisation.daily_direct_minutes(calendar)
        self.rate[:, : self.first_working_day] = 0.0
        self.cumulative = np.concatenate(
            [np.zeros((len(employees), 1)), np.cumsum(self.rate, axis=1)], axis=1
        )
        day_dates = calendar.days
        started = np.array([np.datetime64(e.started_on, "D") for e in employees])
        self.first_day = np.searchsorted(day_dates, started)
        self.leave_day = np.array(
            [
                calendar.day_index(e.left_on) - config.WORKING_DAYS_PER_WEEK
                if e.left_on
                else calendar.day_count + 1
                for e in employees
            ]
        )
        self.started_days = (day_dates[0] - started).astype("int64")  # days employed on day 0
        weekly_direct = 36.0 * 0.79 * 0.71 * 60.0  # norm minutes a full fte does in a week
        self.cap = np.array(
            [config.STOCK_CAP_WEEKS * weekly_direct * e.fte * e.stock_multiple for e in employees]
        )
        self.load = np.zeros(len(employees))
        self.leaving = np.zeros(len(employees), dtype=bool)
        # Each employee's own work: a heap of (priority, received, sequence, task), and the
        # event an idle employee waits on (cheaper than a simpy store, same order).
        self.work_heaps: list[list[tuple[int, float, int, Task]]] = [[] for _ in employees]
        self.idle: list[simpy.Event | None] = [None] * len(employees)
        self.owned: list[set[int]] = [set() for _ in employees]
        self.candidates: dict[tuple[str, str], list[int]] = {}
        for e in employees:
            for competence in e.competences:
                self.candidates.setdefault((e.location_id, competence), []).append(e.index)

        self.cases = cases
        self.location = cases["location_id"].to_list()
        self.competence = cases["competence"].to_list()
        self.priority = cases["priority"].to_list()
        self.received_t = cases["received_t"].to_list()
        n = cases.height
        self.owner = np.full(n, -1, dtype=np.int64)
        self.remaining = np.zeros(n)
        self.pending: list[Task | None] = [None] * n
        self.owner_event: list[simpy.Event | None] = [None] * n
        self.queues: dict[tuple[str, str], list[tuple[int, float, int]]] = {}
        self.routes = {route.route: route for route in config.ROUTES}
        self.sequence = 0
        self.norm_changes = [
            (change, calendar.day_index(change.changed_on)) for change in config.NORM_CHANGES
        ]
        most_steps = max(len(route.steps) for route in config.ROUTES) + 1
        self.uniforms = rng.random((n, 6 * most_steps + 2)).tolist()
        self.scatter = np.exp(rng.normal(0.0, config.EFFORT_SIGMA, (n, most_steps))).tolist()

    # --- running -------------------------------------------------------------------------------
    def run(self) -> pl.DataFrame:
        columns = ("route", "case_type", "complexity", "priority", "held", "received_t")
        rows = self.cases.select("case_index", *columns).iter_rows()
        for case, route, case_type, complexity, priority, held, received_t in rows:
            self.env.process(
                self._case(
                    case, self.routes[route], case_type, complexity, priority, held, received_t
                )
            )
        for employee in self.organisation.employees:
            self.env.process(self._employee(employee.index))
            if employee.left_on:
                self.env.process(self._departure(employee.index))
        self.env.process(self._verdeelstation())
        self.env.run(until=self.horizon)
        return self.log.frame()

    # --- cases ---------------------------------------------------------------------------------
    def _case(self, case, route, case_type, complexity, priority, held, received_t):
        env = self.env
        # Every random number of a case is drawn up front (one call per unit, not per step):
        # much faster, and the draws stay tied to the case whatever the event order.
        uniform = iter(self.uniforms[case]).__next__
        scatter = iter(self.scatter[case]).__next__
        yield env.timeout(received_t)
        self.log.add(case, schema.ACTIVITY_RECEIPT, schema.LIFECYCLE_COMPLETE, env.now, -1)
        norms = [self._norm(step.activity, case_type) for step in route.steps]
        self.remaining[case] = sum(norms)
        self._queue(case, self.location[case], self.competence[case])
        complexity_factor = config.COMPLEXITY_EFFORT[complexity]
        for position, (step, norm) in enumerate(zip(route.steps, norms, strict=True)):
            if held and position == 1:
                return  # held for country policy: stays open, in its owner's stock
            yield env.timeout(_between(step.wait_days, uniform()) + uniform() * 0.5)
            if uniform() < step.suspension_probability:
                yield from self._suspension(case, _between(step.suspension_days, uniform()))
            effort = self._true_effort(step.activity, case_type, norm) * scatter()
            effort *= complexity_factor
            yield from self._work(case, step.activity, effort, norm, priority)
            if uniform() < step.rework_probability:
                yield env.timeout(_between(config.REWORK_WAIT_DAYS, uniform()))
                share = config.REWORK_EFFORT_SHARE
                yield from self._work(case, step.activity, effort * share, 0.0, priority)
        if uniform() < config.REOPEN_PROBABILITY:
            yield env.timeout(_between(config.REOPEN_WAIT_DAYS, uniform()))
            owner = int(self.owner[case])
            self.log.add(case, schema.ACTIVITY_REOPEN, schema.LIFECYCLE_COMPLETE, env.now, owner)
            norm = self._norm(schema.ACTIVITY_DECISION, case_type)
            self.remaining[case] = norm
            if owner >= 0 and not self.leaving[owner]:
                self.owned[owner].add(case)
                self.load[owner] += norm
            else:
                self.owner[case] = -1
                self._queue(case, self.location[case], self.competence[case])
            effort = self._true_effort(schema.ACTIVITY_DECISION, case_type, norm) * scatter()
            yield from self._work(case, schema.ACTIVITY_DECISION, effort, norm, priority)

    def _suspension(self, case: int, days: int):
        owner = int(self.owner[case])
        self.log.add(
            case, schema.ACTIVITY_SUSPENSION, schema.LIFECYCLE_SUSPEND, self.env.now, owner
        )
        yield self.env.timeout(days)
        owner = int(self.owner[case])
        self.log.add(case, schema.ACTIVITY_SUSPENSION, schema.LIFECYCLE_RESUME, self.env.now, owner)

    def _work(self, case: int, activity: str, effort: float, norm: float, priority: str):
        while self.owner[case] < 0:
            event = self.env.event()
            self.owner_event[case] = event
            yield event
        task = Task(case, activity, effort, norm, self.env.event())
        self.pending[case] = task
        self._hand_over(task, priority)
        yield task.done
        self.pending[case] = None

    def _hand_over(self, task: Task, priority: str) -> None:
        self.sequence += 1
        received_t = self.received_t[task.case]
        item = (_PRIORITY[priority], received_t, self.sequence, task)
        employee = int(self.owner[task.case])
        heapq.heappush(self.work_heaps[employee], item)
        waiting = self.idle[employee]
        if waiting is not None:
            self.idle[employee] = None
            waiting.succeed()

    def _norm(self, activity: str, case_type: str) -> float:
        return float(config.NORM_MINUTES[(activity, case_type)])

    def _true_effort(self, activity: str, case_type: str, norm: float) -> float:
        """Effort the product really takes (before experience): the norm, or the planted
        multiple of it; a norm change moves both. The caller adds the scatter."""
        planted = config.PLANTED
        if (activity, case_type) == (planted.tight_norm_activity, planted.tight_norm_case_type):
            norm *= planted.tight_norm_effort_multiple
        for change, change_day in self.norm_changes:
            if (activity, case_type) == (change.activity, change.case_type) and (
                self.env.now >= change_day
            ):
                norm = change.new_minutes
        return norm

    # --- verdeelstation ------------------------------------------------------------------------
    def _queue(self, case: int, location: str, competence: str) -> None:
        priority = _PRIORITY[self.priority[case]]
        received_t = self.received_t[case]
        self.queues.setdefault((location, competence), []).append((priority, received_t, case))

    def _verdeelstation(self):
        day = self.first_working_day
        while day < self.horizon:
            yield self.env.timeout(day + 0.02 - self.env.now)
            self._distribute(day)
            day += 1

    def _distribute(self, day: int) -> None:
        order = {competence: rank for rank, competence in enumerate(SPECIALIST_FIRST)}
        keys = sorted(
            (key for key, waiting in self.queues.items() if waiting),
            key=lambda key: (key[0], order.get(key[1], 99)),
        )
        for key in keys:
            waiting = self.queues[key]
            waiting.sort()
            people = [
                e
                for e in self.candidates.get(key, [])
                if self.rate[e, day] > 0 and not self.leaving[e] and self.first_day[e] <= day
            ]
            taken = 0
            while taken < len(waiting) and people:
                relative = [self.load[e] / self.cap[e] for e in people]
                best = int(np.argmin(relative))
                if relative[best] >= 1.0:
                    break
                case = waiting[taken][2]
                taken += 1
                self._assign(case, people[best])
            del waiting[:taken]

    def _assign(self, case: int, employee: int) -> None:
        self.owner[case] = employee
        self.owned[employee].add(case)
        self.load[employee] += self.remaining[case]
        self.log.add(case, ASSIGN_ACTIVITY, schema.LIFECYCLE_ASSIGN, self.env.now, employee)
        task = self.pending[case]
        if task is not None and not task.taken:
            self._hand_over(task, self.priority[case])
        event = self.owner_event[case]
        if event is not None:
            self.owner_event[case] = None
            event.succeed()

    # --- employees -----------------------------------------------------------------------------
    def _employee(self, employee: int):
        env = self.env
        while True:
            while not self.work_heaps[employee]:
                self.idle[employee] = env.event()
                yield self.idle[employee]
            _, _, _, task = heapq.heappop(self.work_heaps[employee])
            task.taken = True
            start = self._first_free_moment(employee, env.now)
            if start >= self.horizon:
                return
            if start > env.now:
                yield env.timeout(start - env.now)
            effort = task.effort_minutes * self._slowness(employee, start)
            finish = min(self._after_work(employee, start, effort), float(self.leave_day[employee]))
            finish = max(finish, start + 0.001)
            self.log.add(task.case, task.activity, schema.LIFECYCLE_START, start, employee)
            yield env.timeout(finish - env.now)
            self.log.add(
                task.case, task.activity, schema.LIFECYCLE_COMPLETE, finish, employee, round(effort)
            )
            self.load[employee] -= task.norm_minutes
            self.remaining[task.case] -= task.norm_minutes
            if task.activity == schema.ACTIVITY_DECISION:
                self.owned[employee].discard(task.case)
                self.load[employee] -= self.remaining[task.case]
                self.remaining[task.case] = 0.0
            task.done.succeed()

    def _position(self, employee: int, time: float) -> float:
        day = min(int(time), self.rate.shape[1] - 1)
        return self.cumulative[employee, day] + (time - day) * self.rate[employee, day]

    def _time_at(self, employee: int, position: float) -> float:
        cumulative = self.cumulative[employee]
        if position >= cumulative[-1]:
            return NEVER
        day = int(np.searchsorted(cumulative, position, side="right")) - 1
        return day + (position - cumulative[day]) / self.rate[employee, day]

    def _first_free_moment(self, employee: int, time: float) -> float:
        if time < self.rate.shape[1] and self.rate[employee, int(time)] > 0:
            return time
        return max(time, self._time_at(employee, self._position(employee, time)))

    def _after_work(self, employee: int, start: float, minutes: float) -> float:
        return self._time_at(employee, self._position(employee, start) + minutes)

    def _slowness(self, employee: int, time: float) -> float:
        weeks = (self.started_days[employee] + time * 7 / 5) / 7
        ramp = max(0.0, 1.0 - weeks / config.NEW_HIRE_RAMP_WEEKS)
        return 1.0 + (config.NEW_HIRE_SLOWNESS - 1.0) * ramp

    def _departure(self, employee: int):
        """A week before leaving, the employee's open cases go back to te plannen."""
        yield self.env.timeout(max(0.0, self.leave_day[employee] - 0.5))
        self.leaving[employee] = True
        self.work_heaps[employee].clear()
        for case in sorted(self.owned[employee]):
            self.owner[case] = -1
            # An assign without an employee: the case is te plannen again.
            self.log.add(case, ASSIGN_ACTIVITY, schema.LIFECYCLE_ASSIGN, self.env.now, -1)
            self._queue(case, self.location[case], self.competence[case])
        self.owned[employee].clear()
        self.load[employee] = 0.0
