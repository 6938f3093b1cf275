# Every target bootstraps .venv on first use, so `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Bytecode caches are written even where the environment says not to: every test process
# (and each bot the tests start) would otherwise compile the whole project again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo tour run admin test lint typecheck unit fuzz bench bench-full faults audit clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m bot demo

tour: $(STAMP)
	$(BIN)/python -m bot demo --script bot/demo_tour.txt

run: $(STAMP)
	$(BIN)/peer-circle run

# Coordinator commands without activating the environment: make admin ARGS="list groups"
admin: $(STAMP)
	$(BIN)/peer-circle admin $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n 4 --dist worksteal

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

bench-full: $(STAMP)
	$(BIN)/python bench/run_all.py --full

# Known vulnerabilities in the installed dependencies (pip-audit; needs PyPI). Exceptions,
# each with its reason: .ci/audit-exceptions.txt.
audit: $(STAMP)
	$(BIN)/python .ci/audit.py

# Telegram and the machine misbehaving, each for a minute (FAULT_SECONDS), four at a time
# (they mostly wait): about 6 minutes; prints a table, also in bench/results/faults.md.
faults: $(STAMP)
	$(BIN)/pytest -n 4 -m faults_long -p no:cacheprovider tests/faults

# The parsers of outside input with thirty times the examples of make test, freshly random
# each run (make test's are the same every run): about 4 minutes.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(BIN)/pytest -n 2 tests/properties

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
