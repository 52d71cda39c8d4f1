"""The engine behind the door: Whoosh's own ranking, a cache that never serves stale results, an index kept level."""
import datetime
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from whoosh import query as wq

from archive.arabic.normalize import normalize
from archive.dates import aware_from_day
from archive.models import Article, Source, Tag
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine import whoosh_columns
from archive.search.engine.whoosh_analysis import positional_phrase
from archive.search.engine.whoosh_columns import (
    TEXT_FIELDS,
    _positions_one_by_one,
    _read_postings,
    _term_blocks,
    read_positions,
    sorted_distinct,
    sorted_runs,
)
from archive.search.engine.whoosh_scoring import best_first
from tests.factories import add_article

pytestmark = pytest.mark.django_db

BODIES = [
    "قال الرئيس الفرنسي ماكرون إن الاتحاد الأوروبي سيبحث الأزمة السورية في بروكسل.",
    "التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي في موسكو لبحث الأزمة.",
    "أعلنت الأمم المتحدة أن مجلس الأمن سيعقد جلسة طارئة حول سوريا.",
    "ماكرون وميركل يبحثان مستقبل الاتحاد الأوروبي بعد خروج بريطانيا.",
    "قمة في بروكسل تبحث الأزمة السورية واللاجئين، بحضور ماكرون.",
]


def make_articles(count, word="ماكرون", first=0):
    source = Source.objects.get_or_create(name="فرانس 24")[0]
    person = Tag.objects.get_or_create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")[0]
    made = []
    for number in range(first, first + count):
        article = Article.objects.create(
            title=f"{word} في خبر رقم {number}", body=f"{BODIES[number % len(BODIES)]} ({number})",
            published=aware_from_day(datetime.date(2018, 1 + number % 12, 1 + number % 28)),
            source=source, status=Article.Status.PUBLISHED)
        article.tags.add(person)
        made.append(article)
    return made


@pytest.fixture
def small_archive(search_index):
    articles = make_articles(len(BODIES))
    search_index.rebuild()
    return articles


def whoosh_ranking(words):
    """What Whoosh's own collector ranks for ``words``, each surface-or-stem in every text field, all required."""
    backend = engine.backend()
    searcher = backend.searcher()
    schema = backend.schema
    query = wq.And([
        wq.Or([wq.Term(field, term) for field in TEXT_FIELDS
               for term in dict.fromkeys(schema["text"].process_text(word, mode="query"))])
        for word in words
    ])
    hits = searcher.search(query, limit=None)
    return [(int(searcher.stored_fields(hit.docnum)["django_id"]), round(hit.score, 4)) for hit in hits]


@pytest.mark.parametrize("words", [["ماكرون"], ["الأزمة"], ["بروكسل", "الأزمة"], ["الأوروبي"]])
def test_ranking_and_scores_are_whooshs_own(whoosh_only, small_archive, words):
    ours = search_archive(SearchRequest(q=" ".join(words), page_size=50))
    expected = whoosh_ranking(words)
    assert expected, "the query must find something for the comparison to mean anything"
    assert [(hit.article.pk, round(hit.score, 4)) for hit in ours.hits] == expected
    assert ours.total == len(expected)


def test_rebuild_index_gives_the_same_results(small_archive):
    before = search_archive(SearchRequest(q="ماكرون بروكسل OR الأزمة", page_size=50))
    call_command("rebuild_index", interactive=False, verbosity=0)
    after = search_archive(SearchRequest(q="ماكرون بروكسل OR الأزمة", page_size=50))
    assert [hit.article.pk for hit in after.hits] == [hit.article.pk for hit in before.hits]
    assert after.total == before.total == 3


def test_facets_count_every_match_not_only_the_page(small_archive):
    results = search_archive(SearchRequest(q="ماكرون", page_size=2))
    assert results.total == 5 and len(results.hits) == 2
    assert {value.label: value.count for value in results.facets["person"]} == {"إيمانويل ماكرون": 5}
    assert sum(value.count for value in results.facets["month"]) == 5


