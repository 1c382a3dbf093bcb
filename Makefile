# Storywall: `make demo` and `make test` are all a fresh machine needs (Python 3.11+, make).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000
# pytest workers for `make test`: one per core (CI has two).
TEST_WORKERS ?= auto

.PHONY: demo test lint typecheck unit bench chaos screens clean help

help:
	@echo "make demo     hub on SQLite + a simulated kiosk + sample data, prints the URLs"
	@echo "make test     ruff, mypy and the whole pytest suite"
	@echo "make bench    benchmarks; table on stdout, bench/results/latest.json"
	@echo "make chaos    the long crash/fault-injection suite"
	@echo "make screens  regenerate docs/screens/*.png"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Storywall needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[kiosk,hub,postgres,dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/storywall demo --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS)

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m bench

# The chaos suite also runs in `make test`, scaled down; here at full size.
chaos: $(STAMP)
	STORYWALL_CHAOS_SCALE=full $(BIN)/pytest tests/chaos -p no:cacheprovider

# Kiosk screens (pygame, headless) and hub pages (headless Chromium).
screens: $(STAMP)
	$(BIN)/python -m tools.screens
	$(BIN)/python -m tools.hub_screens
	$(BIN)/python -m tools.dash_screens
	$(BIN)/python -m tools.wiring

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info demo-data simulate-data
