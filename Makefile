# The README's two commands: `make book` (the report) and `make test` (what CI runs).
PYTHON := .venv/bin/python
SEEDS ?= $(ANALYSIS_SEEDS)
SEEDS_ARG := $(if $(SEEDS),--seeds $(SEEDS),)

.PHONY: book tables test lint clean setup

setup:
	@bash scripts/setup.sh

## book: build the report. Until the chapters land, this writes the corpus tables to _build/tables.
book: tables

tables: setup
	$(PYTHON) -m analysis tables --out _build/tables $(SEEDS_ARG)

lint: setup
	$(PYTHON) -m ruff check analysis tests scripts

test: setup lint
	$(PYTHON) -m pytest -q

clean:
	rm -rf _build .cache
