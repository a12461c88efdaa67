"""The start-up import thread: runs once per server process and imports what it names."""

import sys
from pathlib import Path

import streamlit as st

from dashboard import warmup


def test_warmup_imports_its_modules_once_per_process():
    st.cache_resource.clear()
    thread = warmup.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert all(name in sys.modules for name in warmup.MODULES)
    assert warmup.start() is thread  # a second run of the app starts no second thread


def test_app_starts_the_warmup():
    app = Path(warmup.__file__).with_name("app.py").read_text(encoding="utf-8")
    assert "warmup.start()" in app
