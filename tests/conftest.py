"""Shared fixtures: the demo archive, parsed pages, staff users, the search engine.

The suite runs on either engine: SQLite + Whoosh by default, PostgreSQL for
data and search with ``DATABASE_URL=postgres://… SEARCH_ENGINE=postgres``
(``make test-postgres``). Tests of one engine's own workings ask for the
``whoosh_only`` or ``postgres`` fixture: on the other engine they are
skipped, unless ``REQUIRE_POSTGRES=1`` (set by CI's PostgreSQL run), which
turns a run that is not really on PostgreSQL into a failure.
"""
import os

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from archive.models import Article

POSTGRES_RUN = "make test-postgres (DATABASE_URL=postgres://… SEARCH_ENGINE=postgres)"


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.SEARCH_ENGINE == "postgres"


def pytest_configure(config):
    if os.environ.get("REQUIRE_POSTGRES", "").strip().lower() in {"1", "true", "yes", "on"} and not on_postgres():
        raise pytest.UsageError(
            f"REQUIRE_POSTGRES is set, but this run uses {settings.DATABASES['default']['ENGINE']} with the "
            f"{settings.SEARCH_ENGINE} engine: set DATABASE_URL=postgres://… and SEARCH_ENGINE=postgres.")


@pytest.fixture
def postgres(db):
    """The run's database and search engine are a real PostgreSQL server (skipped elsewhere)."""
    if not on_postgres():
        pytest.skip(f"needs PostgreSQL: {POSTGRES_RUN}")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")
    return connection


@pytest.fixture
def whoosh_only():
    """For tests of Whoosh's own workings (its files, its ranking)."""
    if settings.SEARCH_ENGINE != "whoosh":
        pytest.skip("tests the Whoosh engine's own workings; the run uses " + settings.SEARCH_ENGINE)

SEED_TITLE = "لافروف: أي لقاء قمة بين بوتين وترامب يجب أن يخرج بنتائج ملموسة"
SEED_PERSONS = [
    "سيرغي لافروف",
    "فلاديمير بوتين",
    "دونالد ترامب",
    "ديميتري بيسكوف",
    "ريكس تيلرسون",
    "ماريا زاخاروفا",
]


@pytest.fixture(autouse=True)
def fresh_search_cache():
    """Each test starts with no cached search results or request counts (``archive.throttle``) of another."""
    from django.core.cache import caches

    caches["search"].clear()


@pytest.fixture
def demo(db):
    """The demo archive as `make run` loads it; returns the seed article."""
    call_command("load_demo", verbosity=0)
    return Article.objects.get(title=SEED_TITLE)


def parse(response):
    return BeautifulSoup(response.content.decode("utf-8"), "html.parser")


@pytest.fixture
def staff_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass")
    client.force_login(editor)
    return client


@pytest.fixture
def search_index(tmp_path):
    """The run's real search engine, fresh for the test; ``.rebuild()`` indexes the database.

    Whoosh: an index folder of the test's own. PostgreSQL: the test
    database's tables, which the test's transaction rolls back.
    """
    from haystack import connections

    from archive.search import engine
    from archive.search.aliases import forget_tag_aliases

    info = connections.connections_info["default"]
    saved_path = info.get("PATH")
    if saved_path:
        info["PATH"] = str(tmp_path / "whoosh")
    connections.reload("default")

    class Index:
        @staticmethod
        def backend():
            return connections["default"].get_backend()

        def rebuild(self):
            index = connections["default"].get_unified_index().get_index(Article)
            self.backend().clear()
            self.backend().update(index, list(index.index_queryset()))

        def count(self):
            return engine.document_count()

    yield Index()
    if saved_path:
        info["PATH"] = saved_path
    connections.reload("default")
    forget_tag_aliases()  # this test's tags are gone with its database
