# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

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
	DEBUG=$${DEBUG:-1} $(PY) manage.py rebuild_index --noinput

run: setup
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST)

## Debian's Chromium for the browser tests (never a browser download)
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core; }

test-deps: $(VENV)/.test-deps chromium

test: test-deps
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var
