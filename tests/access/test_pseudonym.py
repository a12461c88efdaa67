"""Pseudonyms: stable, keyed, and the key never comes from the repository."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dashboard.access.pseudonym import (
    PseudonymKeyError,
    load_pseudonym_key,
    pseudonym,
)
from dashboard.access.settings import AccessSettings
from pipelines.settings import PROJECT_ROOT
from tests.access.conftest import KEY


def test_known_value_from_openssl() -> None:
    # echo -n E0001 | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    assert pseudonym("E0001", KEY) == "MW-CDF5039EA9"
    assert pseudonym("E0002", KEY) == "MW-374440C192"


def test_stable_and_keyed() -> None:
    assert pseudonym("E0001", KEY) == pseudonym("E0001", KEY)
    assert pseudonym("E0001", KEY) != pseudonym("E0001", b"another key of at least 32 bytes!")
    assert pseudonym("E0001", KEY) != pseudonym("E0002", KEY)


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STURING_PSEUDONYM_KEY", "k" * 32)
    assert load_pseudonym_key(AccessSettings(), local_mode=False, data_dir=tmp_path) == b"k" * 32
    monkeypatch.setenv("STURING_PSEUDONYM_KEY", "short")
    with pytest.raises(PseudonymKeyError, match="te kort"):
        load_pseudonym_key(AccessSettings(), local_mode=False, data_dir=tmp_path)


def test_key_file_outside_the_repository(tmp_path: Path) -> None:
    key_file = tmp_path / "sturing.key"
    key_file.write_text("f" * 40 + "\n", encoding="utf-8")
    settings = AccessSettings(pseudonym_key_file=key_file)
    assert load_pseudonym_key(settings, local_mode=False, data_dir=tmp_path) == b"f" * 40
    inside = AccessSettings(pseudonym_key_file=PROJECT_ROOT / "config" / "sturing.key")
    with pytest.raises(PseudonymKeyError, match="staat in de repository"):
        load_pseudonym_key(inside, local_mode=False, data_dir=tmp_path)
    missing = AccessSettings(pseudonym_key_file=tmp_path / "absent.key")
    with pytest.raises(PseudonymKeyError, match="niet leesbaar"):
        load_pseudonym_key(missing, local_mode=False, data_dir=tmp_path)


def test_deployment_without_key_refuses(tmp_path: Path) -> None:
    with pytest.raises(PseudonymKeyError, match="zet STURING_PSEUDONYM_KEY"):
        load_pseudonym_key(AccessSettings(), local_mode=False, data_dir=tmp_path)


def test_local_mode_generates_one_private_key_and_keeps_it(tmp_path: Path) -> None:
    first = load_pseudonym_key(AccessSettings(), local_mode=True, data_dir=tmp_path / "var")
    again = load_pseudonym_key(AccessSettings(), local_mode=True, data_dir=tmp_path / "var")
    assert first == again
    assert len(first) == 64
    mode = stat.S_IMODE((tmp_path / "var" / "pseudonym.key").stat().st_mode)
    assert mode == 0o600
    other = load_pseudonym_key(AccessSettings(), local_mode=True, data_dir=tmp_path / "elsewhere")
    assert other != first


def test_demo_key_location_is_git_ignored() -> None:
    ignored = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "var/" in ignored
