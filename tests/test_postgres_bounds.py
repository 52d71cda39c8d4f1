"""The PostgreSQL engine's bounded work (issue 10: a million articles), on a real PostgreSQL server.

A word found in a third of a million articles must cost what a rare one
does: the engine counts exactly up to ``TRACK_TOTAL_HITS`` matches and then
says "more than", counts facets over the matches it counted and says so on
the page and in the API, and ranks a bounded set of candidates. Here the
bounds are set small (the connection's options, as a deployment sets them)
so that a handful of articles crosses them.
"""
import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from archive.dates import aware_from_day
from archive.models import Article, Source, Tag
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine.postgres_backend import counted_matches, phrase_checks
from archive.search.syntax import parse_query
from archive.templatetags.archive_pages import grouped
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def macron_articles(postgres, search_index):
    """Five articles on Macron (one tag, one source), one a month, and one on the Louvre."""
    source = Source.objects.create(name="فرانس 24")
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    made = []
    for month in range(1, 6):
        article = Article.objects.create(title=f"ماكرون في خبر رقم {month}", body="نص قصير عن الرئيس.",
                                         status=Article.Status.PUBLISHED, source=source,
                                         published=aware_from_day(datetime.date(2018, month, 1)))
        article.tags.add(macron)
        made.append(article)
    Article.objects.create(title="متحف اللوفر", body="زار ماكرون المتحف.", status=Article.Status.PUBLISHED,
                           published=aware_from_day(datetime.date(2017, 1, 1)))
    return made


def test_past_the_cap_the_total_is_a_lower_bound_and_facets_say_what_they_counted(bounds, macron_articles):
    bounds(TRACK_TOTAL_HITS=3)
    results = search_archive(SearchRequest(q="ماكرون", page_size=2))
    assert results.total == 3 and results.total_is_lower_bound
    assert results.facets_counted_over == 3
    assert sum(value.count for value in results.facets["month"]) == 3, "facets over the matches counted"
    # Which 3 of the 6 matches are counted is the heap's order, and the untagged one may be among them
    # (a page's pruning frees line pointers that a later insert takes): 2 or 3, never the 5 of all matches.
    assert [value.count for value in results.facets["person"]] in ([3], [2])
    assert len(results.hits) == 2, "the page itself is whole"


def test_under_the_cap_everything_is_exact(bounds, macron_articles):
    bounds(TRACK_TOTAL_HITS=10)
    results = search_archive(SearchRequest(q="ماكرون"))
    assert results.total == 6 and not results.total_is_lower_bound and results.facets_counted_over is None
    assert [value.count for value in results.facets["person"]] == [5]
    bounds(TRACK_TOTAL_HITS=6)  # exactly at the cap is still exact: one more is what makes "more than"
    results = search_archive(SearchRequest(q="ماكرون"))
    assert results.total == 6 and not results.total_is_lower_bound


def test_facets_of_more_matches_than_they_count_are_labelled_though_the_total_is_exact(bounds, macron_articles,
                                                                                       client):
    bounds(TRACK_TOTAL_HITS=10, FACET_HITS=2)
    results = search_archive(SearchRequest(q="ماكرون"))
    assert results.total == 6 and not results.total_is_lower_bound and results.facets_counted_over == 2
    assert sum(value.count for value in results.facets["month"]) == 2
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    assert "أكثر من" not in page.select_one("#results-heading").get_text()
    assert "في أول 2 نتيجة" in page.select_one(".facets-note").get_text()


def test_the_page_says_more_than_and_labels_the_facets(bounds, macron_articles, client):
    bounds(TRACK_TOTAL_HITS=3)
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    assert page.html["dir"] == "rtl" and page.html["lang"] == "ar"
    assert page.select_one("#results-heading").get_text(" ", strip=True).startswith("أكثر من 3 نتيجة")
    note = page.select_one(".facets .facets-note")
    assert note is not None and "في أول 3 نتيجة" in note.get_text() and note["role"] == "note"
    bounds(TRACK_TOTAL_HITS=10)
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    assert "أكثر من" not in page.select_one("#results-heading").get_text()
    assert page.select_one(".facets-note") is None


