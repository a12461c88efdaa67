"""Plan: sturingsdoelen per unit, period and indicator; a change is a new version."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from dashboard.pdca.store import Store, new_id, utc_now
from dashboard.pdca.validation import MAX_SHORT_TEXT_CHARS, MAX_TEXT_CHARS, validate

UnitType = Literal["organisatie", "locatie", "team", "medewerker"]
Direction = Literal["higher", "lower"]
UNIT_TYPES: tuple[str, ...] = ("organisatie", "locatie", "team", "medewerker")
DIRECTION_LABELS = {"higher": "hoger is beter", "lower": "lager is beter"}
MAX_PERIOD_DAYS = 731  # two years: a longer goal cannot be checked in a PDCA cycle
SAVE_ATTEMPTS = 30  # PostgreSQL: retries when concurrent saves pick the same version


@dataclass(frozen=True)
class GoalIndicator:
    """An indicator a goal can be set on: label, unit, plausible range and usual direction."""

    name: str
    label: str
    unit: str
    minimum: float
    maximum: float
    direction: Direction


GOAL_INDICATORS: dict[str, GoalIndicator] = {
    indicator.name: indicator
    for indicator in (
        GoalIndicator("tijdigheid_pct", "Tijdigheid", "%", 0, 100, "higher"),
        GoalIndicator(
            "productie_zaken", "Productie (beslissingen)", "zaken", 0, 1_000_000, "higher"
        ),
        GoalIndicator("doorlooptijd_dagen", "Doorlooptijd (gemiddeld)", "dagen", 0, 3_650, "lower"),
        GoalIndicator("werkvoorraad_zaken", "Werkvoorraad", "zaken", 0, 10_000_000, "lower"),
        GoalIndicator("ouderdom_dagen", "Ouderdom werkvoorraad", "dagen", 0, 3_650, "lower"),
        GoalIndicator(
            "over_termijn_zaken", "Zaken over de termijn", "zaken", 0, 10_000_000, "lower"
        ),
        GoalIndicator(
            "bewerkingstijd_norm_pct", "Bewerkingstijd t.o.v. norm", "%", 0, 1_000, "lower"
        ),
        GoalIndicator("productiviteit_pct", "Productiviteit", "%", 0, 500, "higher"),
        GoalIndicator("directe_uren_pct", "Directe uren", "%", 0, 100, "higher"),
        GoalIndicator("werklast_weken", "Werklast per fte", "weken", 0, 520, "lower"),
        GoalIndicator("verzuim_pct", "Verzuim", "%", 0, 100, "lower"),
        GoalIndicator("herstelwerk_pct", "Herstelwerk (rework)", "%", 0, 100, "lower"),
    )
}


class GoalInput(BaseModel):
    """A goal as entered on the Plan page."""

    unit_type: UnitType = Field(title="Eenheid")
    unit_id: str = Field(title="Naam eenheid", min_length=1, max_length=MAX_SHORT_TEXT_CHARS)
    indicator: str = Field(title="Indicator", min_length=1)
    period_start: date = Field(title="Begin periode")
    period_end: date = Field(title="Einde periode")
    direction: Direction = Field(title="Richting")
    target_value: float = Field(title="Doel", allow_inf_nan=False)
    red_threshold: float = Field(title="Grens rood", allow_inf_nan=False)
    note: str = Field(default="", title="Toelichting", max_length=MAX_TEXT_CHARS)

    @field_validator("unit_id", "note", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("indicator")
    @classmethod
    def _known_indicator(cls, value: str) -> str:
        if value not in GOAL_INDICATORS:
            raise ValueError(f"onbekende indicator {value!r}.")
        return value

    @model_validator(mode="after")
    def _plausible(self) -> GoalInput:
        problems = []
        if self.period_end <= self.period_start:
            problems.append("Einde periode: moet na het begin liggen.")
        elif (self.period_end - self.period_start).days > MAX_PERIOD_DAYS:
            problems.append("Einde periode: een doel loopt hoogstens twee jaar.")
        indicator = GOAL_INDICATORS[self.indicator]
        for label, value in (("Doel", self.target_value), ("Grens rood", self.red_threshold)):
            if not indicator.minimum <= value <= indicator.maximum:
                problems.append(
                    f"{label}: {value:g} {indicator.unit} is onmogelijk voor {indicator.label}"
                    f" (tussen {indicator.minimum:g} en {indicator.maximum:g})."
                )
        if self.direction == "higher" and self.red_threshold > self.target_value:
            problems.append("Grens rood: moet onder het doel liggen als hoger beter is.")
        if self.direction == "lower" and self.red_threshold < self.target_value:
            problems.append("Grens rood: moet boven het doel liggen als lager beter is.")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def goal_key(self) -> str:
        return "|".join(
            (
                self.unit_type,
                self.unit_id,
                self.indicator,
                str(self.period_start),
                str(self.period_end),
            )
        )


def save_goal(store: Store, data: dict[str, Any], set_by: str, withdrawn: bool = False) -> dict:
    """Validate and store `data` as the next version of its goal; returns the stored row.

    Raises InvalidInput with Dutch messages for bad input. Two people saving the same goal at
    once both land, as consecutive versions.
    """
    goal = validate(GoalInput, data)
    for attempt in range(SAVE_ATTEMPTS):
        try:
            with store.transaction() as tx:
                latest = tx.fetch(
                    "select max(version) as version from goals where goal_key = ?", [goal.goal_key]
                )
                row = {
                    "goal_id": new_id(),
                    "goal_key": goal.goal_key,
                    "version": (latest[0]["version"] or 0) + 1,
                    "unit_type": goal.unit_type,
                    "unit_id": goal.unit_id,
                    "indicator": goal.indicator,
                    "period_start": goal.period_start.isoformat(),
                    "period_end": goal.period_end.isoformat(),
                    "direction": goal.direction,
                    "target_value": goal.target_value,
                    "red_threshold": goal.red_threshold,
                    "note": goal.note,
                    "withdrawn": 1 if withdrawn else 0,
                    "set_by": set_by,
                    "set_at": utc_now(),
                }
                tx.insert("goals", row)
            return row
        except Exception as error:
            # On PostgreSQL two concurrent saves can pick the same next version: try again.
            if not store.is_integrity_error(error):
                raise
            time.sleep(0.01 * (attempt + 1))
    raise RuntimeError("doel niet opgeslagen: te veel gelijktijdige wijzigingen")


def withdraw_goal(store: Store, goal: dict[str, Any], set_by: str) -> dict:
    """A new version that withdraws the goal; the history keeps every earlier version."""
    fields = {name: goal[name] for name in GoalInput.model_fields}
    return save_goal(store, fields, set_by, withdrawn=True)


def current_goals(
    store: Store,
    unit_type: str | None = None,
    unit_id: str | None = None,
    on: date | None = None,
) -> list[dict[str, Any]]:
    """The latest version of every goal not withdrawn, optionally for one unit / date."""
    sql = """
        select goals.*
        from goals
        join (select goal_key, max(version) as version from goals group by goal_key) as latest
          on latest.goal_key = goals.goal_key and latest.version = goals.version
        where goals.withdrawn = 0
    """
    params: list[Any] = []
    if unit_type is not None:
        sql += " and goals.unit_type = ?"
        params.append(unit_type)
    if unit_id is not None:
        sql += " and goals.unit_id = ?"
        params.append(unit_id)
    if on is not None:
        sql += " and goals.period_start <= ? and goals.period_end > ?"
        params += [on.isoformat(), on.isoformat()]
    sql += " order by goals.unit_type, goals.unit_id, goals.indicator, goals.period_start"
    return store.fetch(sql, params)


def goal_history(store: Store, goal_key: str) -> list[dict[str, Any]]:
    """Every version of one goal, newest first."""
    return store.fetch("select * from goals where goal_key = ? order by version desc", [goal_key])


def goal_status(goal: dict[str, Any], value: float | None) -> str | None:
    """'groen', 'oranje' or 'rood' for a realised `value`; None when there is no value.

    Green: the target is reached. Red: beyond red_threshold the wrong way. Amber: between.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    sign = 1 if goal["direction"] == "higher" else -1
    if sign * value >= sign * goal["target_value"]:
        return "groen"
    if sign * value < sign * goal["red_threshold"]:
        return "rood"
    return "oranje"
