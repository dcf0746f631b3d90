# The README's two commands: `make run` (the dashboard on the default scenario)
# and `make test` (lint, types and the whole test suite). Both build the venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint fuzz clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench,cluster]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/surgedesk

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The long fuzz job: 1,200 mutated scenario files and 1,200 drill files (FUZZ_EXAMPLES=N for
# more); its figures go to fuzz-report.json and are recorded in RELIABILITY.md.
fuzz: $(BIN)/.installed
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1200} FUZZ_REPORT=fuzz-report.json \
		$(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py
	cat fuzz-report.json

bench: $(BIN)/.installed
	$(BIN)/python -m bench.engine_vs_simpy

clean:
	rm -rf $(VENV) build *.egg-info
