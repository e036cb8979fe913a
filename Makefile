# Hòa Nhập — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PERSONS ?= 3000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: demo test install install-dev migrate seed serve demo-reset lint format messages check-migrations ci clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $$(scripts/find-python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	scripts/install-system-packages.sh
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

# Loads the units and the demo register once (an existing register is kept).
seed: migrate
	@if $(PY) manage.py shell -c "from registry.models import Person; raise SystemExit(0 if Person.objects.exists() else 1)" 2>/dev/null; \
	then echo "Demo data already loaded (make demo-reset to start again)."; \
	else $(PY) manage.py seed_demo --persons $(PERSONS); fi

serve: install
	$(PY) manage.py runserver $(HOST):$(PORT)

## make demo: install, migrate, load units and demo data with role accounts, serve the UI
demo: seed serve

demo-reset:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(MAKE) seed

## make test: install and run the whole suite (SQLite unless DATABASE_URL says otherwise)
test: $(VENV)/.installed-dev
	DJANGO_ENV=test $(PY) -m pytest -q

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check-migrations: $(VENV)/.installed-dev
	DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run

messages:
	for app in registry policies cases api; do scripts/makemessages.sh $$app; done
	registry/documents/makemessages.sh

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
