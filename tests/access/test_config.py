"""The access file: parsing, validation with one-line Dutch errors, the example file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.access.config import (
    AccessConfigError,
    Role,
    Scope,
    load_access_config,
    parse_access_config,
)
from dashboard.access.settings import CONFIG_DIR


def test_example_file_is_valid_and_covers_every_role() -> None:
    config = load_access_config(CONFIG_DIR / "access.example.yaml")
    assert config.minimum_group_size == 5
    roles = {scope.role for user in config.users.values() for scope in user.scopes}
    assert roles == set(Role)


def test_user_with_several_scopes_and_case_insensitive_identity() -> None:
    config = parse_access_config(
        {
            "minimum_group_size": 7,
            "users": {
                "A.deVries@Example.org": {
                    "name": "A. de Vries",
                    "scopes": [
                        {"role": "teammanager", "teams": ["T1", "T2"]},
                        {"role": "medewerker", "employee": "E9"},
                    ],
                }
            },
        }
    )
    user = config.user("a.devries@example.org ")
    assert user is not None
    assert user.name == "A. de Vries"
    assert user.scopes == (
        Scope(Role.TEAMMANAGER, frozenset({"T1", "T2"})),
        Scope(Role.MEDEWERKER, frozenset({"E9"})),
    )
    assert config.minimum_group_size == 7
    assert config.user("other@example.org") is None


def test_empty_file_means_nobody_and_default_minimum() -> None:
    config = parse_access_config(None)
    assert config.users == {}
    assert config.minimum_group_size == 5


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"users": {"x@y": {"scopes": [{"role": "baas"}]}}}, "onbekende rol 'baas'"),
        ({"users": {"x@y": {"scopes": [{"role": "teammanager"}]}}}, "heeft 'teams' nodig"),
        ({"users": {"x@y": {"scopes": [{"role": "teammanager", "teams": []}]}}}, "niet leeg"),
        (
            {"users": {"x@y": {"scopes": [{"role": "medewerker", "employee": ["E1", "E2"]}]}}},
            "precies één employee",
        ),
        (
            {"users": {"x@y": {"scopes": [{"role": "management", "teams": ["T1"]}]}}},
            "kent geen sleutel 'teams'",
        ),
        ({"users": {"x@y": {"name": "X"}}}, "heeft 'scopes' nodig"),
        ({"users": {"x@y": {"scopes": "beheerder"}}}, "'scopes' is een lijst"),
        ({"users": {"x@y": {"scopes": ["beheerder"]}}}, "een scope is een mapping"),
        ({"minimum_group_size": 0}, "minimum_group_size moet een geheel getal >= 1"),
        ({"minimum_group_size": "5"}, "minimum_group_size moet een geheel getal >= 1"),
        ({"minimum_group_size": True}, "minimum_group_size moet een geheel getal >= 1"),
        ({"gebruikers": {}}, "onbekende sleutel 'gebruikers'"),
        (
            {"users": {"x@y": {"scopes": [{"role": "beheerder"}]}, "X@Y": {"scopes": []}}},
            "staat twee keer",
        ),
        (["x"], "verwacht een mapping"),
    ],
)
def test_invalid_config_is_refused_with_a_clear_message(raw: object, message: str) -> None:
    with pytest.raises(AccessConfigError, match=message) as error:
        parse_access_config(raw, source="access.yaml")
    assert str(error.value).startswith("access.yaml")
    assert "\n" not in str(error.value)


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(AccessConfigError, match="toegangsbestand niet gevonden"):
        load_access_config(tmp_path / "absent.yaml")
    bad = tmp_path / "access.yaml"
    bad.write_text("users:\n  x: [\n", encoding="utf-8")
    with pytest.raises(AccessConfigError, match=r"access.yaml: geen geldige YAML \(regel"):
        load_access_config(bad)
