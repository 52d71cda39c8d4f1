"""Scheduling: a published article dated ahead is public from its moment on, everywhere at once, with no job to run.

The clock is moved with time-machine; nothing is re-indexed or re-saved
between "before" and "after": the pages, feeds, sitemap, counts and both
search engines judge what is public when they are read.
"""
import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.importing.dates import published_from
from archive.importing.records import Rejected
from archive.models import Article, Source, Tag
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.related import related_articles
from tests.pages import parse

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 5, 10, 12, 0))
DUE = NOW + datetime.timedelta(minutes=1)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def write(title, published, status=Article.Status.PUBLISHED, tags=()):
    article = Article.objects.create(
        title=title, body=f"{title}. خبر عن الرئيس الفرنسي ماكرون وزيارته.", published=published, status=status,
        source=Source.objects.get_or_create(name="فرانس 24")[0])
    article.tags.set(tags)
    return article


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def newsroom(clock, search_index):
    """Yesterday's article, one scheduled a minute ahead, a draft, an undated one and one dated year 9999."""
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    made = {
        "past": write("ماكرون أمس", NOW - datetime.timedelta(days=1), tags=[macron]),
        "scheduled": write("ماكرون في موعده", DUE, tags=[macron]),
        "draft": write("ماكرون مسودة", NOW - datetime.timedelta(days=2), status=Article.Status.DRAFT, tags=[macron]),
        "undated": write("ماكرون بلا تاريخ", None, tags=[macron]),
        "far": write("ماكرون في المستقبل البعيد",
                     timezone.make_aware(datetime.datetime(9999, 12, 31, 20, 0)), tags=[macron]),
    }
    search_index.rebuild()
    return made


def public_titles(now=None):
    return set(Article.objects.published(now).values_list("title", flat=True))


def test_the_rule_is_published_status_and_a_date_that_has_come(newsroom, clock):
    assert public_titles() == {"ماكرون أمس", "ماكرون بلا تاريخ"}
    assert Article.objects.next_due() == DUE
    assert newsroom["scheduled"].is_scheduled and not newsroom["scheduled"].is_public
    assert newsroom["undated"].is_public and not newsroom["draft"].is_public
    clock.move_to(DUE, tick=False)
    assert public_titles() == {"ماكرون أمس", "ماكرون بلا تاريخ", "ماكرون في موعده"}
    # Year 9999 stays scheduled (the admin says so, with its date), never public by accident, never an error.
    assert Article.objects.next_due() == newsroom["far"].published
    assert newsroom["far"].is_scheduled


def found_by_search(q="ماكرون", **filters):
    return {hit.article.title for hit in search_archive(SearchRequest(q=q, **filters)).hits}


def test_search_finds_a_scheduled_article_from_its_moment_without_reindexing(newsroom, clock):
    assert found_by_search() == {"ماكرون أمس", "ماكرون بلا تاريخ"}
    generation = engine.backend().generation()
    browsing = search_archive(SearchRequest(q="", person=["إيمانويل-ماكرون"]))
    assert browsing.total == 2
    clock.move_to(DUE - datetime.timedelta(seconds=1), tick=False)
    assert found_by_search() == {"ماكرون أمس", "ماكرون بلا تاريخ"}  # cached, and still true
    clock.move_to(DUE, tick=False)
    assert engine.backend().generation() == generation  # the index did not change: the cache key did
    assert found_by_search() == {"ماكرون أمس", "ماكرون بلا تاريخ", "ماكرون في موعده"}
    after = search_archive(SearchRequest(q="", person=["إيمانويل-ماكرون"]))
    assert after.total == 3
    assert {value.value: value.count for value in after.facets["month"]}["2026-05"] == 2


def test_a_cached_result_never_shows_an_article_before_its_moment(newsroom, clock):
    clock.move_to(DUE, tick=False)
    assert "ماكرون في موعده" in found_by_search()
    clock.move_to(NOW, tick=False)  # an editor moved the date back in time? no: the clock; the cache must follow
    assert "ماكرون في موعده" not in found_by_search()