def _tag_counts_in_database(pks):
    """{(kind, slug): articles among ``pks`` holding the tag}, counted by the database."""
    counted = {}
    for kind, slug in Article.tags.through.objects.filter(article__in=pks).values_list("tag__kind", "tag__slug"):
        counted[kind, slug] = counted.get((kind, slug), 0) + 1
    return counted


@pytest.mark.parametrize("request_", [
    SearchRequest(q="طوكيو", page_size=100),  # a tenth of the articles: their own tags are counted
    SearchRequest(q="", sort="newest", page_size=100),  # all of them: every tag is counted once
    SearchRequest(q="ماكرون", page_size=100),  # most of them
])
def test_facets_count_each_tag_over_the_matches_as_the_database_does(search_index, request_):
    """Facets are counted from the matching articles' own tags when few match, from every tag when
    most do: either way they are the database's counts over the matches, on every page."""
    source = Source.objects.create(name="سانا")
    kinds = [Tag.Kind.PERSON, Tag.Kind.PLACE, Tag.Kind.ORGANISATION]
    tags = [Tag.objects.create(kind=kinds[number % 3], name=f"وسم {number}") for number in range(12)]
    for number in range(60):
        article = Article.objects.create(
            title=f"{'طوكيو' if number % 10 == 3 else 'ماكرون'} في خبر رقم {number}", body=BODIES[number % 5],
            published=aware_from_day(datetime.date(2018, 1 + number % 12, 1)), source=source,
            status=Article.Status.PUBLISHED)
        article.tags.add(*tags[number % 7:number % 7 + number % 4])  # none to three tags, varied
    search_index.rebuild()
    results = search_archive(request_)
    assert 0 < results.total == len(results.hits)
    expected = _tag_counts_in_database([hit.article.pk for hit in results.hits])
    counted = {(kind, value.value): value.count for kind in kinds for value in results.facets[kind]}
    assert counted == expected
    second = search_archive(replace(request_, page_size=7, page=2))  # another page of the same matches
    assert {(kind, value.value): value.count for kind in kinds for value in second.facets[kind]} == expected
    assert sum(value.count for value in second.facets["source"]) == results.total


def test_an_edit_is_found_by_the_next_search_and_the_cache_never_serves_the_old_one(
        small_archive, django_capture_on_commit_callbacks):
    request = SearchRequest(q="طوكيو")
    assert search_archive(request).total == 0
    assert search_archive(request).total == 0  # now from the cache
    with django_capture_on_commit_callbacks(execute=True):
        article = small_archive[0]
        article.title = "ماكرون يزور طوكيو"
        article.save()
    assert [hit.article.pk for hit in search_archive(request).hits] == [article.pk]


def test_a_renamed_tag_is_named_by_the_next_searchs_facets(small_archive, django_capture_on_commit_callbacks):
    """Facet tags' names are kept per index generation: renaming a tag re-indexes its articles, so the
    next search names it anew, in this process as in any other."""
    def persons():
        return {value.value: value.label for value in search_archive(SearchRequest(q="ماكرون")).facets["person"]}

    macron = Tag.objects.get(kind=Tag.Kind.PERSON)
    assert persons() == {macron.slug: "إيمانويل ماكرون"}
    with django_capture_on_commit_callbacks(execute=True):
        macron.name = "إيمانويل ماكرون الرئيس"
        macron.save()
    assert persons() == {macron.slug: "إيمانويل ماكرون الرئيس"}


def test_facet_tags_are_named_from_one_read_of_the_tags_per_index_generation(search_index):
    """The first page of a generation reads every tag's name; later pages naming other tags ask nothing more."""
    for number, name in enumerate(["سوريا", "لبنان", "العراق"]):
        add_article(f"خبر عن {name}", "نص الخبر.", tags=[Tag.objects.create(kind=Tag.Kind.PLACE, name=name)],
                    day=f"2018-0{number + 1}-01")
    search_index.rebuild()
    assert [value.label for value in search_archive(SearchRequest(q="سوريا")).facets["place"]] == ["سوريا"]
    with CaptureQueriesContext(connection) as queries:
        named = search_archive(SearchRequest(q="لبنان")).facets["place"]
    assert [value.label for value in named] == ["لبنان"]
    tag_reads = [query["sql"] for query in queries.captured_queries
                 if f"FROM {connection.ops.quote_name(Tag._meta.db_table)}" in query["sql"]]
    assert tag_reads == [], "the tags' names were read once for the generation"


