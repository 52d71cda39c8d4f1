"""Shared fixtures: the demo archive, parsed pages, staff users, the search engine.

The suite runs on either engine: SQLite + Whoosh by default, PostgreSQL for
data and search with ``DATABASE_URL=postgres://… SEARCH_ENGINE=postgres``
(``make test-postgres``). Tests of one engine's own workings ask for the
``whoosh_only`` or ``postgres`` fixture: on the other engine they are
skipped, unless ``REQUIRE_POSTGRES=1`` (set by CI's PostgreSQL run), which
turns a run that is not really on PostgreSQL into a failure.
"""
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from archive.models import Article, Tag
from tests.factories import add_article

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
    """Each test starts with no cached search results or request counts (``archive.serving.throttle``) of another."""
    from django.core.cache import caches

    caches["search"].clear()


@pytest.fixture
def no_outbox_retry(monkeypatch):
    """Searches never look for failed index tasks during the test: counting queries, that look comes
    and goes with the clock (every ``RETRY_SECONDS``), and a slow machine crosses that line."""
    from archive.search.engine import outbox

    monkeypatch.setattr(outbox, "RETRY_SECONDS", float("inf"))


@pytest.fixture
def demo(db):
    """The demo archive as `make run` loads it; returns the seed article."""
    call_command("load_demo", verbosity=0)
    return Article.objects.get(title=SEED_TITLE)


def parse(response):
    return BeautifulSoup(response.content.decode("utf-8"), "html.parser")


def change_url(article):
    return f"/admin/archive/article/{article.pk}/change/"


def opened_form(client, article):
    """The admin change form's fields as a browser would post them unchanged."""
    return form_fields(parse(client.get(change_url(article))))


def form_fields(page):
    data = {}
    for field in page.select("form#article_form :is(input, textarea, select)[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = [option["value"] for option in field.select("option[selected]")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in {"submit", "file"}:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def small_archive(demo, search_index):
    """The seed article plus a handful written to test one behaviour each (search, CSP)."""
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    articles = {
        "seed": demo,
        "school": add_article("مُحَمَّدٌ يزور المَدْرَسَةَ", "زار الطالب مستشفى المدينة وقال إن إسرائيل ستفتح المدرسة."),
        "title_word": add_article("ماكرون في بيروت", "زيارة قصيرة.", day="2018-04-02", tags=[macron]),
        "body_word": add_article("زيارة رسمية", "وصل الرئيس الفرنسي ماكرون إلى بيروت أمس.", day="2018-04-20"),
        "maqal": add_article("مقال الرأي", "نشرت الصحيفة مقالا عن الاقتصاد.", day="2018-05-05"),
        "draft": add_article("ماكرون مسودة", "نص لم ينشر.", status=Article.Status.DRAFT),
    }
    search_index.rebuild()
    return articles


@pytest.fixture
def feed_archive(demo, search_index):
    """The seed article (its source given a site) and four more: ماكرون twice, a draft, a title with
    characters XML must escape or drop (feeds, discovery, page metadata); returns the seed article."""
    demo.source.url = "https://www.sana.sy/"
    demo.source.save()
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس.\n\nفقرة ثانية.", day="2018-04-02", tags=[macron])
    add_article("ماكرون يعود", "عاد ماكرون إلى باريس.", day="2018-05-03", tags=[macron])
    add_article("ماكرون مسودة", "لم ينشر.", day="2018-06-01", tags=[macron], status="draft")
    add_article("خبر فيه <رموز> & \x0b تحكم", "نص\x0c فيه & و <b>وسوم</b>.", day="2018-05-04")
    search_index.rebuild()
    return demo


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
    from archive.search.engine.aliases import forget_tag_aliases

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
            """How many articles a reader's search finds (the index holds drafts too: ``documents()``)."""
            return engine.search(engine.EngineQuery(limit=0, facets=False)).total

        def documents(self):
            return engine.document_count()

    yield Index()
    if saved_path:
        info["PATH"] = saved_path
    connections.reload("default")
    forget_tag_aliases()  # this test's tags are gone with its database


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
    """
    import time

    manage = str(Path(settings.BASE_DIR) / "manage.py").encode()

    def running():
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                words = cmdline.read_bytes().split(b"\0")
            except OSError:  # ended meanwhile
                continue
            if manage in words and ({b"run_import_job", b"update_index"} & set(words)):
                yield cmdline.parent.name

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
