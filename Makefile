# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run    set up, build the demo warehouse if it is missing, start the dashboard
#   make test   set up, run the whole test suite
# Python packages come from uv.lock (pinned); uv itself is pinned below.

PYTHON     ?= python3
UV_VERSION := 0.13.8
TOOLS      := .tools
UV         := $(TOOLS)/bin/uv
VENV       := .venv
PY         := $(VENV)/bin/python
DATA_DIR   ?= var
WAREHOUSE  ?= $(DATA_DIR)/warehouse.duckdb
PORT       ?= 8501

export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Byte-compile at install: every fresh process (a load, a benchmark run) would otherwise
# compile what it imports, a second and more per process where .pyc files are not written.
export UV_COMPILE_BYTECODE := 1

.PHONY: setup run demo test lint bench bench-tiny clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-groups
	@touch $@

setup: $(VENV)/.synced

$(WAREHOUSE): | setup
	$(PY) -m pipelines demo --db $(WAREHOUSE)

demo: $(WAREHOUSE)

run: setup $(WAREHOUSE)
	$(PY) -m pipelines refresh --db $(WAREHOUSE)
	DASHBOARD_WAREHOUSE=$(abspath $(WAREHOUSE)) STURING_DEMO_MODE=1 \
		$(VENV)/bin/streamlit run dashboard/app.py --server.address 127.0.0.1 \
		--server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup
	$(PY) -m tests.benchmarks --size large

bench-tiny: setup
	$(PY) -m tests.benchmarks --size tiny

clean:
	rm -rf $(VENV) $(TOOLS) $(DATA_DIR)