def test_results_are_cached_under_the_index_generation(small_archive):
    cache = caches[engine.CACHE_ALIAS]
    cache.clear()
    search_archive(SearchRequest(q="ماكرون"))
    entries = len(cache._cache)
    search_archive(SearchRequest(q="ماكرون"))
    assert len(cache._cache) == entries, "the same request is answered from the one cached entry"
    search_archive(SearchRequest(q="ماكرون", person=["إيمانويل-ماكرون"]))
    assert len(cache._cache) == entries + 1, "another filter is another entry, never the first one's results"


def test_update_index_indexes_only_what_is_new_and_then_nothing(small_archive, search_index, capsys):
    call_command("update_index", verbosity=0)  # the fixture's own pending writes
    generation = engine.backend().generation()
    call_command("update_index", verbosity=1)
    assert "0 مقالة" in capsys.readouterr().out
    assert engine.backend().generation() == generation, "a level index is not written to"
    Article.objects.bulk_create([
        Article(title=f"خبر مستورد {n}", body="نص مستورد عن طوكيو.", status=Article.Status.PUBLISHED,
                published=aware_from_day(datetime.date(2018, 6, 1)), fingerprint=f"imported-{n}")
        for n in range(3)
    ])  # bulk writes send no signals: the index does not know them yet
    assert search_archive(SearchRequest(q="طوكيو")).total == 0
    call_command("update_index", verbosity=1)
    assert "3 مقالة" in capsys.readouterr().out
    assert search_archive(SearchRequest(q="طوكيو")).total == 3
    assert search_index.count() == 8


def test_update_index_removes_what_is_no_longer_public(small_archive, search_index):
    Article.objects.filter(pk=small_archive[0].pk).update(status=Article.Status.DRAFT)
    call_command("update_index", verbosity=0)
    assert search_index.count() == 4


def test_rebuild_swaps_a_complete_index_in_and_removes_the_old_one(whoosh_only, small_archive, search_index):
    path = Path(engine.backend().path)
    call_command("rebuild_index", interactive=False, verbosity=0)
    first = path.resolve()
    assert path.is_symlink() and first.is_dir()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert path.resolve() != first and not first.exists()
    assert search_archive(SearchRequest(q="ماكرون")).total == 5


@pytest.mark.parametrize("page", ["/search/?q=ماكرون", "/search/?q=&person=إيمانويل-ماكرون", "/api/search/?q=ماكرون"])
def test_a_search_page_asks_the_database_as_often_for_many_results_as_for_few(client, search_index, page,
                                                                              no_outbox_retry):
    make_articles(3)
    client.get(page)  # once to load what a process reads once (tag names, aliases)
    search_index.rebuild()  # both requests meet a new index generation (facet labels are kept per generation)
    cache = caches[engine.CACHE_ALIAS]
    cache.clear()  # both requests search (PostgreSQL's engine asks the database too)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    make_articles(17, first=3)
    search_index.rebuild()
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("phrase", ["الأزمة السورية", "مجلس الأمن", "الاتحاد الأوروبي", "وزير الخارجية الروسي",
                                    "قمة في بروكسل", "في بروكسل", "الأوروبية السوري", "بروكسل الأزمة", "ماكرون في خبر"])
