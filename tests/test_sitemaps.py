"""The sitemap of a large archive: every URL once, every file within the protocol's limits.

sitemaps.org: at most 50,000 URLs and 50 MB (uncompressed) per file, and
an index that lists every file. The archive splits far below that
(``PAGE_URLS``, 500 a file), so 2,000 articles over twenty years with 1,200
tags make several files of each section: a sitemap that did not split, or
that listed a page twice (a ``distinct()`` meeting a model's default
ordering, a page edge counted twice), shows here without building the
50,000 articles the protocol's own limit would need.
"""
import datetime
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from archive.models import Article, Source, Tag
from archive.syndication.sitemaps import PAGE_URLS

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLES = 2_000
HOURS_APART = 90  # 2,002 articles from 2000 into 2020
TAGS = 1_200
MAX_URLS, MAX_BYTES = 50_000, 50 * 1024 * 1024


@pytest.fixture
def large_archive(db):
    """2,000 published articles (two drafts among them) over 2000-2020, each with two of 1,200 tags."""
    source = Source.objects.create(name="مصدر")
    start = timezone.make_aware(datetime.datetime(2000, 1, 1, 12))
    Article.objects.bulk_create(
        [Article(title=f"خبر {n}", body=f"نص الخبر {n}.", source=source, fingerprint=f"f{n}",
                 published=start + datetime.timedelta(hours=HOURS_APART * n),
                 status=Article.Status.DRAFT if n % 1000 == 999 else Article.Status.PUBLISHED)
         for n in range(ARTICLES + ARTICLES // 1000)],
        batch_size=5000,
    )
    Tag.objects.bulk_create([Tag(kind=Tag.Kind.TOPIC, name=f"موضوع {n}", slug=f"موضوع-{n}") for n in range(TAGS)])
    tag_ids = list(Tag.objects.values_list("pk", flat=True))
    through = Article.tags.through
    through.objects.bulk_create(
        [through(article_id=pk, tag_id=tag_ids[(pk + offset) % TAGS])
         for pk in Article.objects.values_list("pk", flat=True) for offset in (0, 7)],
        batch_size=10000,
    )
    if connection.vendor == "postgresql":
        # PostgreSQL plans by its statistics, which know nothing of rows inserted in this transaction:
        # without them it walks the tags table once per tag (minutes). Production has autovacuum for this.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE archive_article, archive_tag, archive_article_tags")


def urls_of(response):
    assert response.status_code == 200
    assert len(response.content) < MAX_BYTES
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert len(urls) <= min(MAX_URLS, PAGE_URLS)
    return urls


def test_a_large_archive_lists_every_url_once_within_the_limits(client, large_archive):
    files = urls_of(client.get("/sitemap.xml"))
    assert len(files) == len(set(files))
    listed = Counter()
    for file_url in files:
        listed.update(urls_of(client.get(file_url.removeprefix("http://testserver"))))
    assert [url for url, times in listed.items() if times > 1] == []
    articles = [url for url in listed if "/articles/" in url]
    assert len(articles) == Article.objects.published().count() == ARTICLES
    assert sum("/tags/" in url for url in listed) == TAGS
    years = [url for url in listed if url.count("/") == 5 and "/archive/" in url]
    assert len(years) == 21  # 2000 to 2020, each once however many articles it has
    assert len(files) >= len(listed) / PAGE_URLS > 6  # articles and tags each over several files


def tag_urls(client):
    return sorted(url.rsplit("/tags/", 1)[1] for url in urls_of(client.get("/sitemap-tags.xml")))


def test_the_tags_listed_are_those_a_published_article_carries(client):
    tags = {name: Tag.objects.create(kind=Tag.Kind.TOPIC, name=name, slug=name) for name in "abcde"}
    published = Article.objects.create(title="منشور", body="نص", status=Article.Status.PUBLISHED)
    published.tags.set([tags["a"], tags["b"]])
    assert tag_urls(client) == ["a/", "b/"]  # nothing hidden: the tags with any article; "e" has none
    draft = Article.objects.create(title="مسودة", body="نص آخر", status=Article.Status.DRAFT)
    draft.tags.set([tags["b"], tags["c"]])
    scheduled = Article.objects.create(title="مجدول", body="نص ثالث", status=Article.Status.PUBLISHED,
                                       published=timezone.now() + datetime.timedelta(days=1))
    scheduled.tags.set([tags["d"]])
    assert tag_urls(client) == ["a/", "b/"]  # "c" and "d" only on articles readers cannot see yet


def test_the_articles_files_are_counted_from_the_public_articles():
    """All articles less the hidden ones (drafts, scheduled) is the count of public ones, now and later."""
    now = timezone.now()
    for number, (status, published) in enumerate([
        (Article.Status.PUBLISHED, now - datetime.timedelta(days=1)), (Article.Status.PUBLISHED, None),
        (Article.Status.DRAFT, now - datetime.timedelta(days=2)), (Article.Status.DRAFT, None),
        (Article.Status.PUBLISHED, now + datetime.timedelta(days=1)),
    ]):
        Article.objects.create(title=f"خبر {number}", body=f"نص {number}", status=status, published=published)
    assert Article.objects.public_count() == Article.objects.published().count() == 2
    later = now + datetime.timedelta(days=2)
    assert Article.objects.public_count(later) == Article.objects.published(later).count() == 3


def test_an_article_near_midnight_is_listed_under_its_local_day(client):
    """Damascus was three hours ahead of UTC in May 2017: 00:30 on the 12th, local time, is 21:30 on the
    11th in UTC. The date archive and its sitemap file go by the site's calendar, up to its last minute."""
    for number, local in enumerate([datetime.datetime(2017, 5, 10, 23, 30), datetime.datetime(2017, 5, 12, 0, 30)]):
        Article.objects.create(title=f"خبر {number}", body=f"نص {number}", status=Article.Status.PUBLISHED,
                               published=timezone.make_aware(local))
    days = [url for url in urls_of(client.get("/sitemap-dates.xml")) if url.count("/") == 7]
    assert days == ["http://testserver/archive/2017/05/10/", "http://testserver/archive/2017/05/12/"]


def index_lastmods(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    return {entry.find(f"{SITEMAP}loc").text: entry.find(f"{SITEMAP}lastmod") for entry in index}


def test_the_index_dates_the_articles_file_by_the_newest_change_at_once(client):
    """The index's lastmod of the articles file is the newest change, in the site's time zone (as Django's
    own index template wrote it), and an edit moves it on the next request."""
    article = Article.objects.create(title="خبر", body="نص", status=Article.Status.PUBLISHED,
                                     published=timezone.now() - datetime.timedelta(days=3))
    lastmods = index_lastmods(client)
    assert lastmods["http://testserver/sitemap-dates.xml"] is None  # the date pages carry no lastmod
    written = lastmods["http://testserver/sitemap-articles.xml"].text
    assert written == timezone.localtime(article.updated).isoformat() and written.endswith("+03:00")
    article.title = "خبر معدّل"
    article.save()
    written = index_lastmods(client)["http://testserver/sitemap-articles.xml"].text
    assert datetime.datetime.fromisoformat(written) == article.updated


def test_each_article_is_dated_by_the_later_of_its_change_and_its_date(client):
    """A scheduled article that has come due appeared at its date, after its last change: that date is its
    lastmod. Another is dated by its last change; an undated one by its change. To the second."""
    now = timezone.now().replace(microsecond=0)
    hours = [now - datetime.timedelta(hours=number) for number in range(5)]
    stored = {"came due": (hours[1], hours[2]), "edited": (hours[3], hours[2]), "undated": (None, hours[4])}
    expected = {}
    for number, (name, (published, updated)) in enumerate(stored.items()):
        article = Article.objects.create(title=name, body=f"نص {number}", status=Article.Status.PUBLISHED)
        # update() writes the dates as given (a save would stamp the change now)
        Article.objects.filter(pk=article.pk).update(published=published,
                                                     updated=updated + datetime.timedelta(microseconds=250))
        expected[f"http://testserver{article.get_absolute_url()}"] = max(filter(None, (published, updated)))
    urlset = ET.fromstring(client.get("/sitemap-articles.xml").content)
    written = {url.find(f"{SITEMAP}loc").text: datetime.datetime.fromisoformat(url.find(f"{SITEMAP}lastmod").text)
               for url in urlset}
    assert written == expected
