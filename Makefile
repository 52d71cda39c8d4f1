# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
WORKERS ?= 2

.PHONY: run test setup test-deps chromium clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

## Install, migrate, load the demo, build the index, serve http://$(HOST)/
setup: $(VENV)/.run-deps
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py update_index

run: setup
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST)

## The same archive as production runs it: gunicorn, DEBUG off, static files through whitenoise
.PHONY: serve secret-key
serve: export DEBUG = 0
serve: secret-key setup
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec $(VENV)/bin/gunicorn archive.wsgi --workers $(WORKERS) --bind $(HOST) --access-logfile -

secret-key:
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY in the environment (DEBUG is off):" \
		"SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; exit 1; }

## Debian's Chromium for the browser tests (never a browser download)
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core; }

test-deps: $(VENV)/.test-deps chromium

test: test-deps
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var
