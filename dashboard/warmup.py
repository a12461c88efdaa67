"""Start-up work that no viewer should wait for.

Streamlit imports pandas and pyarrow's compute module for the first `st.dataframe` of a server
process: about a second on the first table page anyone opens (measured on the 26-million-event
warehouse: 1.3 s for that visit against 0.11 s for every later one). A background thread
imports them once, as soon as the server runs the app for the first time.
"""

from __future__ import annotations

import importlib
import threading

import streamlit as st

MODULES = ("pandas", "pyarrow.compute")


@st.cache_resource(show_spinner=False)
def start() -> threading.Thread:
    """Import MODULES in a daemon thread, once per server process; returns that thread."""
    thread = threading.Thread(target=_import_modules, name="import-warmup", daemon=True)
    thread.start()
    return thread


def _import_modules() -> None:
    for name in MODULES:
        importlib.import_module(name)
