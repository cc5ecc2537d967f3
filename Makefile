# The set-up contract: `make run` and `make test` work on a fresh clone with only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint eval bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "error: python3.11 not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(STAMP)  ## scan the samples
	$(BIN)/dedupe scan samples/

test: $(DEVSTAMP)  ## the whole suite
	$(BIN)/python -m pytest

lint: $(DEVSTAMP)  ## ruff and mypy
	$(BIN)/ruff check dedupe_cli tests bench evaluation
	$(BIN)/ruff format --check dedupe_cli
	$(BIN)/mypy

eval: $(STAMP)  ## measured quality on ../shared/data
	$(BIN)/python -m evaluation

bench: $(DEVSTAMP)  ## measured speed and memory
	@# compiled as an installed wheel is (PYTHONDONTWRITEBYTECODE would otherwise recompile every run)
	$(BIN)/python -m compileall -q dedupe_cli
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .dedupe_cache .pytest_cache .mypy_cache .ruff_cache
