# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
WORKERS ?= 2

.PHONY: run test lint lock setup test-deps chromium clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs from the locks (every package, dependencies too, at one version with its hashes), so a fresh
# clone gets the versions the suite ran with; requirements*.txt are what people edit, `make lock` compiles them.
$(VENV)/.run-deps: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements.lock requirements-test.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

## Compile requirements*.txt into requirements*.lock with pip-tools (in a venv of its own, outside the archive's):
## pins already in a lock are kept; LOCK_FLAGS=--upgrade (or --upgrade-package NAME) moves them on.
PIP_TOOLS := var/pip-tools
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)

$(PIP_TOOLS)/bin/pip-compile:
	$(PYTHON) -m venv $(PIP_TOOLS)
	$(PIP_TOOLS)/bin/pip install --quiet pip-tools==7.6.2

lock: $(PIP_TOOLS)/bin/pip-compile
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-test.lock requirements-test.txt

## Install, migrate, load the demo, build the index, serve http://$(HOST)/
setup: $(VENV)/.run-deps
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py clean_import_jobs
	DEBUG=$${DEBUG:-1} $(PY) manage.py update_index

run: setup
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST)

## The same archive as production runs it: gunicorn, DEBUG off, static files through whitenoise
## (a request line up to 8,190 bytes: a query of 1,000 Arabic letters, the archive's own limit, is 6,000 once encoded)
.PHONY: serve secret-key
serve: export DEBUG = 0
serve: secret-key setup
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec $(VENV)/bin/gunicorn archive.wsgi --workers $(WORKERS) --bind $(HOST) --limit-request-line 8190 --access-logfile - \
		--access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'

secret-key:
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY in the environment (DEBUG is off):" \
		"SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; exit 1; }

## Debian's Chromium for the browser tests (never a browser download)
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core; }

test-deps: $(VENV)/.test-deps chromium

# pytest-xdist: one worker per core (TEST_WORKERS=0 runs in this process), each with its own test database,
# var/ folder and index folders; a test file stays on one worker, so its module-scoped archive is built once.
TEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadfile

test: test-deps
	$(PY) -m pytest $(PYTEST_PARALLEL)

## ruff, with the settings in pyproject.toml (CI runs it before the tests)
lint: $(VENV)/.test-deps
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) var

## PostgreSQL for data and search (SEARCH_ENGINE=postgres): a local cluster from Debian's packages
POSTGRES_URL ?= postgres://archive:archive@127.0.0.1:5432/archive
AS_POSTGRES = $(if $(filter 0,$(shell id -u)),runuser -u postgres --,sudo -u postgres)
.PHONY: postgres run-postgres test-postgres

# Installs postgresql when missing, starts (or creates) the cluster, and makes the role and database of POSTGRES_URL.
# Debian's RUM extension goes into template1 (a superuser's step), so that every database made after it, the tests'
# included, can hold the optional positions index for phrases (README, "Phrases through a RUM index"); where it
# cannot be installed (no root), the archive runs without it, and a REQUIRE_POSTGRES run's phrase tests fail.
# Installing it can upgrade the server's package too (postgresql-15 moved from 15.18 to 15.20 under a running
# cluster on 1 December 2026: every later load of plpgsql failed with "undefined symbol"), and where services may
# not be started (a container's policy-rc.d) Debian does not restart the server: so the packages come first, and a
# cluster already running when they were installed is restarted on the new binaries.
PG_VERSION = $$({ pg_lsclusters -h | cut -d' ' -f1; ls /usr/lib/postgresql | sort -n | tail -1; } | head -1)
postgres:
	@command -v pg_ctlcluster >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql; }
	@version="$(PG_VERSION)"; test -e "/usr/share/postgresql/$$version/extension/rum.control" || \
		{ apt-get update -qq && apt-get install -y -qq "postgresql-$$version-rum" && \
		  pg_lsclusters -h | while read version name port status rest; do \
			case "$$status" in online*) pg_ctlcluster "$$version" "$$name" restart;; esac; done; } || \
		echo "postgresql-$$version-rum could not be installed: phrases are searched through GIN alone" >&2
	@test -n "$$(pg_lsclusters -h)" || pg_createcluster "$(PG_VERSION)" main
	@pg_lsclusters -h | while read version name rest; do pg_ctlcluster "$$version" "$$name" status >/dev/null || pg_ctlcluster "$$version" "$$name" start; done
	@$(AS_POSTGRES) psql -qd template1 -c "CREATE EXTENSION IF NOT EXISTS rum" || \
		echo "the RUM extension could not be made in template1: phrases are searched through GIN alone" >&2
	@$(PY) -c "import sys, urllib.parse as u; url = u.urlsplit(sys.argv[1]); print(url.username, url.password, url.path.lstrip('/'))" "$(POSTGRES_URL)" | { \
		read user password database; \
		$(AS_POSTGRES) psql -qAtc "SELECT 1 FROM pg_roles WHERE rolname = '$$user'" | grep -q 1 || \
			$(AS_POSTGRES) psql -qc "CREATE ROLE \"$$user\" LOGIN CREATEDB PASSWORD '$$password'"; \
		$(AS_POSTGRES) psql -qAtc "SELECT 1 FROM pg_database WHERE datname = '$$database'" | grep -q 1 || \
			$(AS_POSTGRES) createdb -O "$$user" "$$database"; }

# `make run` on PostgreSQL: the same archive, its data and search index in the database of POSTGRES_URL.
run-postgres: export DATABASE_URL = $(POSTGRES_URL)
run-postgres: export SEARCH_ENGINE = postgres
run-postgres: $(VENV)/.run-deps postgres run

# The suite (browser tests aside) on PostgreSQL; REQUIRE_POSTGRES turns a run that is not really on it into a failure.
test-postgres: export DATABASE_URL = $(POSTGRES_URL)
test-postgres: export SEARCH_ENGINE = postgres
test-postgres: export REQUIRE_POSTGRES = 1
test-postgres: $(VENV)/.test-deps postgres
	$(PY) -m pytest $(PYTEST_PARALLEL) -p no:cacheprovider --ignore=tests/browser
