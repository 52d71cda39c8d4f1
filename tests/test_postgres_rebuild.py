"""``rebuild_index`` on PostgreSQL: new tables built beside the live ones, swapped in when complete.

What a reader and the database must not notice: the articles read in SQL
give the documents the edits give; the swapped tables have the live ones'
indexes, constraints and triggers (an article's deletion still takes its
document, every write still raises the generation), and the articles are
never locked from their readers; a search during a
rebuild answers at once, from the old index, and the swap at its end
keeps no reader waiting more than a moment, even while a long reader
holds it back; a rebuild that fails leaves the old index as it was, with
nothing beside it.
"""
import datetime
import threading
import time

import psycopg
import pytest
from django.db import connection, connections, transaction
from haystack import connections as haystack_connections

from archive.dates import aware_from_day
from archive.models import Article, Source, Tag, TagAlias
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine.postgres_articles import articles_among, ids_newest_first
from archive.search.engine.postgres_backend import DOCUMENTS, WORDS, _document_fields
from archive.search.engine.postgres_text import NEWEST_FIRST

pytestmark = pytest.mark.django_db


def add(title, body="نص قصير.", status=Article.Status.PUBLISHED, day=datetime.date(2018, 3, 1), **fields):
    return Article.objects.create(title=title, body=body, status=status,
                                  published=aware_from_day(day) if day else None, **fields)


def tagged_archive():
    """Articles with and without a source, date, tags (several kinds, same names, aliases) and status."""
    source = Source.objects.create(name="فرانس 24")
    trump = Tag.objects.create(kind=Tag.Kind.PERSON, name="جو بايدن")
    TagAlias.objects.create(tag=trump, name="بايدن")
    TagAlias.objects.create(tag=trump, name="جوزيف بايدن")
    paris = Tag.objects.create(kind=Tag.Kind.PLACE, name="باريس")
    both = Tag.objects.create(kind=Tag.Kind.TOPIC, name="باريس")
    add("ترامب في باريس", body="زار ترامب باريس.", source=source).tags.add(trump, paris, both)
    add("مسودة عن ترامب", status=Article.Status.DRAFT, day=None, lead="مقدمة.").tags.add(trump)
    add("خبر بلا وسوم ولا مصدر", day=datetime.date(2030, 1, 1))


