PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-test demo test bench schemas clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

demo: install
	$(BIN)/cyberplan demo

test: install-test
	$(BIN)/python -m pytest

# docs/schemas/: the JSON Schema of every input format (tests/test_schemas.py checks they are current)
schemas: install
	$(BIN)/cyberplan schema --output-dir docs/schemas

bench: install
	$(BIN)/python bench/assess_bench.py
	$(BIN)/python bench/plan_bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
