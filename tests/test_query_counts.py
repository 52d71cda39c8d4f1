"""Every browse page reads the database a fixed number of times, however large the archive grows.

Each page is fetched on a small archive and again after it has grown tenfold
(more articles, days, months, tags, sources and datelines). A query made per
article, per tag or per period (an N+1) makes the second count larger.
"""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.dates import aware_from_day
from archive.models import Article, Source, Tag
from archive.pages import tag_articles

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
SHARED = "دونالد-ترامب"
PAGES = [
    "/",
    "/articles/{first}/",
    "/tags/" + SHARED + "/",
    "/people/",
    "/places/",
    "/organisations/",
    "/archive/",
    "/archive/2018/",
    "/archive/2018/03/",
    "/archive/2018/03/01/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/tags/" + SHARED + "/rss/",
    "/tags/" + SHARED + "/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-tags.xml",
    "/sitemap-dates.xml",
]


def published_on(number):
    """Every fourth article on 1 March 2018, the others every 23 days from January 2017: many days and months."""
    if number % 4 == 0:
        return datetime.date(2018, 3, 1)
    return datetime.date(2017, 1, 1) + datetime.timedelta(days=23 * number)


def add_articles(first, last):
    """Articles ``first`` to ``last - 1``: each with the shared person, tags of its own and a dateline."""
    shared = Tag.objects.get_or_create(kind=Tag.Kind.PERSON, name="دونالد ترامب")[0]
    for number in range(first, last):
        article = Article.objects.create(
            title=f"خبر رقم {number}", body=f"نص الخبر رقم {number}.\nفقرة ثانية.",
            published=aware_from_day(published_on(number)), status=Article.Status.PUBLISHED,
            source=Source.objects.get_or_create(name=f"مصدر {number % 4}")[0],
            dateline=Tag.objects.get_or_create(kind=Tag.Kind.PLACE, name=f"مدينة {number % 5}")[0],
        )
        own = [Tag.objects.create(kind=kind, name=f"{label} {number}")
               for kind, label in (
                   (Tag.Kind.PERSON, "شخص"), (Tag.Kind.PLACE, "مكان"), (Tag.Kind.ORGANISATION, "منظمة"))]
        article.tags.set([shared, article.dateline, *own])
    Article.objects.create(title=f"مسودة {last}", body="لم تنشر.", published=aware_from_day(published_on(0)))


def count_queries(client, path):
    """Queries of the second fetch: the first may fill what a process reads once (the search's tag aliases)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.fixture(params=[0, 10**9], ids=["tag read by key", "tag walked"])
def tag_plan(request, monkeypatch):
    """A tag's articles are read by key or walked by their number against the archive's
    (``archive.pages.tag_articles``): the two ways differ by a query, and growing the archive tenfold
    may cross from one to the other. Each is held for a whole test and counted on its own."""
    monkeypatch.setattr(tag_articles, "KEY_READ_STEPS", request.param)


@pytest.mark.parametrize("path", PAGES)
def test_queries_stay_the_same_when_the_archive_grows(client, path, no_outbox_retry, tag_plan):
    add_articles(0, SMALL)
    path = path.format(first=Article.objects.published().earliest("pk").pk)
    small = count_queries(client, path)
    add_articles(SMALL, LARGE)
    assert count_queries(client, path) == small


def test_the_grown_archive_fills_the_pages_counted(client):
    """The counts above compare pages that really grew: full lists, many tags, periods and companions."""
    add_articles(0, LARGE)
    tag_page = client.get(f"/tags/{SHARED}/").content.decode()
    assert tag_page.count('class="card"') == 20 and tag_page.count('class="companion-list"') == 2
    assert client.get("/people/").content.decode().count('class="count"') == LARGE + 1
    assert client.get("/feeds/rss/").content.decode().count("<item>") == LARGE
    assert client.get("/sitemap-dates.xml").content.decode().count("<loc>") > LARGE