def test_the_cap_is_written_with_the_thousands_separator_of_the_reader_s_language():
    """«أكثر من 10٬000»: Arabic's own separator (Django's Arabic format has "." — a decimal point to a reader)."""
    with translation.override("ar"):
        assert grouped(10_000) == "10٬000"
    with translation.override("en"):
        assert grouped(10_000) == "10,000"


def test_the_api_says_the_total_is_a_lower_bound(bounds, macron_articles, client):
    bounds(TRACK_TOTAL_HITS=3)
    data = client.get("/api/search/", {"q": "ماكرون", "size": 2}).json()
    assert data["total"] == 3 and data["total_is_lower_bound"] is True and data["facets_counted_over"] == 3
    assert data["num_pages"] == 2 and data["next"]
    bounds(TRACK_TOTAL_HITS=10)
    data = client.get("/api/search/", {"q": "ماكرون"}).json()
    assert data["total"] == 6 and data["total_is_lower_bound"] is False and data["facets_counted_over"] is None


def test_past_the_counted_pages_the_reader_is_told_to_narrow_not_that_it_is_the_end(bounds, macron_articles):
    bounds(TRACK_TOTAL_HITS=3)
    results = search_archive(SearchRequest(q="ماكرون", page_size=2, page=4))
    assert results.page == 2
    assert any("ضيّق البحث" in note for note in results.notes)
    assert not any("هذه الصفحة الأخيرة" in note for note in results.notes)


def test_a_ranked_page_finds_the_title_match_among_many_newer_body_matches(bounds, macron_articles):
    """With two candidates of each kind, the newest matches are all body-only; the title match still leads."""
    for day in range(1, 6):
        Article.objects.create(title=f"خبر عادي {day}", body="ذكر عابر للمتحف في آخر النص.",
                               status=Article.Status.PUBLISHED,
                               published=aware_from_day(datetime.date(2019, 1, day)))
    louvre = Article.objects.get(title="متحف اللوفر")
    bounds(RANK_CANDIDATES=100)
    everything = [hit.article.pk for hit in search_archive(SearchRequest(q="المتحف")).hits]
    bounds(RANK_CANDIDATES=2)
    bounded = search_archive(SearchRequest(q="المتحف"))
    assert everything[0] == louvre.pk and bounded.hits[0].article.pk == louvre.pk
    assert bounded.total == 6, "the total counts every match, not the candidates"


@pytest.mark.parametrize("cap", [4, 100], ids=["more matches than the cap", "every match counted"])
def test_date_sorted_and_filtered_pages_do_not_depend_on_the_cap(bounds, macron_articles, cap):
    """Past the cap the page is read off the date index; under it, the matches are found and sorted."""
    bounds(TRACK_TOTAL_HITS=cap, RANK_CANDIDATES=1)
    newest = search_archive(SearchRequest(q="ماكرون", sort="newest", page_size=3))
    assert [hit.article.title for hit in newest.hits] == ["ماكرون في خبر رقم 5", "ماكرون في خبر رقم 4",
                                                          "ماكرون في خبر رقم 3"]
    assert all(hit.score is not None for hit in newest.hits), "a date-sorted page shows its scores"
    oldest = search_archive(SearchRequest(q="", person=["إيمانويل-ماكرون"], sort="oldest", page_size=2, page=2))
    assert [hit.article.title for hit in oldest.hits] == ["ماكرون في خبر رقم 3", "ماكرون في خبر رقم 4"]
    deep = search_archive(SearchRequest(q="ماكرون", page_size=1, page=2))
    assert len(deep.hits) == 1, "a ranked page past the candidates still has its hits"


