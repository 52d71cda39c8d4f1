"""Shared fixtures: the demo archive, small archives, staff users, the search engine.

The suite runs on either engine: SQLite + Whoosh by default, PostgreSQL for
data and search with ``DATABASE_URL=postgres://… SEARCH_ENGINE=postgres``
(``make test-postgres``). Tests of one engine's own workings ask for the
``whoosh_only`` or ``postgres`` fixture: on the other engine they are
skipped, unless ``REQUIRE_POSTGRES=1`` (set by CI's PostgreSQL run), which
turns a run that is not really on PostgreSQL into a failure.

Most of the suite's time used to go into building an archive and its index
for every test. A module whose tests only read builds its archive once, in a
module-scoped fixture on ``module_db`` and ``module_index``; each test still
runs in a savepoint of its own, so one that writes on top leaves the next
test the module's archive as it was (its index too, if it rebuilds
``search_index``, a folder of its own).
"""
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from archive.models import Article
from tests.engines import POSTGRES_RUN, on_postgres
from tests.factories import load_demo, write_feed_archive, write_small_archive
from tests.pages import parse


def pytest_configure(config):
    if os.environ.get("REQUIRE_POSTGRES", "").strip().lower() in {"1", "true", "yes", "on"} and not on_postgres():
        raise pytest.UsageError(
            f"REQUIRE_POSTGRES is set, but this run uses {settings.DATABASES['default']['ENGINE']} with the "
            f"{settings.SEARCH_ENGINE} engine: set DATABASE_URL=postgres://… and SEARCH_ENGINE=postgres.")


SHARED_ARCHIVES = {"module_db", "site"}  # module-scoped archives: here, and tests/browser/conftest.py


@pytest.hookimpl(trylast=True)  # after pytest-django has put transactional tests after the others
def pytest_collection_modifyitems(items):
    """A module's tests that read its module-scoped archive run after all its other tests.

    The archive lives from the first test that asks for it to the module's
    end. A database test of the module that did not ask runs before, on the
    empty database it would find anywhere else, whatever the order the tests
    were written in; a transactional one runs before too, as it would empty
    the database under the archive. pytest-xdist (``--dist loadfile``) runs a
    file's tests together in this order, so readers go after the module's
    last test, wherever pytest-django's grouping had put it.
    """
    def reads_archive(item):
        return bool(SHARED_ARCHIVES & set(getattr(item, "fixturenames", ())))

    for item in items:
        marker = item.get_closest_marker("django_db") or pytest.mark.django_db
        if reads_archive(item) and ({"transactional_db", "live_server"} & set(item.fixturenames)
                                    or marker.kwargs.get("transaction")):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test cannot read a module-scoped archive "
                                    f"({' or '.join(sorted(SHARED_ARCHIVES))}): give it an archive of its own")
    last = {getattr(item, "module", None): position for position, item in enumerate(items)}
    places = {id(item): last[getattr(item, "module", None)] + 0.5 if reads_archive(item) else position
              for position, item in enumerate(items)}
    items.sort(key=lambda item: places[id(item)])


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


