# Two commands set everything up: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: MkDocs dates the sitemap (and its gzip header) from SOURCE_DATE_EPOCH;
# default to the last commit's time so the same commit always builds byte-identical site/.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: bench site build generate serve check test lint format clean help schema new-explainer new-question newsletter

help:
	@echo "make site    build the site into site/ (creates $(VENV) on first run)"
	@echo "make serve   live preview at http://127.0.0.1:8000"
	@echo "make check   validate content/ only (STRICT=1 turns warnings into errors)"
	@echo "make newsletter ITEMS='q:id x:id' [INTRO='...'] [OUT=newsletter/newsletter.html]"
	@echo "make new-explainer ID=...             add content/explainers/ID.yml (a skeleton)"
	@echo "make new-question EXPLAINER=... ID=... add a question skeleton to an explainer"
	@echo "make schema  regenerate schema/content.schema.json from the model"
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

# make serve rebuilds only the pages the generator rewrote (--dirty: a preview, its search index
# holds only rebuilt pages; make site is always a full build). SERVE_FLAGS= for full rebuilds.
SERVE_FLAGS ?= --dirty --no-strict
serve: $(RUNTIME)
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000 $(SERVE_FLAGS)

# Benchmarks (README, "Benchmarks"); never part of make test.
SIZES ?= 1000 5000
RUNS ?= 3
bench: $(RUNTIME)
	$(PY) bench/run.py --sizes "$(SIZES)" --runs $(RUNS) --serve-flags "$(SERVE_FLAGS)" $(BENCH_ARGS)

# One email-ready issue (HTML + text part) from chosen questions (q:id) and explainers (x:id).
OUT ?= newsletter/newsletter.html
newsletter: $(RUNTIME)
	@test -n "$(ITEMS)" || { echo "usage: make newsletter ITEMS='q:question-id x:explainer-id' [INTRO='...'] [TITLE='...']"; exit 2; }
	$(PY) -m generator newsletter $(ITEMS) --intro "$(INTRO)" --title "$(TITLE)" --out "$(OUT)"

check: $(RUNTIME)
	$(PY) -m generator check $(if $(STRICT),--strict,)

schema: $(RUNTIME)
	$(PY) -m generator schema

new-explainer: $(RUNTIME)
	@test -n "$(ID)" || { echo "usage: make new-explainer ID=explainer-id"; exit 2; }
	$(PY) -m generator new explainer "$(ID)"

new-question: $(RUNTIME)
	@test -n "$(EXPLAINER)" -a -n "$(ID)" || { echo "usage: make new-question EXPLAINER=explainer-id ID=question-id"; exit 2; }
	$(PY) -m generator new question "$(EXPLAINER)" "$(ID)"

# axe-core for the accessibility tests (tests/browser/package-lock.json); required under CI.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund && touch $@; \
	elif [ -n "$$CI" ]; then echo "npm is required under CI (accessibility tests)" >&2; exit 1; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

test: $(DEV) $(AXE)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(DEV)
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench

format: $(DEV)
	$(VENV)/bin/ruff format generator tests

clean:
	@if [ -x $(PY) ]; then $(PY) -m generator clean; fi
	rm -rf site
