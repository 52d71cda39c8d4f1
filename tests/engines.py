"""Which database and search engine this run uses: SQLite + Whoosh by default, PostgreSQL for both with
``DATABASE_URL=postgres://… SEARCH_ENGINE=postgres`` (``make test-postgres``)."""
from django.conf import settings

POSTGRES_RUN = "make test-postgres (DATABASE_URL=postgres://… SEARCH_ENGINE=postgres)"


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.SEARCH_ENGINE == "postgres"
