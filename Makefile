# The exact commands the README and CI run. Needs only python3 (with venv and pip) and git.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= laborwatch.db
CORPUS ?= examples/corpus

.PHONY: demo test lint install dev assets clean-db

# a fresh virtual environment, created once
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed assets
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# the dashboard's front-end libraries, pinned by package-lock.json and served locally;
# without npm the dashboard still works, without map and charts, and says so
assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the dashboard will run without its map and chart libraries"; fi

dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# ingest the example corpus into ./laborwatch.db and show what it holds;
# exit code 3 (some files failed, each listed with its reason) does not stop the demo
demo: install
	$(BIN)/laborwatch --db $(DB) ingest $(CORPUS) || test $$? -eq 3
	$(BIN)/laborwatch --db $(DB) summary
	@echo
	@echo "Dashboard: $(BIN)/laborwatch --db $(DB) serve   then open http://127.0.0.1:8000/ (works offline)"
	@echo "Report:    $(BIN)/laborwatch --db $(DB) report --out report.html   (one file, opens offline)"

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/

# the whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster on loopback
# (scripts/pg-test-cluster.sh installs Debian's postgresql when it is missing)
test: lint assets
	sh scripts/ensure-chromium.sh
	$(BIN)/pytest
	LABORWATCH_TEST_DB=postgres $(BIN)/pytest

clean-db:
	rm -f $(DB)