def test_phrases_match_where_whooshs_positional_query_does(whoosh_only, small_archive, search_index, phrase):
    """Phrases are checked from the candidates' positions, not by Whoosh's span queries: the same
    documents, over several segments and with deleted documents among them."""
    make_articles(4, word="الأزمة السورية", first=len(BODIES))  # a second segment
    search_index.rebuild()
    more = make_articles(3, word="مجلس الأمن في بروكسل", first=20)
    engine.sync([article.pk for article in more], fresh=frozenset(article.pk for article in more))
    small_archive[2].body = "مجلس الأمن الدولي والأزمة السورية في بروكسل"
    small_archive[2].save()
    engine.sync([small_archive[2].pk])  # its old copy is deleted, not dropped

    backend = engine.backend()
    searcher = backend.searcher()
    assert len(list(searcher.reader().leaf_readers())) > 1 and searcher.reader().has_deletions()
    tokens = backend.schema["text"].tokenize(phrase, mode="query", positions=True)
    slots = {}
    for token in tokens:
        slots.setdefault(token.pos, []).append(token.text)
    whooshs = positional_phrase("text", sorted(slots.items()))
    expected = {int(searcher.stored_fields(hit.docnum)["django_id"]) for hit in searcher.search(whooshs, limit=None)}
    ours = search_archive(SearchRequest(q=f'"{phrase}"', page_size=100))
    assert {hit.article.pk for hit in ours.hits} == expected
    assert ours.total == len(expected)


def test_phrases_far_into_a_long_article_match_where_whooshs_positional_query_does(whoosh_only, small_archive,
                                                                                    search_index):
    """Positions are packed as varints (``whoosh_positions``): gaps of one, two and three bytes, and a
    word so frequent that its positions in one article take more than 127 bytes."""
    long = Article.objects.create(
        title="تقرير طويل", status=Article.Status.PUBLISHED,
        body=" ".join(["الأزمة السورية", "ماكرون حدث " * 150, "مجلس الأمن", "حدث " * 17000,
                       "الاتحاد الأوروبي", "ماكرون " * 3]))
    search_index.rebuild()
    backend = engine.backend()
    for phrase, expected in (("الأزمة السورية", True), ("مجلس الأمن", True), ("الاتحاد الأوروبي", True),
                             ("الأمن مجلس", False), ("ماكرون حدث", True), ("حدث ماكرون", True),
                             ("الأوروبي ماكرون", True), ("السورية مجلس", False)):
        slots = {}
        for token in backend.schema["text"].tokenize(phrase, mode="query", positions=True):
            slots.setdefault(token.pos, []).append(token.text)
        searcher = backend.searcher()
        whooshs = {int(searcher.stored_fields(hit.docnum)["django_id"])
                   for hit in searcher.search(positional_phrase("text", sorted(slots.items())), limit=None)}
        ours = {hit.article.pk for hit in search_archive(SearchRequest(q=f'"{phrase}"', page_size=100)).hits}
        assert ours == whooshs and (long.pk in ours) == expected, phrase
    # The block-at-a-time reading of the packed positions, and the blocks kept with a term's postings,
    # give what Whoosh's own matcher decodes.
    read = 0
    backend.searcher()
    for reader, _, part in backend._arrays.leaves:
        every = np.arange(reader.doc_count_all())
        for docs in (every, every[1::2], every[-1:]):  # all, some (their values gathered from the blocks), one
            for term in ("ماكرون", "حدث", "اوروبي", "مجلس"):
                if reader.doc_frequency("text", term):
                    fast = read_positions(reader, "text", term, docs)
                    kept = part.positions(reader, "text", term, docs)
                    slow = _positions_one_by_one(reader.postings("text", term), set(docs.tolist()))
                    assert all(np.array_equal(a, b) for a, b in zip(fast, slow, strict=True)), term
                    assert all(np.array_equal(a, b) for a, b in zip(kept, slow, strict=True)), term
                    read += len(fast[1])
    assert read > 17000


