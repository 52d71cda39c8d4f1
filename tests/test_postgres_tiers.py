"""Date tiers of the PostgreSQL GIN indexes (``manage.py tier_search_index``, ``postgres_tiers``), on a real
PostgreSQL server.

With the tiers, a search looks for its matches newest first, range by
range, each through its own partial GIN index (of words and keys), and stops at
the count's cap: what it finds is what it found without them, and a capped count counts
the newest matches. Here the tiers are made small (two documents in the
newest) so that a dozen articles cross them.
"""
import datetime
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.dates import aware_from_day
from archive.models import Article, Tag
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine import postgres_tiers
from archive.search.engine.postgres_backend import DOCUMENTS, _Searching
from archive.search.engine.postgres_tiers import INDEX_NAMES_SQL, tier_names

pytestmark = pytest.mark.django_db

YEARS = range(2010, 2022)


@pytest.fixture
def archive(postgres, search_index):
    """One article on olives a year, 2010 to 2021, indexed as written, oldest first (the table's order), every
    other one about a farmer; and one undated."""
    farmer = Tag.objects.create(kind=Tag.Kind.PERSON, name="أبو سمير")
    made = {}
    for year in YEARS:
        made[year] = Article.objects.create(title=f"موسم الزيتون في عام {year}", body="قطف الزيتون في القرية.",
                                            status=Article.Status.PUBLISHED,
                                            published=aware_from_day(datetime.date(year, 6, 1)))
        if year % 2:
            made[year].tags.add(farmer)
    made[None] = Article.objects.create(title="الزيتون بلا تاريخ", body="نص.", status=Article.Status.PUBLISHED)
    return made


def tiers():
    """The names of the tier indexes there are."""
    with connection.cursor() as cursor:
        cursor.execute(INDEX_NAMES_SQL, [DOCUMENTS])
        return sorted(tier_names(cursor.fetchone()[0]))


def answers():
    """Totals, hits and facets of searches of every kind the tiers serve, searched afresh."""
    caches["search"].clear()
    found = {}
    for request in [SearchRequest(q="الزيتون"), SearchRequest(q="الزيتون", sort="newest"),
                    SearchRequest(q="الزيتون", sort="oldest"), SearchRequest(q="الزيتون", sort="newest", page=2),
                    SearchRequest(q="الزيتون القرية", date_from=datetime.date(2015, 1, 1),
                                  date_to=datetime.date(2017, 12, 31)),
                    SearchRequest(q="الزيتون", date_to=datetime.date(2011, 1, 1)),
                    SearchRequest(q="بلا"), SearchRequest(q="الزيتون -بلا"), SearchRequest(person=["أبو-سمير"]),
                    SearchRequest(person=["أبو-سمير"], page=2), SearchRequest(person=["أبو-سمير"], sort="oldest"),
                    SearchRequest(q="القرية", person=["أبو-سمير"], sort="oldest"),
                    SearchRequest(q="القرية", person=["أبو-سمير"]),
                    SearchRequest(person=["أبو-سمير"], date_from=datetime.date(2019, 1, 1))]:
        results = search_archive(request)
        found[str(request)] = (results.total, [hit.article.pk for hit in results.hits], results.undated_excluded,
                               {name: [(value.value, value.count) for value in values]
                                for name, values in results.facets.items()})
    return found


def test_tiers_find_what_the_whole_index_finds(archive):
    before = answers()
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    # The newest holds the two newest (from the second newest's day), the next four more, the oldest the rest.
    assert tiers() == [f"searchdocument_search_since_{day}" for day in ("0", "20160601", "20200601")]
    assert answers() == before


def dated_pages(page_size):
    """Totals and pages of date-sorted searches, searched afresh (past a cap, which matches are counted and
    faceted and which are ranked depends on where they were found first; a date-sorted page does not)."""
    caches["search"].clear()
    found = {}
    for request in [SearchRequest(q="الزيتون", sort="newest"), SearchRequest(q="الزيتون", sort="oldest"),
                    SearchRequest(person=["أبو-سمير"]), SearchRequest(person=["أبو-سمير"], sort="oldest"),
                    SearchRequest(q="القرية", person=["أبو-سمير"], sort="newest"),
                    SearchRequest(q="الزيتون", sort="newest", date_to=datetime.date(2019, 1, 1)),
                    SearchRequest(person=["أبو-سمير"], date_from=datetime.date(2013, 1, 1))]:
        for page in (1, 2, 3, 4, 7):
            request.page, request.page_size = page, page_size
            results = search_archive(request)
            found[str(request)] = (results.total, [hit.article.pk for hit in results.hits])
    return found


@pytest.mark.parametrize("cap", [2, 3, 5, 7])
def test_capped_date_sorted_pages_are_the_same_with_tiers(archive, bounds, cap):
    """Past the cap, a date-sorted page is taken from the matches the count found newest first when they hold
    it, else read off the date index: the same pages as without tiers, small and large, near and far."""
    bounds(TRACK_TOTAL_HITS=cap)
    before = [dated_pages(page_size) for page_size in (2, 3, 10)]
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    assert [dated_pages(page_size) for page_size in (2, 3, 10)] == before


