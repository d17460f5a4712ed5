# Kenes: `make run` starts the bot (the local playground when no token is set),
# `make test` runs the whole suite. Both create .venv and install uv.lock on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# uv installs the exact versions of uv.lock (`make lock` refreshes it from pyproject.toml). It
# is itself pinned and bootstrapped into .venv with pip, so Python 3.11 is all a machine needs.
UV_VERSION := 0.13.9
UV := $(BIN)/uv
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
# Python keeps compiled modules in __pycache__ (git-ignored) even where the environment says
# not to: without them every process (each test worker, each `kenes run` a test starts)
# compiles the same ~800 modules again, ~4 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock | cksum | cut -d' ' -f1)
PYBABEL := $(BIN)/pybabel
LOCALES := locales
BABEL_KEYWORDS := -k _:1,1t -k _:1,2 -k __
# Tests wait on the bot and the emulator more than they compute: two workers per core.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))

.PHONY: run test lint format locales compile-locales bench clean lock

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Kenes needs Python 3.11 or newer (found $(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --locked: stop, rather than install something else, when uv.lock is not in sync with
# pyproject.toml (run `make lock` after changing the dependencies).
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra dev
	rm -f $(VENV)/.installed-*
	touch $@

# Resolve pyproject.toml again: new dependencies are added, the versions locked stay, unless
# UPGRADE=all (every package to its newest version allowed) or UPGRADE="holidays ..." (those).
lock: | $(UV)
	$(UV) lock $(if $(filter all,$(UPGRADE)),--upgrade,$(UPGRADE:%=--upgrade-package %))

compile-locales: $(STAMP)
	$(PYBABEL) compile --statistics -d $(LOCALES) -D messages

run: $(STAMP) compile-locales
	$(BIN)/kenes run --playground-without-token

test: $(STAMP) compile-locales
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract msgids from the code, merge them into both catalogs, generate the Latin-alphabet
# Kazakh catalog from the Kazakh one, compile.
locales: $(STAMP)
	$(PYBABEL) extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output --no-wrap \
		--project=Kenes --copyright-holder=Kenes -o $(LOCALES)/messages.pot .
	for lang in kk ru; do \
		$(PYBABEL) update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages -l $$lang \
			--init-missing --no-fuzzy-matching --ignore-obsolete --no-wrap \
			--ignore-pot-creation-date || exit 1; \
	done
	$(BIN)/python -m bot.latin_catalog
	$(PYBABEL) compile --statistics -d $(LOCALES) -D messages

bench: $(STAMP) compile-locales
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