@pytest.fixture
def undated_macron(macron_articles):
    """Two more articles on Macron, undated (an import found no date): a date filter leaves them out."""
    for number in (1, 2):
        Article.objects.create(title=f"ماكرون في خبر بلا تاريخ {number}", body="نص قصير عن الرئيس.",
                               status=Article.Status.PUBLISHED, published=None)


def _counting_statements(queries):
    return [query["sql"] for query in queries if "archive_searchdocument" in query["sql"] and "count(" in query["sql"]]


def test_a_date_filtered_search_counts_its_undated_matches_in_its_one_counting_statement(undated_macron):
    """The undated matches left out are counted with the total, in one statement: no counts with no dates and
    with any date beside it. The figure is what those two counts give."""
    spring = SearchRequest(q="ماكرون", date_from=datetime.date(2018, 2, 1), date_to=datetime.date(2018, 4, 30))
    with CaptureQueriesContext(connection) as queries:
        results = search_archive(spring)
    assert len(_counting_statements(queries.captured_queries)) == 1
    assert results.total == 3 and results.undated_excluded == 2
    assert "مقالان مما يطابق البحث لا تاريخ لهما" in " ".join(results.notes)
    words = tuple(parse_query("ماكرون").clauses)
    everything = engine.search(engine.EngineQuery(clauses=words, limit=0, facets=False))
    dated = engine.search(engine.EngineQuery(clauses=words, limit=0, facets=False,
                                             start=datetime.datetime(1, 1, 1), end=datetime.datetime(9999, 1, 1)))
    assert everything.total - dated.total == 2, "the figure the two counts gave"
    for limit, facets in ((0, False), (5, False), (5, True)):  # a count alone, a page, a page with facets
        counted = engine.search(engine.EngineQuery(clauses=words, limit=limit, facets=facets, count_undated=True,
                                                   start=datetime.datetime(2018, 2, 1),
                                                   end=datetime.datetime(2018, 4, 30, 23, 59)))
        assert (counted.total, counted.undated) == (3, 2), (limit, facets)


def test_undated_matches_are_counted_exactly_up_to_the_cap_and_past_it_not_reported(bounds, undated_macron):
    """Like the total: exact up to ``TRACK_TOTAL_HITS``; past it, how many is unknown, so no note (as when
    the two counts stopped), rather than a lower bound read as exact."""
    spring = SearchRequest(q="ماكرون", date_from=datetime.date(2018, 2, 1), date_to=datetime.date(2018, 4, 30))
    bounds(TRACK_TOTAL_HITS=2)
    results = search_archive(spring)
    assert results.undated_excluded == 2 and results.total == 2 and results.total_is_lower_bound
    bounds(TRACK_TOTAL_HITS=1)
    results = search_archive(spring)
    assert results.undated_excluded is None
    assert not any("لا تاريخ" in note for note in results.notes)


def test_the_cap_shrinks_as_the_archive_grows_unless_set():
    """10,000 (Elasticsearch's default) up to 100,000 articles, then fewer in proportion, 1,000 from a million."""
    assert [counted_matches(documents) for documents in (0, 30_000, 100_000, 200_000, 300_000, 500_000, 999_999,
                                                         1_000_000, 5_000_000)] == \
        [10_000, 10_000, 10_000, 5_000, 3_000, 2_000, 1_000, 1_000, 1_000]


def test_a_phrase_is_checked_in_fewer_documents_as_the_archive_grows_past_what_is_counted_in_full():
    """As many as are counted up to 100,000 articles, then fewer in proportion again, 500 at least."""
    assert [phrase_checks(counted_matches(documents), documents)
            for documents in (30_000, 100_000, 200_000, 500_000, 1_000_000, 5_000_000)] == \
        [10_000, 10_000, 2_500, 500, 500, 500]
    assert phrase_checks(3, 30_000) == 3 and phrase_checks(3, 1_000_000) == 3, "never more than are counted"