@pytest.fixture(autouse=True)
def fresh_search_cache():
    """Each test starts with no cached search results or request counts (``archive.serving.throttle``) of another."""
    from django.core.cache import caches

    caches["search"].clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request with the English cookie activates English for the
    thread (as Django's LocaleMiddleware does) and the next test's in-process search would speak it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def no_outbox_retry(monkeypatch):
    """Searches never look for failed index tasks during the test: counting queries, that look comes
    and goes with the clock (every ``RETRY_SECONDS``), and a slow machine crosses that line."""
    from archive.search.engine import outbox

    monkeypatch.setattr(outbox, "RETRY_SECONDS", float("inf"))


@pytest.fixture
def demo(db):
    """The demo archive as `make run` loads it; returns the seed article."""
    return load_demo()


@pytest.fixture
def small_archive(demo, search_index):
    """``write_small_archive``'s archive, indexed afresh for a test that changes it or the engine."""
    articles = write_small_archive(demo)
    search_index.rebuild()
    return articles


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around the test module: what its module-scoped fixtures write, every test of the module
    sees (each test in a savepoint of its own, ``db``), and the module's end rolls it all back.

    Returns pytest-django's blocker: a module-scoped fixture writes inside ``with module_db.unblock():``,
    and the tests stay kept from the database unless they ask for it, as everywhere.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as TestCase's class-wide atomic: durable blocks may open inside
        atomic.__enter__()
    yield django_db_blocker
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_small_archive(module_db, module_index):
    """``write_small_archive``'s archive, written and indexed once for a module whose tests only read it."""
    with module_db.unblock():
        articles = write_small_archive(load_demo())
        module_index.rebuild()
    return articles


@pytest.fixture(scope="module")
def module_feed_archive(module_db, module_index):
    """``write_feed_archive``'s archive, written and indexed once for a module whose tests only read it;
    returns the seed article."""
    with module_db.unblock():
        seed = write_feed_archive(load_demo())
        module_index.rebuild()
    return seed


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
    with _search_engine_in(tmp_path / "whoosh") as index:
        yield index


@pytest.fixture
def bounds(postgres, search_index, monkeypatch):
    """Set the PostgreSQL engine's bounds (``TRACK_TOTAL_HITS``, ``FACET_HITS``, ``RANK_CANDIDATES``) for the
    test, as a deployment's settings do; the engine is as configured again after it."""
    from haystack import connections

    def set_bounds(**options):
        for name, value in options.items():
            monkeypatch.setitem(connections.connections_info["default"], name, value)
        connections.reload("default")
    yield set_bounds
    monkeypatch.undo()
    connections.reload("default")


@pytest.fixture(scope="module")
def module_index(tmp_path_factory):
    """``search_index`` for a module's archive: a folder of the module's own (Whoosh), or the tables in the
    database the archive is written to (PostgreSQL: ``module_db``'s transaction)."""
    with _search_engine_in(tmp_path_factory.mktemp("whoosh")) as index:
        yield index


class SearchIndex:
    """The engine a test's searches use, as the fixtures hand it out."""

    @staticmethod
    def backend():
        from haystack import connections

        return connections["default"].get_backend()

    def rebuild(self):
        from haystack import connections

        index = connections["default"].get_unified_index().get_index(Article)
        self.backend().clear()
        self.backend().update(index, list(index.index_queryset()))

    def count(self):
        """How many articles a reader's search finds (the index holds drafts too: ``documents()``)."""
        from archive.search import engine

        return engine.search(engine.EngineQuery(limit=0, facets=False)).total

    def documents(self):
        from archive.search import engine

        return engine.document_count()


@contextmanager
def _search_engine_in(folder):
    """The search engine pointed at ``folder`` (Whoosh; PostgreSQL keeps its index in the database), then back."""
    from haystack import connections

    from archive.search.engine.aliases import forget_tag_aliases

    info = connections.connections_info["default"]
    saved_path = info.get("PATH")
    if saved_path:
        info["PATH"] = str(folder)
    connections.reload("default")
    try:
        yield SearchIndex()
    finally:
        if saved_path:
            info["PATH"] = saved_path
        connections.reload("default")
        forget_tag_aliases()  # the tags read meanwhile are gone with the test's (or module's) transaction


@pytest.fixture
def import_job_process(transactional_db, search_index, monkeypatch):
    """Uploads imported as in production, by a real ``run_import_job`` process, on the test's database and index.

    The upload view starts the process with this process's environment: it is
    pointed at the test database (committed: ``transactional_db``) and the
    test's index folder.
    """
    from urllib.parse import quote

    from haystack import connections

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or 'localhost'}:"
               f"{db['PORT'] or 5432}/{db['NAME']}")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "archive.settings")
    monkeypatch.setenv("ARCHIVE_VAR_DIR", str(settings.VAR_DIR))
    monkeypatch.setenv("DEBUG", "0")
    index_path = connections.connections_info["default"].get("PATH")
    if index_path:
        monkeypatch.setenv("SEARCH_INDEX_PATH", index_path)
    yield
    _wait_for_detached_commands()


def _wait_for_detached_commands(timeout=120):
    """Wait until the ``run_import_job`` and ``update_index`` processes a test's requests started are over.

    They run detached, as in production: one still writing when the next test
    starts holds SQLite's write lock there ("database is locked" in a test
    that never imported anything) and writes into a database being emptied.
    Only this process's own children count: they carry its ``ARCHIVE_VAR_DIR``
    (``import_job_process``), which no other pytest worker shares.
    """
    import time

    manage = str(Path(settings.BASE_DIR) / "manage.py").encode()
    ours = f"ARCHIVE_VAR_DIR={settings.VAR_DIR}".encode()

    def running():
        for process in Path("/proc").glob("[0-9]*"):
            try:
                words = (process / "cmdline").read_bytes().split(b"\0")
                if manage in words and ({b"run_import_job", b"update_index"} & set(words)):
                    if ours in (process / "environ").read_bytes().split(b"\0"):
                        yield process.name
            except OSError:  # ended meanwhile
                continue

    deadline = time.monotonic() + timeout
    while any(running()):
        assert time.monotonic() < deadline, "a detached import or index process outlived its test"
        time.sleep(0.2)


@pytest.fixture
def import_jobs(import_job_process):
    """``upload(client, file, **fields)``: post the file, return the job's page once the job is over."""
    import time

    def upload(client, file, timeout=120, **fields):
        response = client.post("/admin/archive/article/import/", {"file": file, **fields})
        assert response.status_code == 302, response.content.decode()[:2000]
        deadline = time.monotonic() + timeout
        while True:
            page = parse(client.get(response["Location"]))
            if page.select_one("#import-job")["data-status"] in {"done", "failed"}:
                return page
            assert time.monotonic() < deadline, f"the import job is still {page.select_one('#import-state')}"
            time.sleep(0.2)

    return upload
