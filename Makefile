# Kenes: `make run` starts the bot (the local playground when no token is set),
# `make test` runs the whole suite. Both create .venv and install on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYBABEL := $(BIN)/pybabel
LOCALES := locales
BABEL_KEYWORDS := -k _:1,1t -k _:1,2 -k __
# Tests wait on the bot and the emulator more than they compute: two workers per core.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))

.PHONY: run test lint format locales compile-locales bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Kenes needs Python 3.11 or newer (found $(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

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