@pytest.mark.parametrize("q", ["", "ماكرون"])
def test_date_sorts_list_the_matches_by_date_undated_last(small_archive, search_index, q):
    """Date-sorted pages keep the matches of one order of the whole index, sorted once per searcher:
    over several segments with a deleted copy among them, newest and oldest first list the public
    matches by date, with the undated ones last."""
    later = make_articles(3, first=40)
    engine.sync([article.pk for article in later], fresh=frozenset(article.pk for article in later))
    Article.objects.filter(pk__in=[later[0].pk, small_archive[1].pk]).update(published=None)
    small_archive[3].title = "ماكرون بعد التعديل"
    small_archive[3].save()
    engine.sync([later[0].pk, small_archive[1].pk, small_archive[3].pk])
    if hasattr(engine.backend(), "searcher"):  # Whoosh: the segments hold a deleted copy (PostgreSQL has none)
        assert engine.backend().searcher().reader().has_deletions()

    articles = Article.objects.filter(pk__in=[a.pk for a in [*small_archive, *later]])
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published)
    undated = {a.pk for a in articles if not a.published}
    for sort, expected in (("newest", [a.pk for a in reversed(dated)]), ("oldest", [a.pk for a in dated])):
        found = [hit.article.pk for hit in search_archive(SearchRequest(q=q, sort=sort, page_size=100)).hits]
        assert found[:len(expected)] == expected and set(found[len(expected):]) == undated, sort


def test_segments_are_written_with_the_lengths_whooshs_own_reader_gives(whoosh_only, small_archive, search_index):
    """Writing a segment, each field's lengths are read once (``whoosh_lengths``), not once per posting:
    for every document and field the same length as Whoosh's per-document reader, so the same segment."""
    from whoosh.writing import SegmentWriter

    from archive.search.engine import whoosh_lengths

    assert SegmentWriter._flush_segment is whoosh_lengths._flush_segment
    backend = engine.backend()
    for reader, _ in backend.searcher().reader().leaf_readers():
        ours = whoosh_lengths.SegmentLengths(reader._perdoc)
        for name in backend.schema.names():
            for doc in range(reader.doc_count_all()):
                assert ours.doc_field_length(doc, name) == reader._perdoc.doc_field_length(doc, name), (name, doc)


@pytest.mark.parametrize(("q", "left_out"), [("ماكرون", 3), ('"الأزمة السورية"', 1), ('"السورية الأزمة"', 0),
                                             ("ماكرون -بروكسل", 2)])
def test_the_matches_a_date_filter_leaves_out_undated_are_counted_with_the_page(small_archive, search_index, q,
                                                                               left_out):
    """The note "N articles matching have no date" counts what the page's own search left out (phrases
    checked in place, exclusions applied), as the two counts without and with any date did."""
    undated = make_articles(3, first=60)
    undated[0].body = "بروكسل تستقبل القمة"
    undated[0].save()
    undated[1].body = "الأزمة السورية في القمة"
    undated[1].save()
    Article.objects.filter(pk__in=[article.pk for article in undated]).update(published=None)
    engine.sync([article.pk for article in undated])
    found = search_archive(SearchRequest(q=q, date_from=datetime.date(2018, 1, 1),
                                         date_to=datetime.date(2018, 12, 31)))
    assert found.undated_excluded == left_out
    everything = search_archive(SearchRequest(q=q, page_size=100))
    assert len([hit for hit in everything.hits if hit.article.published is None]) == left_out


def test_postings_read_from_the_mapped_file_are_what_whooshs_matcher_reads(whoosh_only, search_index):
    """A term's postings are read block by block straight from the mapped postings file (``whoosh_columns``):
    every term's documents and weights are what Whoosh's own matcher gives, for terms in several blocks of
    128, in one, and kept inline in the term dictionary, with weights all 1, all equal and varied."""
    make_articles(300)
    Article.objects.create(title="ماكرون ماكرون ماكرون", body="نص فريد", status=Article.Status.PUBLISHED)
    search_index.rebuild()
    backend = engine.backend()
    backend.searcher()
    terms = blocks = 0
    for reader, _, _ in backend._arrays.leaves:
        assert _term_blocks(reader, "title", "ماكرون") is not None  # read from the map, not by the matcher
        for field in TEXT_FIELDS:
            for term in reader.lexicon(field):
                text = term.decode("utf-8")
                ids, weights, _ = _read_postings(reader, field, text)
                matcher = reader.postings(field, text)
                expected = []
                while matcher.is_active():
                    expected.append((matcher.id(), np.float32(matcher.weight())))
                    matcher.next()
                assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected, (field, text)
                assert ids.dtype == np.int32 and weights.dtype == np.float32
                terms += 1
                blocks = max(blocks, len(_term_blocks(reader, field, text) or ()))
    assert terms > 100 and blocks == 3  # 301 titles hold ماكرون: blocks of 128, 128 and 45


