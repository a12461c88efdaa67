"""Plan: goals are validated, versioned (never overwritten) and coloured."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.pdca.goals import current_goals, goal_history, goal_status, save_goal, withdraw_goal
from dashboard.pdca.store import Store
from dashboard.pdca.validation import InvalidInput

GOAL: dict[str, Any] = {
    "unit_type": "team",
    "unit_id": "T1",
    "indicator": "tijdigheid_pct",
    "period_start": "2026-10-01",
    "period_end": "2027-01-01",
    "direction": "higher",
    "target_value": 80,
    "red_threshold": 60,
    "note": "Afgesproken in het MT",
}


def test_a_changed_goal_is_a_new_version(store: Store) -> None:
    save_goal(store, GOAL, "manager.a")
    save_goal(store, {**GOAL, "target_value": 85}, "manager.b")
    [current] = current_goals(store, "team", "T1")
    assert (current["version"], current["target_value"], current["set_by"]) == (2, 85, "manager.b")
    history = goal_history(store, current["goal_key"])
    assert [(g["version"], g["target_value"]) for g in history] == [(2, 85), (1, 80)]


def test_withdrawn_goal_leaves_current_goals_but_keeps_history(store: Store) -> None:
    saved = save_goal(store, GOAL, "manager.a")
    withdraw_goal(store, saved, "manager.a")
    assert current_goals(store) == []
    assert [g["withdrawn"] for g in goal_history(store, saved["goal_key"])] == [1, 0]


def test_current_goals_on_a_date(store: Store) -> None:
    from datetime import date

    save_goal(store, GOAL, "m")
    save_goal(store, {**GOAL, "period_start": "2027-01-01", "period_end": "2027-04-01"}, "m")
    assert [g["period_start"] for g in current_goals(store, on=date(2026, 11, 15))] == [
        "2026-10-01"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit_id": "  "}, "Naam eenheid: dit veld is verplicht."),
        ({"unit_type": "afdeling"}, "Eenheid: kies een van"),
        ({"indicator": "geluk"}, "Indicator: onbekende indicator 'geluk'."),
        ({"target_value": "veel"}, "Doel: vul een getal in."),
        ({"target_value": 250}, "Doel: 250 % is onmogelijk voor Tijdigheid (tussen 0 en 100)."),
        ({"red_threshold": -5}, "Grens rood: -5 % is onmogelijk"),
        ({"target_value": float("inf")}, "Doel: vul een getal in."),
        ({"red_threshold": 90}, "Grens rood: moet onder het doel liggen als hoger beter is."),
        ({"direction": "lower"}, "Grens rood: moet boven het doel liggen als lager beter is."),
        ({"period_end": "2026-09-01"}, "Einde periode: moet na het begin liggen."),
        ({"period_end": "2030-01-01"}, "Einde periode: een doel loopt hoogstens twee jaar."),
        ({"period_start": "gisteren"}, "Begin periode: vul een datum in."),
        ({"note": "x" * 5001}, "Toelichting: te lang (maximaal 5000 tekens)."),
    ],
)
def test_bad_goal_gives_a_clear_message(store: Store, change: dict, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        save_goal(store, {**GOAL, **change}, "m")
    assert any(m.startswith(message) for m in error.value.messages), error.value.messages
    assert current_goals(store) == []


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("higher", 85, "groen"),
        ("higher", 80, "groen"),
        ("higher", 70, "oranje"),
        ("higher", 60, "oranje"),
        ("higher", 59.9, "rood"),
        ("lower", 30, "groen"),
        ("lower", 40, "groen"),
        ("lower", 45, "oranje"),
        ("lower", 51, "rood"),
        ("higher", None, None),
    ],
)
def test_goal_status(direction: str, value: float | None, expected: str | None) -> None:
    target, red = (80, 60) if direction == "higher" else (40, 50)
    goal = {"direction": direction, "target_value": target, "red_threshold": red}
    assert goal_status(goal, value) == expected
