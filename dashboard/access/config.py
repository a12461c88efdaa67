"""Who may see what: roles and scopes, read from one YAML file.

The file (default `config/access.yaml`, or the path in STURING_ACCESS_CONFIG) lists each user
by login identity (the e-mail the identity provider returns) with one or more scopes. See
`config/access.example.yaml` for the documented format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

DEFAULT_MINIMUM_GROUP_SIZE = 5


class Role(StrEnum):
    """The roles of the product; the value is the name used in the access file and the UI."""

    MEDEWERKER = "medewerker"  # own figures
    TEAMMANAGER = "teammanager"  # own team(s), employees by name
    LOCATIEHOOFD = "locatiehoofd"  # own location(s), employees pseudonymised
    MANAGEMENT = "management"  # aggregates only, never a group under the minimum size
    BEHEERDER = "beheerder"  # loads, mappings, users, audit; no personal figures


# The key in a scope that names its units, per role; management and beheerder have none.
UNIT_KEY: dict[Role, str | None] = {
    Role.MEDEWERKER: "employee",
    Role.TEAMMANAGER: "teams",
    Role.LOCATIEHOOFD: "locations",
    Role.MANAGEMENT: None,
    Role.BEHEERDER: None,
}


class AccessConfigError(Exception):
    """The access file is missing or wrong; the message names the file and the problem."""


@dataclass(frozen=True)
class Scope:
    """One role held over a set of units (employee ids, team ids or location ids)."""

    role: Role
    units: frozenset[str] = frozenset()

    def describe(self) -> str:
        """Short Dutch label, e.g. 'teammanager (T01, T02)'."""
        if not self.units:
            return self.role.value
        return f"{self.role.value} ({', '.join(sorted(self.units))})"


@dataclass(frozen=True)
class UserAccess:
    """A user of the dashboard and the scopes they hold."""

    identity: str
    name: str
    scopes: tuple[Scope, ...]


@dataclass(frozen=True)
class AccessConfig:
    """The parsed access file."""

    minimum_group_size: int = DEFAULT_MINIMUM_GROUP_SIZE
    users: Mapping[str, UserAccess] = field(default_factory=dict)

    def user(self, identity: str) -> UserAccess | None:
        """The user with this login identity (case-insensitive, as e-mail addresses are)."""
        return self.users.get(identity.strip().lower())


def parse_scope(raw: Any, where: str) -> Scope:
    """One scope from its YAML mapping, e.g. {role: teammanager, teams: [T01]}."""
    if not isinstance(raw, Mapping):
        raise AccessConfigError(f"{where}: een scope is een mapping met 'role'")
    role_name = raw.get("role")
    try:
        role = Role(str(role_name))
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise AccessConfigError(
            f"{where}: onbekende rol {role_name!r} (toegestaan: {allowed})"
        ) from None
    unit_key = UNIT_KEY[role]
    extra = set(raw) - {"role"} - ({unit_key} if unit_key else set())
    if extra:
        raise AccessConfigError(f"{where}: rol {role} kent geen sleutel {sorted(extra)[0]!r}")
    if unit_key is None:
        return Scope(role)
    units = raw.get(unit_key)
    if isinstance(units, str | int):
        units = [units]
    if not isinstance(units, list) or not units:
        raise AccessConfigError(f"{where}: rol {role} heeft '{unit_key}' nodig (niet leeg)")
    if role is Role.MEDEWERKER and len(units) != 1:
        raise AccessConfigError(f"{where}: rol medewerker hoort bij precies één employee")
    names = [str(unit).strip() for unit in units]
    if any(not name for name in names):
        raise AccessConfigError(f"{where}: lege id in '{unit_key}'")
    return Scope(role, frozenset(names))


def parse_access_config(raw: Any, source: str = "access.yaml") -> AccessConfig:
    """The access configuration from the parsed YAML document; one-line error if wrong."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise AccessConfigError(f"{source}: verwacht een mapping met 'users'")
    unknown = set(raw) - {"minimum_group_size", "users"}
    if unknown:
        raise AccessConfigError(f"{source}: onbekende sleutel {sorted(unknown)[0]!r}")
    minimum = raw.get("minimum_group_size", DEFAULT_MINIMUM_GROUP_SIZE)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise AccessConfigError(
            f"{source}: minimum_group_size moet een geheel getal >= 1 zijn, niet {minimum!r}"
        )
    raw_users = raw.get("users") or {}
    if not isinstance(raw_users, Mapping):
        raise AccessConfigError(f"{source}: 'users' is een mapping van login naar scopes")
    users: dict[str, UserAccess] = {}
    for identity, entry in raw_users.items():
        key = str(identity).strip().lower()
        where = f"{source}: gebruiker {identity!r}"
        if key in users:
            raise AccessConfigError(f"{where}: staat twee keer in het bestand")
        if not isinstance(entry, Mapping) or not entry.get("scopes"):
            raise AccessConfigError(f"{where}: heeft 'scopes' nodig (een lijst, niet leeg)")
        unknown_user_keys = set(entry) - {"name", "scopes"}
        if unknown_user_keys:
            raise AccessConfigError(f"{where}: onbekende sleutel {sorted(unknown_user_keys)[0]!r}")
        raw_scopes = entry["scopes"]
        if not isinstance(raw_scopes, list):
            raise AccessConfigError(f"{where}: 'scopes' is een lijst")
        scopes = tuple(
            parse_scope(scope, f"{where}, scope {number}")
            for number, scope in enumerate(raw_scopes, start=1)
        )
        users[key] = UserAccess(identity=key, name=str(entry.get("name") or key), scopes=scopes)
    return AccessConfig(minimum_group_size=minimum, users=users)


def load_access_config(path: Path) -> AccessConfig:
    """Read and validate the access file at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccessConfigError(f"{path}: toegangsbestand niet gevonden") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (regel {mark.line + 1})" if mark is not None else ""
        raise AccessConfigError(f"{path.name}: geen geldige YAML{line}") from None
    return parse_access_config(raw, source=path.name)