def catalog(table):
    """What the swap must keep of ``table``: its columns, constraints, indexes, triggers and storage settings
    (the word table's fillfactor, migration 0013), as SQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname, format_type(atttypid, atttypmod), attstorage, attnotnull, attgenerated, "
                       "pg_get_expr(adbin, adrelid) FROM pg_attribute LEFT JOIN pg_attrdef "
                       "ON adrelid = attrelid AND adnum = attnum WHERE attrelid = %s::regclass AND attnum > 0 "
                       "AND NOT attisdropped ORDER BY attnum", [table])
        columns = cursor.fetchall()
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                       "ORDER BY 1", [table])
        constraints = cursor.fetchall()
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1", [table])
        indexes = cursor.fetchall()
        cursor.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass "
                       "AND NOT tgisinternal ORDER BY 1", [table])
        triggers = cursor.fetchall()
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [table])
        return columns, constraints, indexes, triggers, cursor.fetchone()[0]


def tables_beside():
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE %s", ["archive_search%rebuilt%"])
        return cursor.fetchall()


def index_state():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, vector::text, keys, stamp, status FROM {DOCUMENTS} ORDER BY 1")
        documents = cursor.fetchall()
        cursor.execute(f"SELECT word, docs, title_docs FROM {WORDS} ORDER BY 1")
        return documents, cursor.fetchall(), engine.backend().generation()


def test_articles_read_in_sql_are_prepared_as_the_index_prepares_them(postgres, demo):
    tagged_archive()
    index = haystack_connections["default"].get_unified_index().get_index(Article)
    with connection.cursor() as cursor:
        read = dict(articles_among(cursor, ids_newest_first(cursor)))
    articles = list(index.index_queryset())
    assert sorted(read) == sorted(article.pk for article in articles) and len(articles) > 3
    for article in articles:
        assert _document_fields(article.pk, read[article.pk]) == _document_fields(article.pk,
                                                                                   index.full_prepare(article))


def test_a_rebuild_lays_the_documents_out_newest_first_so_bounded_counts_take_the_newest(postgres, demo,
                                                                                         search_index, monkeypatch):
    """A search counts, facets and picks candidates from the first matches a scan finds, in the table's
    physical order: after a rebuild that is newest first (undated last), so a capped search's facets are those
    of the newest matches, whatever order the articles were written in."""
    for month in (5, 1, 9, 3):
        add(f"زنجبار في شهر {month}", day=datetime.date(2019, month, 1))
    add("زنجبار بلا تاريخ", day=None)
    engine.rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id FROM {DOCUMENTS} ORDER BY ctid")
        physical = [pk for (pk,) in cursor.fetchall()]
        cursor.execute(f"SELECT article_id FROM {DOCUMENTS} ORDER BY {NEWEST_FIRST}")
        assert physical == [pk for (pk,) in cursor.fetchall()] and len(physical) > 5
    for name in ("TRACK_TOTAL_HITS", "FACET_HITS"):
        monkeypatch.setitem(haystack_connections.connections_info["default"], name, 2)
    haystack_connections.reload("default")
    results = search_archive(SearchRequest(q="زنجبار"))
    monkeypatch.undo()
    haystack_connections.reload("default")
    assert results.total == 2 and results.total_is_lower_bound
    assert sorted(value.value for value in results.facets["month"]) == ["2019-05", "2019-09"]


def test_the_swapped_tables_keep_their_indexes_constraints_and_triggers(postgres, demo, search_index):
    tagged_archive()
    before = {table: catalog(table) for table in (DOCUMENTS, WORDS)}
    assert before[WORDS][-1] == ["fillfactor=50"]  # room in its pages for an import's updates of the counts
    written_by_edits = index_state()[:2]
    engine.rebuild()
    with connection.cursor() as cursor:  # the test's transaction holds what the rebuild locked
        cursor.execute("SELECT DISTINCT mode FROM pg_locks WHERE pid = pg_backend_pid() "
                       "AND relation = 'archive_article'::regclass")
        assert {mode for (mode,) in cursor.fetchall()} <= {"AccessShareLock", "RowShareLock", "RowExclusiveLock"}
    assert {table: catalog(table) for table in (DOCUMENTS, WORDS)} == before
    assert index_state()[:2] == written_by_edits and tables_beside() == []
    assert engine.document_count() == Article.objects.count()
    doomed = Article.objects.get(title="ترامب في باريس")
    generation = engine.backend().generation()
    with connection.cursor() as cursor:  # a raw delete: the cascade alone takes the document
        cursor.execute("DELETE FROM archive_article_tags WHERE article_id = %s", [doomed.pk])
        cursor.execute("DELETE FROM archive_article WHERE id = %s", [doomed.pk])
        cursor.execute(f"SELECT count(*) FROM {DOCUMENTS} WHERE article_id = %s", [doomed.pk])
        assert cursor.fetchone()[0] == 0
    assert engine.backend().generation() != generation
    assert engine.document_count() == Article.objects.count()


def test_a_failed_rebuild_leaves_the_old_index_as_it_was(postgres, demo, search_index):
    tagged_archive()
    before = index_state()

    def interrupted(written):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine.backend().rebuild(progress=interrupted)
    assert index_state() == before and tables_beside() == []


@pytest.mark.django_db(transaction=True)
def test_a_search_during_a_rebuild_answers_at_once_from_the_old_index(postgres, demo):
    """The rebuild's transaction holds the new tables; a reader, on its own connection, reads the live ones."""
    engine.rebuild()
    article = add("زلزال في اليابان", body="ضرب زلزال شمال اليابان.")
    # No signal: the index is not told.
    Article.objects.filter(pk=article.pk).update(title="بركان في إيطاليا", body="ثار بركان.")
    answers = []

    def search(q):
        try:
            answers.append(sorted(hit.article.pk for hit in search_archive(SearchRequest(q=q)).hits))
        finally:
            connections.close_all()

    def reader(written):
        if not answers:
            thread = threading.Thread(target=search, args=["زلزال"])
            thread.start()
            thread.join(timeout=3)
            assert not thread.is_alive(), "a search waited for the rebuild"

    engine.backend().rebuild(progress=reader)
    assert answers == [[article.pk]]
    assert found_now("زلزال") == [] and found_now("بركان") == [article.pk]


@pytest.mark.django_db(transaction=True)
def test_the_swapped_tables_are_all_visible_to_index_only_scans_at_once(postgres, demo):
    """Copied in frozen into new tables, every page is visible to all: no VACUUM after the rebuild."""
    tagged_archive()
    engine.rebuild()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (DOCUMENTS, WORDS):
            cursor.execute("SELECT relpages, relallvisible FROM pg_class WHERE oid = %s::regclass", [table])
            pages, visible = cursor.fetchone()
            assert pages > 0 and visible == pages, table
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) SELECT article_id FROM {DOCUMENTS} WHERE article_id > 0")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Index Only Scan" in plan and "Heap Fetches: 0" in plan, plan


def found_now(q):
    return sorted(hit.article.pk for hit in search_archive(SearchRequest(q=q)).hits)


@pytest.mark.django_db(transaction=True)
def test_the_swap_waits_for_a_long_reader_without_holding_up_the_others(postgres, demo):
    """A reader in a long transaction (a backup) keeps the swap waiting; readers arriving meanwhile wait a moment
    at most, not until it ends."""
    engine.rebuild()
    settings = connection.settings_dict
    conninfo = dict(dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"],
                    host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432)
    with (psycopg.connect(**conninfo) as long_reader,
          psycopg.connect(**conninfo, autocommit=True, options="-c statement_timeout=2000") as reader):
        long_reader.execute(f"SELECT count(*) FROM {DOCUMENTS}")  # its transaction holds the table until it ends
        failures = []

        def rebuild():
            try:
                engine.backend().rebuild()
            except Exception as error:  # noqa: BLE001 (reported by the test below)
                failures.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=rebuild)
        thread.start()
        waits, started = [], time.monotonic()
        while time.monotonic() - started < 3:
            before = time.monotonic()
            reader.execute(f"SELECT count(*) FROM {DOCUMENTS}")
            waits.append(time.monotonic() - before)
            time.sleep(0.05)
        assert thread.is_alive(), "the swap did not wait for the long reader"
        long_reader.rollback()
        thread.join(timeout=60)
    assert not thread.is_alive() and failures == []
    assert max(waits) < 1.5 and engine.document_count() == Article.objects.count()
