"""Fixtures for the access tests: viewers of every role and a fresh PDCA store."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.access.config import Role, Scope
from dashboard.access.scope import Viewer
from dashboard.pdca.store import Store, open_store

KEY = b"0123456789abcdef0123456789abcdef"


def viewer(*scopes: Scope, identity: str = "someone@example.org") -> Viewer:
    return Viewer(identity=identity, name=identity, scopes=scopes, minimum_group_size=5)


MEDEWERKER = viewer(Scope(Role.MEDEWERKER, frozenset({"E1"})), identity="e1@example.org")
TEAMMANAGER = viewer(Scope(Role.TEAMMANAGER, frozenset({"T1"})), identity="tm@example.org")
LOCATIEHOOFD = viewer(Scope(Role.LOCATIEHOOFD, frozenset({"L1"})), identity="lh@example.org")
MANAGEMENT = viewer(Scope(Role.MANAGEMENT), identity="mt@example.org")
BEHEERDER = viewer(Scope(Role.BEHEERDER), identity="admin@example.org")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A migrated SQLite PDCA store in a temporary file: isolates audit and purge tests."""
    return open_store(f"sqlite:///{tmp_path / 'pdca.sqlite'}")
