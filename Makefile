# The two commands of the README: `make run` and `make test`. Both start from a bare clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e lint format bench messages makemessages python-ok clean

python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Nianbao needs Python 3.11 or newer; '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
	  echo "Install a newer Python and run, for example: make run PYTHON=python3.12"; exit 1; }

$(BIN)/python: | python-ok
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.runtime

messages: $(VENV)/.runtime
	@command -v msgfmt >/dev/null || { \
	  echo "msgfmt was not found: install GNU gettext (Debian/Ubuntu: apt-get install gettext)."; exit 1; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v0

run: $(VENV)/.runtime messages
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v0
	DEBUG=1 $(BIN)/python manage.py loaddemo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite; browser tests skip, saying why, where no Chromium is installed.
# --ds: the tests' settings even when the shell exports DJANGO_SETTINGS_MODULE.
test: $(VENV)/.dev messages
	$(BIN)/pytest --ds=config.test_settings $(PYTEST_ARGS)

# Browser tests: Playwright driving the system's Chromium (Debian package `chromium`).
e2e: $(VENV)/.dev messages
	$(BIN)/pytest --ds=config.test_settings -m browser

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

makemessages: $(VENV)/.runtime
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
