# Luoshi: `make run` sets up, ingests seeds/ and serves on http://127.0.0.1:8000/; `make test` sets up and runs the tests.
# Settings come from the environment (see .env.example); a .env file here is read too.
-include .env
export

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
WEB_WORKERS ?= 3
PYTEST_ARGS ?=

.PHONY: install run serve worker test lint golden bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest seeds/
	$(PY) manage.py ensure_local_admin
	$(PY) manage.py runserver $(HOST)

# Production: DEBUG off (SECRET_KEY and ALLOWED_HOSTS must be set, see the README), gunicorn, static files
# collected and served by whitenoise.
serve: install
	DEBUG=false $(PY) manage.py migrate --noinput
	DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=false $(VENV)/bin/gunicorn tracker.wsgi --config python:tracker.gunicorn_conf --bind $(HOST) \
		--workers $(WEB_WORKERS) --timeout 120 \
		--access-logfile - --forwarded-allow-ips '*'

# A task worker (tracker/tasks.py): runs queued uploads, re-links and digests from the database queue. Start one
# or more beside `make serve`, on this machine or any other that reaches the same database.
worker: install
	TASKS_BACKEND=database $(PY) manage.py migrate --noinput
	TASKS_BACKEND=database $(PY) manage.py db_worker --no-reload

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

golden: install
	$(PY) -m tests.test_parser_golden

bench: install
	$(PY) tests/bench/bench_parse.py
	$(PY) tests/bench/bench_ingest.py

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
