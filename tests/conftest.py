"""Fixtures for every test: the app's pages run in the local demo mode, asked for explicitly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Opt into the local demo mode (no login) as `make run` does: STURING_DEMO_MODE=1 on a
    server that listens on 127.0.0.1 only. Tests of the refusals undo either part."""
    monkeypatch.setenv("STURING_DEMO_MODE", "1")
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)
