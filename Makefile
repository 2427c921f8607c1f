# Two commands do everything on a fresh machine: `make run` and `make test`.
# Both create .venv if it is missing and install the project into it first.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python >= 3.12 found: python3.12/3.13 on PATH, else a pyenv-installed one.
PYTHON ?= $(shell for p in python3.12 python3.13 python3 $$HOME/.pyenv/versions/3.12*/bin/python3 $$HOME/.pyenv/versions/3.13*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
SCENARIO ?= baseline
OUT ?= results/$(SCENARIO)

.PHONY: run test setup browser app lint bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.12 found (tried python3.12, python3.13, python3, ~/.pyenv/versions/3.1[23]*)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp is newer than pyproject.toml and constraints.txt once the install has succeeded.
# ".[test]" is every extra (app, cluster, report, ema) and the test tools, at the versions
# the tests ran with (constraints.txt).
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/cogov run $(SCENARIO) --out $(OUT)

# Debian's chromium (driven by Playwright in the UI tests) and a CJK font for Chinese charts.
# Also fetches Solara's front-end assets into .venv (from the npm registry), so needs setup.
browser: setup
	bash scripts/setup-browser.sh $(VENV)

test: setup browser lint
	$(BIN)/python -m pytest

# The trainers' browser app on http://127.0.0.1:8765 (no usage statistics sent).
app: browser
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=False $(BIN)/cogov app

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_sweep.py
	$(BIN)/python benchmarks/bench_app.py

clean:
	rm -rf $(VENV) results test-output .pytest_cache
