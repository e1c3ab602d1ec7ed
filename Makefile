# Two entry points for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.installed-test-stamp

.PHONY: run test test-fast accuracy lint schema bench clean

# Runtime dependencies only (what `make run` needs).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# The test extra on top (pytest, ruff, mypy, hypothesis, jsonschema, dateparser for the benchmark).
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/wikirecords extract raw --out output

# Everything CI runs: lint, types, and every test including the end-to-end ones with real Prefect servers.
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "slow or not slow"

# The edit-test loop: library and schema tests, no Prefect, no output folders (under a minute).
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not flows and not sweep"

# Hand-gold scores (infobox / groups / events) of every gold folder: a report, not a gate.
accuracy: $(TEST_STAMP)
	$(BIN)/python -m tests.tools.accuracy

schema: $(STAMP)
	$(BIN)/python -m schemas.generate

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache
