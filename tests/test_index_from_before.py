"""An index written by an earlier archive still opens: Whoosh pickles its schema's classes by module path.

``tests/fixtures/whoosh_index_before_layout/`` was written by the archive
as it stood before search's top-level modules moved into ``archive/search/``
(commit 7db0a74): two published articles, «افتتاح المكتبة الوطنية في دمشق»
(pk 1, tagged دمشق, May 2017) and «مباحثات في موسكو» (pk 2, March 2018).
Its schema names ``archive.search.engine.whoosh_analysis.ArabicAnalyzer``
and ``archive.search.engine.whoosh_backend.KeywordList`` / ``_ListColumn``;
indexes older still name ``archive.search.analyzer`` and
``archive.search.backend``. Moving any of those classes without leaving its
old path importable would make every existing index unreadable.
"""
import pickle
import shutil
from pathlib import Path

import pytest
from haystack import connections

from archive.search import engine
from archive.search.engine.whoosh_analysis import ArabicAnalyzer
from archive.search.engine.whoosh_backend import KeywordList, _ListColumn
from archive.search.syntax import Phrase, Word

BEFORE = Path(__file__).parent / "fixtures" / "whoosh_index_before_layout"


@pytest.fixture
def index_from_before(tmp_path, settings):
    info = connections.connections_info["default"]
    if "PATH" not in info:
        pytest.skip("the PostgreSQL engine keeps its index in the database")
    saved = info["PATH"]
    info["PATH"] = str(shutil.copytree(BEFORE, tmp_path / "whoosh"))
    connections.reload("default")
    yield
    info["PATH"] = saved
    connections.reload("default")


def found(word, **options):
    results = engine.search(engine.EngineQuery(clauses=(Word(word),), audience=engine.STAFF, **options))
    return [hit.pk for hit in results.hits]


@pytest.mark.django_db
def test_an_index_written_before_the_move_opens_and_finds_its_articles(index_from_before):
    assert engine.document_count() == 2
    assert found("مكتبة") == [1]  # analysed by today's ArabicAnalyzer: المكتبة's article
    assert found("موسكو") == [2]
    assert found("الكتاب") == []


@pytest.mark.django_db
def test_an_index_written_before_the_move_keeps_its_facets(index_from_before):
    results = engine.search(engine.EngineQuery(audience=engine.STAFF, limit=0))
    assert results.total == 2
    assert dict(results.facets["place"]) == {"دمشق": 1}


@pytest.mark.parametrize("module, name, current", [
    ("archive.search.engine.whoosh_analysis", "ArabicAnalyzer", ArabicAnalyzer),
    ("archive.search.engine.whoosh_backend", "KeywordList", KeywordList),
    ("archive.search.engine.whoosh_backend", "_ListColumn", _ListColumn),
    ("archive.search.analyzer", "ArabicAnalyzer", ArabicAnalyzer),
    ("archive.search.backend", "KeywordList", KeywordList),
    ("archive.search.backend", "_ListColumn", _ListColumn),
])
def test_every_class_path_an_index_has_pickled_still_unpickles(module, name, current):
    """A schema pickle names a class as ``module`` and ``name`` (protocol 2's GLOBAL, as Whoosh writes it)."""
    assert pickle.loads(b"\x80\x02c" + f"{module}\n{name}\n".encode() + b".") is current


@pytest.mark.django_db
def test_an_index_written_before_positions_were_packed_finds_its_phrases_and_takes_new_articles(index_from_before):
    """Its text field's positions are Whoosh's pickles and its title kept positions too: phrases still match,
    and a write that merges its segment with a new one rewrites them in today's formats."""
    from archive.models import Article

    def phrase(text):
        query = engine.EngineQuery(clauses=(Phrase(text.split()),), audience=engine.STAFF)
        return [hit.pk for hit in engine.search(query).hits]

    assert phrase("المكتبة الوطنية") == [1]
    assert phrase("الوطنية المكتبة") == []
    before = segment_ids()
    for pk in range(10, 16):  # Whoosh merges small segments once there are five or more
        Article.objects.create(pk=pk, title="المكتبة الوطنية تفتح أبوابها", body=f"زيارة {pk} إلى دمشق",
                               status=Article.Status.PUBLISHED)
        engine.sync([pk], fresh=frozenset({pk}))
    assert not before & segment_ids()  # the old segment was read and written anew
    assert sorted(phrase("المكتبة الوطنية")) == [1, *range(10, 16)]
    assert phrase("الوطنية المكتبة") == []
    assert found("موسكو") == [2]
    assert found("افتتاح") == [1]


def segment_ids():
    return {reader.segment().segment_id() for reader, _ in engine.backend().searcher().reader().leaf_readers()}