def test_a_capped_count_counts_the_newest_matches_first(archive, bounds):
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    bounds(TRACK_TOTAL_HITS=3)
    results = search_archive(SearchRequest(q="الزيتون", sort="newest", page_size=10))
    assert results.total == 3 and results.total_is_lower_bound
    # The newest tier's two, then the next tier's first, though the oldest were written first.
    assert sorted(value.value for value in results.facets["month"]) == ["2016-06", "2020-06", "2021-06"]
    assert [hit.article.published.year for hit in results.hits] == [2021, 2020, 2019, 2018, 2017, 2016, 2015,
                                                                    2014, 2013, 2012]


def test_each_tier_is_searched_through_its_own_index(archive):
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    caches["search"].clear()
    with CaptureQueriesContext(connection) as captured:
        search_archive(SearchRequest(q="الزيتون"))
    statement = next(query["sql"] for query in captured.captured_queries if "WITH found" in query["sql"])
    with _Searching(engine.backend(), words=True) as cursor:  # the settings the search ran with
        # In a dozen rows the date indexes cost as little as any (a tier's own condition is on the day, which
        # they do not hold, but the search's "published by now" is on the date): without them (rolled back),
        # the GIN indexes are left to choose from.
        cursor.execute("DROP INDEX searchdocument_newest, searchdocument_published")
        cursor.execute("EXPLAIN " + statement)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for name in tiers():
        assert f"Bitmap Index Scan on {name} " in plan
    assert not re.search(r"Index Scan on searchdocument_vector ", plan), "the whole-table index is not read"
    assert "Seq Scan" not in plan


def test_a_word_with_a_person_is_one_scan_of_each_tier_index(archive, bounds):
    """The word's postings are stepped through to the person's documents in one index, not read whole and
    ANDed with the person's (a common word with a person at a million: 113,705 postings read in one tier)."""
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    bounds(TRACK_TOTAL_HITS=3)
    with CaptureQueriesContext(connection) as captured:
        results = search_archive(SearchRequest(q="القرية", person=["أبو-سمير"], sort="newest", page_size=2))
    assert [hit.article.published.year for hit in results.hits] == [2021, 2019]
    # One statement counts, finds the facets and the page: the newest tier holds 2021, the next 2019 and 2017,
    # and the oldest the fourth match counted, so the page is among them.
    statements = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("WITH found")]
    assert len(statements) == 1
    assert not [query for query in captured.captured_queries if "ORDER BY published" in query["sql"]
                and not query["sql"].startswith("WITH found")]
    with _Searching(engine.backend(), words=True) as cursor:
        # As above (rolled back); and in a dozen rows the person's whole-table index costs as little as any, where
        # at a million the planner takes the tiers' (EXPLAIN in the README): left out here too.
        cursor.execute("DROP INDEX searchdocument_newest, searchdocument_published, searchdocument_keys")
        cursor.execute("EXPLAIN " + statements[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for name in tiers():
        scan = plan.partition(f"Bitmap Index Scan on {name} ")[2]
        assert re.match(r"[^\n]*\n\s*Index Cond: \(\(vector @@ .*\) AND \(keys @> ", scan), plan
    assert "BitmapAnd" not in plan


def test_former_tiers_are_ignored_and_replaced(archive, caplog, monkeypatch):
    """Tiers made before the words and keys shared an index (a pair a tier) are left to the whole-table
    indexes by the search, which says so in the log, and replaced by the command."""
    monkeypatch.setattr(postgres_tiers, "_warned", False)
    with connection.cursor() as cursor:
        for column, day in [("vector", "0"), ("keys", "0"), ("vector", "20200601"), ("keys", "20200601")]:
            cursor.execute(f"CREATE INDEX searchdocument_{column}_since_{day} ON {DOCUMENTS} USING gin ({column})")
    searching = _Searching(engine.backend(), words=True)
    with searching:
        assert searching.index_names and searching.tier_starts == []
    assert [record.getMessage() for record in caplog.records if record.name == postgres_tiers.__name__] == [
        "The search index's date tiers are in their former layout and are not used: "
        "run manage.py tier_search_index to make them again"]
    before = answers()
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    assert tiers() == [f"searchdocument_search_since_{day}" for day in ("0", "20160601", "20200601")]
    with connection.cursor() as cursor:
        cursor.execute(INDEX_NAMES_SQL, [DOCUMENTS])
        assert not [name for name in cursor.fetchone()[0] if "_since_" in name and "search_since" not in name]
    assert answers() == before


def test_tiers_follow_writes_survive_a_rebuild_and_can_be_removed(archive, search_index):
    call_command("tier_search_index", newest=2, growth=2, tiers=3, stdout=None)
    late = Article.objects.create(title="الزيتون في 2019 مرة أخرى", body="نص.", status=Article.Status.PUBLISHED,
                                  published=aware_from_day(datetime.date(2019, 9, 9)))
    caches["search"].clear()
    assert late.pk in [hit.article.pk for hit in search_archive(SearchRequest(q="الزيتون", page_size=20)).hits]
    search_index.rebuild()
    assert len(tiers()) == 3
    assert search_archive(SearchRequest(q="الزيتون")).total == len(YEARS) + 2
    call_command("tier_search_index", remove=True, stdout=None)
    assert tiers() == []


def test_a_small_archive_gets_no_tiers(archive):
    call_command("tier_search_index", newest=100, stdout=None)
    assert tiers() == []
