"""The positions index (RUM) of the PostgreSQL engine: where it exists, phrases are found through it, and the
same as without it.

GIN keeps no word positions, so a phrase found through it has every
document holding all its words read and tested whole; a RUM index (Debian's
``postgresql-15-rum``) keeps them, and the engine searches phrases through
it when the index ``PHRASE_INDEX`` is there (README, "A million articles").
``CREATE EXTENSION rum`` needs a superuser: ``make postgres`` (so CI's
PostgreSQL run) puts it in ``template1``, which the test database is made
from; with ``REQUIRE_POSTGRES`` set its absence fails these tests, elsewhere
they are skipped, saying so.
"""
import datetime
import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from haystack import connections

from archive.dates import aware_from_day
from archive.models import Article
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine.postgres_backend import PHRASE_INDEX, PHRASE_INDEX_CONDITION, PHRASE_INDEX_SQL, _Searching
from archive.search.engine.postgres_text import compile_query
from archive.search.syntax import parse_query

pytestmark = pytest.mark.django_db

PHRASES = ['"وزير الخارجية"', '"الخارجية وزير"', '"وزير الخارجية الروسي"', '"مجلس الأمن" OR "وزير الدفاع"',
           'روسيا -"وزير الخارجية"', '"السفير في موسكو"', '"وزير" الخارجية']


@pytest.fixture
def archive(postgres, demo, search_index, monkeypatch):
    # Every phrase through the positions index, however rare its words (a few articles here).
    monkeypatch.setitem(connections.connections_info["default"], "PHRASE_POSITIONS_MIN_DOCS", 0)
    connections.reload("default")
    add("وزير الخارجية الروسي يزور القاهرة", "التقى وزير الخارجية نظيره في مجلس الأمن.")
    add("الخارجية تستدعي السفير", "قال وزير إن الخارجية استدعت السفير في موسكو.")
    add("روسيا ومجلس الأمن", "اجتمع مجلس الأمن ووزير الدفاع الروسي في روسيا.")
    add("أخبار روسيا", "وزير الخارجية في روسيا اليوم.")
    search_index.rebuild()
    yield search_index
    monkeypatch.undo()
    connections.reload("default")


def add(title, body):
    return Article.objects.create(title=title, body=body, status=Article.Status.PUBLISHED,
                                  published=aware_from_day(datetime.date(2019, 5, 2)))


def results():
    """Every phrase query's total and hits (ids and scores), searched afresh (not from the results cache)."""
    caches["search"].clear()
    found = {}
    for q in PHRASES:
        answer = search_archive(SearchRequest(q=q))
        found[q] = (answer.total, [(hit.article.pk, hit.score) for hit in answer.hits])
    return found


def make_positions_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT FROM pg_extension WHERE extname = 'rum'")
        if cursor.fetchone() is None:
            reason = ("the test database has no rum extension (CREATE EXTENSION rum needs a superuser: `make "
                      "postgres` puts it in template1, which the test database is made from)")
            if os.environ.get("REQUIRE_POSTGRES"):
                pytest.fail(reason)  # CI's PostgreSQL run has it: these tests must not go quietly
            pytest.skip(reason)
        cursor.execute(PHRASE_INDEX_SQL)


def plan(q, phrases):
    """The plan of the statement that finds ``q``'s matches, under the settings a search of it runs with."""
    tsquery = compile_query(parse_query(q).clauses).tsquery
    condition = PHRASE_INDEX_CONDITION if phrases else "true"
    searching = _Searching(engine.backend(), words=True)
    with searching as cursor:
        if phrases:
            engine.backend()._prefer_positions(cursor, searching.index_names)
        cursor.execute(f"EXPLAIN SELECT article_id FROM archive_searchdocument WHERE vector @@ %s::tsquery "
                       f"AND {condition} LIMIT 10001", [tsquery])
        return "\n".join(row[0] for row in cursor.fetchall())


def test_phrases_find_the_same_articles_in_the_same_order_through_the_positions_index(archive):
    without = results()
    assert without['"وزير الخارجية"'][0] > without['"الخارجية وزير"'][0]  # the words' order counts
    make_positions_index()
    with CaptureQueriesContext(connection) as statements:
        assert results() == without
    assert any(PHRASE_INDEX_CONDITION in statement["sql"] for statement in statements.captured_queries)


def test_a_phrase_is_found_through_the_positions_index_and_a_word_still_through_gin(archive):
    make_positions_index()
    assert PHRASE_INDEX in plan('"وزير الخارجية"', phrases=True)
    word = plan("الخارجية", phrases=False)
    assert PHRASE_INDEX not in word and "searchdocument_vector" in word


def test_without_the_index_a_phrase_is_found_through_gin(archive):
    assert "searchdocument_vector" in plan('"وزير الخارجية"', phrases=True)


def test_the_index_follows_writes_and_survives_a_rebuild(archive):
    make_positions_index()
    written = add("بيان", "أعلن وزير الخارجية الروسي البيان.")
    assert written.pk in [hit.article.pk for hit in search_archive(SearchRequest(q='"وزير الخارجية الروسي"')).hits]
    before = results()
    engine.rebuild()  # new tables, given the live ones' indexes from the catalog (postgres_rebuild)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [PHRASE_INDEX])
        assert "USING rum" in cursor.fetchone()[0]
    assert results() == before
