"""The PostgreSQL engine's own promises, on a real PostgreSQL server (``make test-postgres``).

The rest of the suite runs on it as on Whoosh (searching, pages, feeds,
imports); here is what only this engine promises: the run really is
PostgreSQL, documents commit and roll back with their articles, readers do
not wait for writers, the word table follows edits, and a search that runs
too long is cancelled and said so. Skipped with a reason on SQLite, failed
when ``REQUIRE_POSTGRES`` is set (CI).
"""
import datetime
import json
import os

import psycopg
import pytest
from django.core.cache import caches
from django.db import connection, transaction

from archive.dates import aware_from_day
from archive.models import Article, Source, Tag
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine import postgres_backend
from archive.search.engine.postgres_backend import PostgresSearchBackend, _Searching
from archive.search.engine.query import SearchTimeout

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(postgres, demo, search_index):
    search_index.rebuild()
    return demo


def add(title, body="نص قصير.", status=Article.Status.PUBLISHED, **fields):
    return Article.objects.create(title=title, body=body, status=status,
                                  published=aware_from_day(datetime.date(2018, 3, 1)), **fields)


def documents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM archive_searchdocument ORDER BY article_id")
        return [row[0] for row in cursor.fetchall()]


def document_status(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM archive_searchdocument WHERE article_id = %s", [pk])
        return cursor.fetchone()[0]


def found(q, **filters):
    return [hit.article.pk for hit in search_archive(SearchRequest(q=q, **filters)).hits]


def test_the_run_really_is_postgresql_with_its_own_tables(archive):
    assert connection.vendor == "postgresql"
    assert isinstance(engine.backend(), PostgresSearchBackend)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'archive_searchdocument'")
        indexes = " ".join(row[0] for row in cursor.fetchall())
    assert "USING gin (vector)" in indexes and "USING gin (keys)" in indexes
    assert documents() == [archive.pk]


def test_the_vector_holds_our_analysis_weighted_by_field(archive):
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM archive_searchdocument WHERE article_id = %s", [archive.pk])
        vector = cursor.fetchone()[0]
    entries = dict(entry.split(":", 1) for entry in vector.split(" "))
    assert entries["'لافروف'"].startswith("1A")  # the title's first word, weighted A
    title_position = entries["'وترامب'"].split(",")[0]
    assert title_position.endswith("A") and title_position in entries["'ترامب'"].split(",")  # its stem, at its place
    assert "B" in entries["'سيرغي'"]  # a tag's name, weighted B
    assert "'سيرجي'" not in entries  # the alias folds onto the name, as the analysis folds it everywhere
    assert any(not position.endswith(("A", "B")) for position in entries["'لافروف'"].split(","))  # and the body


def test_the_document_commits_and_rolls_back_with_its_article(archive):
    with transaction.atomic():
        article = add("زلزال في اليابان")
        assert found("زلزال") == [article.pk], "written in the article's own transaction, seen at once by it"
        transaction.set_rollback(True)
    assert found("زلزال") == []
    assert documents() == [archive.pk]


def test_a_document_that_cannot_be_written_takes_the_article_back_with_it(archive, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the index is full")

    monkeypatch.setattr(PostgresSearchBackend, "_write", fail)  # every document write goes through it
    with pytest.raises(RuntimeError):
        add("زلزال في اليابان")
    assert not Article.objects.filter(title="زلزال في اليابان").exists()


def test_tags_unpublishing_and_deleting_change_the_document_in_the_same_transaction(archive):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    article = add("ماكرون في بيروت")
    article.tags.add(macron)
    assert found("", person=["إيمانويل-ماكرون"]) == [article.pk]
    article.status = Article.Status.DRAFT
    article.save()
    assert found("ماكرون") == [] and article.pk in documents()  # kept for the editors' search, hidden from readers
    assert document_status(article.pk) == Article.Status.DRAFT
    article.status = Article.Status.PUBLISHED
    article.save()
    article.delete()
    assert documents() == [archive.pk]


def test_a_raw_delete_of_an_article_takes_its_document_along(archive):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_article_tags WHERE article_id = %s", [archive.pk])
        cursor.execute("DELETE FROM archive_article WHERE id = %s", [archive.pk])
    assert documents() == []


def test_another_reader_sees_the_last_commit_without_waiting_for_the_writer(archive):
    """The test's transaction holds the writers' lock and an uncommitted document: a second connection reads on."""
    add("زلزال في اليابان")
    settings = connection.settings_dict
    other = psycopg.connect(dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"],
                            host=settings["HOST"] or None, port=settings["PORT"] or None, autocommit=True,
                            options="-c lock_timeout=2000 -c statement_timeout=5000")
    try:
        rows = other.execute("SELECT count(*) FROM archive_searchdocument WHERE vector @@ %s::tsquery",
                             ["'زلزال'"]).fetchone()
    finally:
        other.close()
    assert rows == (0,), "the other connection sees what was committed, at once"
    assert len(found("زلزال")) == 1


def test_the_generation_changes_with_every_write_and_only_then(archive):
    before = engine.backend().generation()
    assert engine.backend().generation() == before
    article = add("زلزال في اليابان")
    after_create = engine.backend().generation()
    assert after_create != before
    Article.objects.filter(pk=article.pk).update(title="زلزال آخر")  # no signal: the index is not written
    assert engine.backend().generation() == after_create


def test_the_word_table_follows_edits(archive):
    assert engine.backend().doc_frequency("زلزال") == 0
    article = add("زلزال في اليابان", body="ضرب زلزال شمال اليابان.")
    other = add("زلزال ثان", body="زلزال آخر.")
    assert engine.backend().doc_frequency("زلزال") == 2 and engine.knows_word("زلزال")
    assert ("زلزال", 2) in engine.title_words_starting("زلز", 10)
    assert engine.correct_word("زلزل") == "زلزال"
    article.title, article.body = "بركان في اليابان", "ثار بركان."
    article.save()
    assert engine.backend().doc_frequency("زلزال") == 1
    other.delete()
    assert engine.backend().doc_frequency("زلزال") == 0 and not engine.knows_word("زلزال")
    assert engine.correct_word("زلزل") is None


def index_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, vector::text, keys, status FROM archive_searchdocument ORDER BY 1")
        documents = cursor.fetchall()
        cursor.execute("SELECT word, docs, title_docs FROM archive_searchword WHERE docs > 0 OR title_docs > 0 "
                       "ORDER BY word")
        return documents, cursor.fetchall()


def test_a_rebuild_in_batches_analyzed_by_worker_processes_writes_what_edits_write(archive, monkeypatch):
    """After a first batch analyzed here, batches of two go through the worker processes, which count the words
    of their share."""
    add("زلزال في اليابان", body="ضرب زلزال شمال اليابان.")
    add("بركان في إيطاليا", body="ثار بركان قرب نابولي، بعد زلزال خفيف.", status=Article.Status.DRAFT)
    add("زلزال ثان", body="زلزال آخر.")
    written_by_edits = index_tables()
    monkeypatch.setattr("archive.search.engine.postgres_backend.WRITE_BATCH", 1)  # the first, analyzed here
    monkeypatch.setattr("archive.search.engine.postgres_backend.REBUILD_BATCH", 2)
    engine.rebuild()
    assert index_tables() == written_by_edits
    assert engine.backend().doc_frequency("زلزال") == 3 and ("زلزال", 2) in engine.title_words_starting("زلز", 10)


def test_a_worker_process_that_fails_fails_the_rebuild_and_the_index_stays_as_it_was(archive, monkeypatch):
    add("زلزال في اليابان", body="ضرب زلزال شمال اليابان.")
    add("بركان في إيطاليا", body="ثار بركان قرب نابولي.")
    add("زلزال ثان", body="زلزال آخر.")
    before, here, analysed = index_tables(), os.getpid(), postgres_backend.counted_vectors

    def failing_in_a_worker(articles, tally, **options):
        if os.getpid() != here:
            raise ValueError("worker fault")
        return analysed(articles, tally, **options)

    monkeypatch.setattr(postgres_backend, "counted_vectors", failing_in_a_worker)
    monkeypatch.setattr(postgres_backend, "WRITE_BATCH", 1)
    monkeypatch.setattr(postgres_backend, "REBUILD_BATCH", 2)
    with pytest.raises(RuntimeError, match="worker fault"):
        engine.rebuild()
    assert index_tables() == before


def test_facets_and_filters_are_counted_in_sql_over_every_match(archive):
    source = Source.objects.create(name="فرانس 24")
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    for number in range(5):
        add(f"ماكرون في خبر {number}", source=source).tags.add(macron)
    results = search_archive(SearchRequest(q="ماكرون", page_size=2, source=["فرانس 24"]))
    assert results.total == 5 and len(results.hits) == 2
    assert {value.label: value.count for value in results.facets["person"]} == {"إيمانويل ماكرون": 5}
    assert [(value.value, value.count) for value in results.facets["month"]] == [("2018-03", 5)]


def test_a_search_that_runs_too_long_is_cancelled_and_said_so(archive, monkeypatch):
    backend = engine.backend()
    monkeypatch.setattr(backend, "statement_timeout", 50)
    with pytest.raises(SearchTimeout):
        with _Searching(backend) as cursor:
            cursor.execute("SELECT pg_sleep(2)")
    with connection.cursor() as cursor:  # the timeout ended with the search's own transaction
        cursor.execute("SELECT pg_sleep(0.1)")

    def slow(self, engine_query):
        with _Searching(self) as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr(PostgresSearchBackend, "run", slow)
    results = search_archive(SearchRequest(q="لافروف"))
    assert results.total == 0 and any("وقتًا أطول" in note for note in results.notes)


def test_a_search_inside_a_transaction_leaves_its_settings_behind(archive):
    """The search's timeout and plan switches are its own: the caller's transaction goes on with its own."""
    def settings():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout'), current_setting('enable_seqscan'), "
                           "current_setting('enable_indexscan'), current_setting('work_mem'), "
                           "current_setting('max_parallel_workers_per_gather')")
            return cursor.fetchone()

    with transaction.atomic():
        before = settings()
        added = add("ببغاوات الأمازون الملونة")
        assert found("ببغاوات") == [added.pk]
        assert settings() == before
        assert Article.objects.filter(pk=added.pk).exists(), "the caller's own write stays"


def test_a_database_gone_away_gives_a_503_page_not_a_traceback(client, monkeypatch):
    """Any engine: the error PostgreSQL's driver raises when the server goes away, met by a search."""
    from django.db import OperationalError

    def gone(engine_query):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(engine.backend(), "run", gone)
    caches[engine.CACHE_ALIAS].clear()
    response = client.get("/search/", {"q": "لافروف"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode("utf-8")
    assert "الأرشيف غير متاح مؤقتًا" in page and "Traceback" not in page
    response = client.get("/api/search/", {"q": "لافروف"})  # a program gets the API's JSON error
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert json.loads(response.content)["code"] == "unavailable"


def test_two_writers_and_a_reader_never_see_the_index_differ_from_the_articles(postgres):
    """A short run of bench/concurrent_saves_postgres.py (the benchmark runs it for a minute) on this server."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    url = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{host}:{port}/postgres"
    script = Path(__file__).resolve().parent.parent / "bench" / "concurrent_saves_postgres.py"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "ARCHIVE_VAR_DIR"}}
    result = subprocess.run([sys.executable, str(script), "--seconds", "5", "--processes", "2", "--postgres", url],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["worker_errors"] == []
    assert report["reader_checks"] > 10 and report["reader_checks_that_differed"] == []
    assert report["articles"] == report["indexed"] == report["document_count_kept_by_trigger"]
    assert result.returncode == 0