def test_pages_feeds_sitemap_and_counts_agree_before_and_after(client, newsroom, clock):
    scheduled = newsroom["scheduled"]

    def seen():
        home = client.get("/").content.decode()
        feed = feedparser.parse(client.get("/feeds/rss/").content)
        tag_feed = feedparser.parse(client.get("/tags/إيمانويل-ماكرون/atom/").content)
        sitemap = ET.fromstring(client.get("/sitemap-articles.xml").content)
        day = client.get("/archive/2026/05/10/")
        people = {row.get_text(" ", strip=True) for row in parse(client.get("/people/")).select("main li")}
        api = client.get("/api/search/", {"q": "ماكرون"}).json()
        return {
            "article": client.get(scheduled.get_absolute_url()).status_code,
            "home": scheduled.title in home,
            "feed": scheduled.title in {entry.title for entry in feed.entries},
            "tag feed": scheduled.title in {entry.title for entry in tag_feed.entries},
            "sitemap": any(loc.text.endswith(scheduled.get_absolute_url()) for loc in sitemap.iter(f"{SITEMAP}loc")),
            "day": day.status_code,
            "people": any("3" in row for row in people if "ماكرون" in row),
            "api": api["total"],
        }

    assert seen() == {"article": 404, "home": False, "feed": False, "tag feed": False, "sitemap": False,
                      "day": 404, "people": False, "api": 2}
    clock.move_to(DUE, tick=False)
    assert seen() == {"article": 200, "home": True, "feed": True, "tag feed": True, "sitemap": True,
                      "day": 200, "people": True, "api": 3}


def test_tag_counts_and_neighbours_leave_out_scheduled_and_drafts(newsroom, clock):
    macron = Tag.objects.get(name="إيمانويل ماكرون")
    assert Tag.objects.filter(pk=macron.pk).on_published_articles()[0].article_count == 2
    drafted = Tag.objects.create(kind=Tag.Kind.TOPIC, name="موضوع المسودة")
    newsroom["draft"].tags.add(drafted)
    counts = {tag.name: tag.article_count for tag in Tag.objects.with_article_counts()}
    assert counts == {"إيمانويل ماكرون": 2, "موضوع المسودة": 0}  # what the search's tag suggestions show
    assert newsroom["past"].neighbours() == (None, None)
    assert related_articles(newsroom["past"]) == [newsroom["undated"]]
    clock.move_to(DUE, tick=False)
    assert Tag.objects.filter(pk=macron.pk).on_published_articles()[0].article_count == 3
    assert newsroom["past"].neighbours() == (None, newsroom["scheduled"])
    assert set(related_articles(newsroom["past"])) == {newsroom["undated"], newsroom["scheduled"]}


def test_title_completion_offers_no_word_of_a_draft_or_a_scheduled_article(client, clock, search_index):
    write("مسودةكلمة سرية", NOW, status=Article.Status.DRAFT)
    write("مجدولكلمة قادمة", DUE)
    write("منشوركلمة معلنة", NOW)
    search_index.rebuild()

    def completions(typed):
        return client.get("/api/opensearch/suggest/", {"q": typed}).json()[1]

    assert completions("مسود") == [] and completions("مجدو") == []
    assert "منشوركلمه" in completions("منشو")  # words are offered as the index folds them (ة → ه)
    clock.move_to(DUE, tick=False)
    assert "مجدولكلمه" in completions("مجدو")


def test_search_archive_command_sees_the_public_archive(newsroom, clock, capsys):
    call_command("search_archive", "ماكرون", "--json")
    printed = capsys.readouterr().out
    assert "ماكرون أمس" in printed and "ماكرون في موعده" not in printed and "مسودة" not in printed


def test_an_imported_date_past_the_end_of_9999_in_the_site_time_zone_is_refused_clearly():
    """Year 9999 late on 31 December in UTC is year 10000 in Damascus: no page could show it (a 500 everywhere)."""
    with pytest.raises(Rejected, match="بعد نهاية سنة 9999"):
        published_from("9999-12-31T23:00:00Z")
    assert published_from("9999-06-01").year == 9999  # far ahead but showable: kept, and scheduled
