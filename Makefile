# The help center's commands. `make html` builds every language (or one:
# `make html lang=fr`), `make test` runs the whole test suite. The first run
# creates .venv and installs the pinned dependencies of requirements.lock.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HC      := $(BIN)/helpcenter
lang    ?=
# pytest options, e.g. `make test PYTEST_ARGS="-k switcher"`
PYTEST_ARGS ?=

.PHONY: help html gettext update-po test serve clean venv lock

help:
	@echo "make html [lang=fr]   build the site into _build/html/<lang>/ (all languages by default)"
	@echo "make test             run the whole test suite (builds the site in a temporary folder)"
	@echo "make serve [lang=fr]  live preview on http://127.0.0.1:8000 while you edit"
	@echo "make gettext          extract the English messages into _build/gettext/*.pot"
	@echo "make update-po        refresh every language's catalogs in locales/ from the English pages"
	@echo "make clean            remove _build/"

venv: $(STAMP)

$(STAMP):
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found: install Python 3.11 or newer" >&2; exit 2; }
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

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(HC) serve $(if $(lang),--lang $(lang))

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --all | grep -v '^pip==' > requirements.lock.new
	{ sed -n '1,2p' requirements.lock; cat requirements.lock.new; } > requirements.lock.tmp && mv requirements.lock.tmp requirements.lock && rm requirements.lock.new

clean:
	rm -rf _build
