# Jiandu: `make demo` sets up and serves the demo city (runtime dependencies only); `make test` sets up
# the development tools too and runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUNTIME_STAMP := $(VENV)/.runtime-stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install install-runtime demo test test-sqlite test-postgres lint format typecheck browser bench clean

# Runtime dependencies only (what `make demo` needs); the development tools come with `install`.
$(RUNTIME_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install-runtime: $(RUNTIME_STAMP)

install: $(STAMP)

demo: install-runtime
	$(BIN)/jiandu demo

lint: install
	$(BIN)/ruff check src bench scripts
	$(BIN)/ruff format --check src bench scripts
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_import_graph.py
	JIANDU_ENV=test $(BIN)/python -m django makemigrations --check --dry-run --settings=jiandu.settings

typecheck: install
	JIANDU_ENV=test $(BIN)/mypy src/jiandu

format: install
	$(BIN)/ruff format src bench scripts
	$(BIN)/ruff check --fix src bench scripts

browser:
	@bash scripts/ensure-test-tools

test-sqlite: install browser
	JIANDU_ENV=test DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q

test-postgres: install browser
	bash scripts/test-postgres "$(PG_URL)"

test: lint typecheck test-sqlite test-postgres

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var build src/*.egg-info
