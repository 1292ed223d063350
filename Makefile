# Two commands set everything up: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site build generate serve check test lint format clean help

help:
	@echo "make site    build the site into site/ (creates $(VENV) on first run)"
	@echo "make serve   live preview at http://127.0.0.1:8000"
	@echo "make check   validate content/ only (STRICT=1 turns warnings into errors)"
	@echo "make test    run the test suite"
	@echo "make clean   remove generated pages and site/"

$(RUNTIME): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
	  || $(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV): $(RUNTIME) requirements-dev.lock
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	touch $@

site: $(RUNTIME)
	$(MKDOCS) build --strict

build: site

generate: $(RUNTIME)
	$(PY) -m generator build

serve: $(RUNTIME)
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000

check: $(RUNTIME)
	$(PY) -m generator check $(if $(STRICT),--strict,)

test: $(DEV)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(DEV)
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/ruff format --check generator tests

format: $(DEV)
	$(VENV)/bin/ruff format generator tests

clean:
	@if [ -x $(PY) ]; then $(PY) -m generator clean; fi
	rm -rf site
