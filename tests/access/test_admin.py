"""The admin command: retention purge and the deployment check, as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.access.admin import main
from dashboard.access.audit import ACTION_PURGE, audit_entries
from dashboard.pdca.store import Store
from pipelines.settings import PROJECT_ROOT


def test_purge_command_logs_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    assert main(["purge", "--older-than", "730", "--store", url, "--by", "beheer"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Opgeschoond: ouder dan ")
    assert out.rstrip().endswith(
        "0 gesprekken, 0 afspraken, 0 afspraakupdates, 0 auditregels verwijderd."
    )
    entries = audit_entries(Store(url))
    assert [(e["action"], e["viewer_id"]) for e in entries] == [(ACTION_PURGE, "beheer")]


def test_purge_command_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    assert main(["purge", "--older-than", "0", "--store", url]) == 2
    assert capsys.readouterr().err == "Fout: --older-than moet minstens 1 zijn, niet 0\n"
    assert main(["purge", "--older-than", "30", "--store", "mysql://x"]) == 2
    assert "onbekende URL" in capsys.readouterr().err


def test_check_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    example = PROJECT_ROOT / "config" / "access.example.yaml"
    monkeypatch.delenv("STURING_PSEUDONYM_KEY", raising=False)
    assert main(["check", "--config", str(example)]) == 2
    assert "zet STURING_PSEUDONYM_KEY" in capsys.readouterr().err
    monkeypatch.setenv("STURING_PSEUDONYM_KEY", "x" * 40)
    assert main(["check", "--config", str(example)]) == 0
    assert capsys.readouterr().out == (
        f"{example}: 5 gebruikers, minimale groepsgrootte 5; pseudonimiseringssleutel in orde.\n"
    )
    bad = tmp_path / "access.yaml"
    bad.write_text("users:\n  x@y:\n    scopes:\n      - role: baas\n", encoding="utf-8")
    assert main(["check", "--config", str(bad)]) == 2
    assert "onbekende rol 'baas'" in capsys.readouterr().err


def test_runs_as_a_module(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pdca.sqlite'}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.access.admin",
            "purge",
            "--older-than",
            "30",
            "--store",
            url,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Opgeschoond" in done.stdout