def test_values_pickled_in_a_segment_are_read_where_whoosh_reads_them():
    """Segments are read from the memory map (``whoosh_files``): a pickled value, short (a block's header)
    or longer than the bytes copied to read one, comes out as Whoosh's own file gives it, and the next
    read starts right after it."""
    import pickle

    from whoosh.filedb.structfile import BufferFile

    from archive.search.engine.whoosh_files import PICKLE_WINDOW, MappedFile

    values = [(128, 40_017, 3.5, 3, 12, 200), list(range(PICKLE_WINDOW)), "آخر"]
    data = b"".join(pickle.dumps(value, 2) for value in values) + b"\x00" * 8
    ours, whooshs = MappedFile(data), BufferFile(data)
    for value in values:
        assert ours.read_pickle() == whooshs.read_pickle() == value
        assert ours.tell() == whooshs.tell()


@pytest.mark.parametrize("values", [[], [7], [3, 3, 3], [1, 2, 2, 5, 9, 9], [2**40 + 1, 2**40 + 1, 2**41]])
def test_the_distinct_values_of_a_sorted_array_are_numpys_unique(values):
    """A phrase's candidates are kept distinct without ``np.unique`` (a hash table in NumPy 2: tens of ms)."""
    array = np.array(values, dtype=np.int64)
    assert sorted_distinct(array).tolist() == np.unique(array).tolist()
    distinct, first = sorted_runs(array)
    expected_distinct, expected_first = np.unique(array, return_index=True)
    assert (distinct.tolist(), first.tolist()) == (expected_distinct.tolist(), expected_first.tolist())


@pytest.mark.parametrize("count", [0, 1, 10, 37, 500])
def test_the_first_of_a_ranking_are_those_a_whole_stable_sort_puts_first(count):
    """A page of results takes its documents from the top of the scores without sorting every match: the same
    documents in the same order as sorting them all, ties at the cut in index order (page 2 goes on from page 1)."""
    rng = np.random.default_rng(count)
    docs = np.flatnonzero(rng.random(3000) < 0.4)
    score = rng.integers(0, 6, 3000).astype(float)  # few distinct scores: ties everywhere, at the cut too
    whole = docs[np.lexsort((docs, -score[docs]))]
    assert best_first(docs, score, count).tolist() == whole[:count].tolist()


def test_the_nearest_spelling_is_the_closest_then_the_most_used_with_the_same_first_letter(search_index,
                                                                                          monkeypatch):
    """"Did you mean" takes its word from the index, alike on both engines: at most two edits away, the fewest
    edits first, then the word in most articles; never one that starts with another letter, and nothing for
    a word too far from every other (words typed without spaces, however long). (Whoosh keeps one letter's
    words here: each letter asked drops the one before, read again when asked again.)"""
    monkeypatch.setattr(whoosh_columns, "KEPT_WORDS", 1)
    for title, body in [("سفارة", "افتتاح سفارة جديدة"), ("سفارة", "سفارة أخرى"), ("سيارة", "سيارة جديدة"),
                        ("منارة", "منارة الميناء"), ("ماكرون", "زيارة ماكرون")]:
        add_article(title, body)
    search_index.rebuild()

    def nearest(word):  # the search corrects the words of the query as the index holds them: normalized
        return engine.correct_word(normalize(word))

    assert nearest("سقارة") == normalize("سفارة")  # one edit from سفارة (two articles) and from سيارة (one)
    assert nearest("صفارة") is None  # سفارة is one edit away, but starts with another letter
    assert nearest("ماكرن") == "ماكرون"
    assert nearest("مكرونن") == "ماكرون"  # two edits
    assert nearest("ماكرون" * 20) is None
    assert nearest("ماكرونسفارة") is None
    assert nearest("سقارة") == normalize("سفارة")
