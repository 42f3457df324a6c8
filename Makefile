# Two commands for a newcomer: `make serve` and `make test`. Each installs what it needs.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1  # Material 9.8 prints an end-of-life banner otherwise
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test lint bench clean chromium pdf

# The virtual environment, rebuilt whenever requirements.txt or pyproject.toml changes: the
# pinned packages, then the project itself, editable (its build plugin, `evidence`, and the
# snippets it imports).
$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

# plotly.js's cartesian bundle (the site serves it), axe-core and Lighthouse (the tests and the
# benchmark use them), pinned in package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

serve: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/mkdocs build --strict

# Debian's Chromium drives the browser tests; never a browser downloaded by a test tool.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium. Install it with:" >&2; \
		echo "    sudo apt-get update && sudo apt-get install -y chromium" >&2; \
		exit 1; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(VENV)/.installed node_modules/.installed chromium lint
	$(PYTHON) -m pytest

bench: $(VENV)/.installed node_modules/.installed chromium
	$(PYTHON) -m bench.run

clean:
	rm -rf site .cache node_modules

# The pages link to the PDF only in a build that is exported to it (WITH_PDF).
pdf: $(VENV)/.installed node_modules/.installed chromium
	WITH_PDF=1 $(VENV)/bin/mkdocs build --strict
	$(PYTHON) -m engine.printing.pdf site