def test_an_archive_of_a_million_counts_to_a_thousand_and_says_so(bounds, client):
    articles = [Article(title=f"زيتون الموسم رقم {number}", body=f"نص رقم {number}.", status=Article.Status.PUBLISHED,
                        published=aware_from_day(datetime.date(2018, 1, 1)), fingerprint=f"olive-{number}")
                for number in range(1_005)]
    Article.objects.bulk_create(articles)
    engine.rebuild()
    bounds(TRACK_TOTAL_HITS=None)  # as SEARCH_TRACK_TOTAL_HITS unset
    results = search_archive(SearchRequest(q="زيتون"))
    assert results.total == 1_005 and not results.total_is_lower_bound, "a small archive counts to 10,000"
    with connection.cursor() as cursor:  # the number of documents as the trigger keeps it in a million's archive
        cursor.execute("UPDATE archive_searchgeneration SET documents = 1000000")
    caches[engine.CACHE_ALIAS].clear()
    results = search_archive(SearchRequest(q="زيتون"))
    assert results.total == 1_000 and results.total_is_lower_bound and results.facets_counted_over == 1_000
    with translation.override("ar"):
        page = parse(client.get("/search/", {"q": "زيتون"}))
    assert page.select_one("#results-heading").get_text(" ", strip=True).startswith(f"أكثر من {grouped(1000)} نتيجة")
    assert f"في أول {grouped(1000)} نتيجة" in page.select_one(".facets-note").get_text()
    answer = client.get("/api/search/", {"q": "زيتون"}).json()
    assert answer["total"] == 1_000 and answer["total_is_lower_bound"] is True
    phrase = search_archive(SearchRequest(q='"زيتون الموسم"'))  # every one holds it: the newest 500 are read
    assert phrase.total == 500 and not phrase.total_is_lower_bound and phrase.phrases_checked_in == 500


def test_a_phrase_is_looked_for_among_as_many_articles_holding_its_words_as_are_counted(bounds, client):
    """Each article holding a phrase's words has its whole vector read to find where they are: a phrase of
    common words is looked for among the newest of them only, and the reader is told so."""
    def add(title, year):
        return Article.objects.create(title=title, body="نص قصير.", status=Article.Status.PUBLISHED,
                                      published=aware_from_day(datetime.date(year, 1, 1)))
    phrased = [add("سد النهضة يكتمل", 2021), add("سد النهضة في عام أول", 2010), add("سد النهضة في عام ثان", 2011)]
    for year in range(2016, 2020):
        add(f"النهضة الزراعية حول سد قديم {year}", year)
    engine.rebuild()  # newest first, as a rebuild writes them
    bounds(TRACK_TOTAL_HITS=3)
    with translation.override("ar"):
        results = search_archive(SearchRequest(q='"سد النهضة"'))
        page = parse(client.get("/search/", {"q": '"سد النهضة"'}))
    assert [hit.article.pk for hit in results.hits] == [phrased[0].pk], "the newest three holding both words"
    assert results.total == 1 and not results.total_is_lower_bound and results.phrases_checked_in == 3
    assert any(f"أحدث {grouped(3)} مقالة تجمع كلماتها" in note for note in results.notes)
    assert page.select_one("#results-heading").get_text(" ", strip=True).startswith(f"{grouped(1)} نتيجة على الأقل")
    assert client.get("/api/search/", {"q": '"سد النهضة"'}).json()["phrases_checked_in"] == 3
    with translation.override("ar"):
        beyond = search_archive(SearchRequest(q='"سد النهضة"', page=5, page_size=1))
    assert not any("الصفحة الأخيرة" in note for note in beyond.notes), "older articles may hold more matches"
    assert any("لا تُعرض صفحات بعد الصفحة" in note for note in beyond.notes)
    bounds(TRACK_TOTAL_HITS=10)
    results = search_archive(SearchRequest(q='"سد النهضة"'))
    assert sorted(hit.article.pk for hit in results.hits) == sorted(article.pk for article in phrased)
    assert results.total == 3 and results.phrases_checked_in is None
    assert not any("تجمع كلماتها" in note for note in results.notes)
