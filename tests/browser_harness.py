"""What the browser tests share: the real dashboard server and Debian's Chromium.

Playwright drives `/usr/bin/chromium` (its own browser download does not work offline).
Where Chromium is missing the tests skip with the reason, except in CI (`CI` set), where
`.ci/run` installs it and a missing browser is a failure, never a silent pass.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"
# Without the background-networking flags Chromium keeps calling hosts a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dashboard_server(env: dict[str, str], start_timeout_s: float = 60) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port with `env` added; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        # The local demo mode, asked for explicitly as `make run` does; `env` may override it.
        env={**os.environ, "STURING_DEMO_MODE": "1", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout_s
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the dashboard did not start within {start_timeout_s:.0f} seconds")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def chromium_browser() -> Iterator:
    """Headless Debian Chromium under Playwright."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
