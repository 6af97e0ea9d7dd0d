# The README's two commands: `make book` (the report) and `make test` (what CI runs).
PYTHON := .venv/bin/python
SEEDS ?= $(ANALYSIS_SEEDS)
SEEDS_ARG := $(if $(SEEDS),--seeds $(SEEDS),)
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: book pdf serve watch tables test unit lint strict-book check-pdf book-tests determinism clean setup setup-tex setup-browser

setup:
	@bash scripts/setup.sh

setup-tex:
	@bash scripts/setup.sh tex

setup-browser:
	@bash scripts/setup.sh browser

## book: the HTML report in _build/html (re-executes chapters when code, lexicons or documents changed)
book: setup
	$(PYTHON) scripts/build_book.py html $(SEEDS_ARG)

## pdf: the PDF report in _build/latex/book.pdf (xelatex, Noto CJK fonts)
pdf: setup-tex
	$(PYTHON) scripts/build_book.py pdf $(SEEDS_ARG)

## serve: preview the built site on http://127.0.0.1:8000
serve:
	$(PYTHON) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

## watch: rebuild the HTML on every save and serve it on http://127.0.0.1:8000 (a prose edit: about a second)
watch: setup
	$(PYTHON) scripts/watch_book.py $(SEEDS_ARG)

tables: setup
	$(PYTHON) -m analysis tables --out _build/tables $(SEEDS_ARG)

lint: setup
	$(PYTHON) -m ruff check analysis tests scripts

unit: setup
	$(PYTHON) -m pytest -q -m "not book"

## book-tests: browser, build and hostile-input tests against the built book (Playwright + system Chromium)
book-tests: setup-browser
	$(PYTHON) -m pytest -q -m book tests/book

## determinism: two builds from clean give byte-identical tables and figures
determinism: setup
	$(PYTHON) scripts/check_determinism.py

## strict-book: from clean, nitpicky, every warning an error
strict-book: setup
	rm -rf _build
	$(PYTHON) scripts/build_book.py html --strict $(SEEDS_ARG)

check-pdf: setup-tex
	$(PYTHON) scripts/build_book.py pdf $(SEEDS_ARG)
	$(PYTHON) scripts/check_pdf.py _build/latex/book.pdf

## test: lint, unit tests, the strict HTML build from clean, the PDF and its checks, book tests, determinism
test: lint unit strict-book check-pdf book-tests determinism

clean:
	rm -rf _build .cache
