"""Feeds as a feed reader sees them: well-formed, right items, right dates and categories, 304s."""
import datetime

import feedparser
import pytest

from archive.models import Article, Source
from tests.factories import SEED_TITLE
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(module_feed_archive):
    """The feed tests' small archive (tests/conftest.py), built once for the module; the seed article."""
    return module_feed_archive


def fetch(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_latest_feed_newest_first_published_only(client, archive, kind):
    response, feed = fetch(client, f"/feeds/{kind}/")
    assert response["Content-Type"].endswith("charset=utf-8")
    assert titles(feed) == ["خبر فيه <رموز> &  تحكم", "ماكرون يعود", "ماكرون في بيروت", SEED_TITLE]
    assert feed.feed.language == "ar"


def test_items_carry_summary_date_source_and_tags(client, archive):
    _, feed = fetch(client, "/feeds/rss/")
    seed = next(entry for entry in feed.entries if entry.title == SEED_TITLE)
    assert seed.summary.startswith("أكد وزير الخارجية الروسي سيرغي لافروف")
    assert datetime.date(*seed.published_parsed[:3]) == datetime.date(2017, 5, 10)
    assert {tag.term for tag in seed.tags} >= {"دونالد ترامب", "موسكو", "وكالة تاس"}
    # RSS 2.0: a <source>'s url is the feed of the outlet ("the XMLization of the source").
    assert seed.source.title == "سانا" and seed.source.href == f"http://testserver/sources/{archive.source.pk}/rss/"
    assert seed.author == "سانا"
    assert seed.link.endswith(archive.get_absolute_url())


def test_tag_feed_names_the_tag_and_agrees_between_rss_and_atom(client, archive):
    _, rss = fetch(client, "/tags/إيمانويل-ماكرون/rss/")
    _, atom = fetch(client, "/tags/إيمانويل-ماكرون/atom/")
    assert "إيمانويل ماكرون" in rss.feed.title and rss.feed.title == atom.feed.title
    assert titles(rss) == titles(atom) == ["ماكرون يعود", "ماكرون في بيروت"]
    for a, b in zip(rss.entries, atom.entries, strict=True):
        assert a.link == b.link and a.published_parsed[:3] == b.published_parsed[:3]
        assert {t.term for t in a.tags} == {t.term for t in b.tags}
    assert client.get("/tags/لا-يوجد/rss/").status_code == 404


def test_source_feed(client, archive):
    source = Source.objects.get(name="بي بي سي عربي")
    _, feed = fetch(client, f"/sources/{source.pk}/rss/")
    assert "بي بي سي عربي" in feed.feed.title
    assert SEED_TITLE not in titles(feed) and len(feed.entries) == 3
    assert client.get("/sources/99999/rss/").status_code == 404


def test_search_feed_with_filters(client, archive):
    _, feed = fetch(client, "/search/rss/", q="ماكرون", person="إيمانويل-ماكرون")
    assert "ماكرون" in feed.feed.title
    assert titles(feed) == ["ماكرون يعود", "ماكرون في بيروت"]


@pytest.mark.parametrize("query", ['"(((', "-", "OR", "\x00\x01", "x" * 5000])
def test_a_malformed_search_gives_a_valid_feed(client, archive, query):
    _, feed = fetch(client, "/search/atom/", q=query)
    assert feed.feed.title


def test_conditional_get_answers_304(client, archive):
    response = client.get("/tags/إيمانويل-ماكرون/rss/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/tags/إيمانويل-ماكرون/rss/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/tags/إيمانويل-ماكرون/rss/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    Article.objects.filter(title="ماكرون يعود").update(title="ماكرون يعود مجددا")
    assert client.get("/tags/إيمانويل-ماكرون/rss/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "path,feed_path",
    [("/", "/feeds/rss/"), ("/search/?q=ماكرون", "/search/rss/?q=")],
)
def test_pages_name_their_feeds(client, archive, path, feed_path):
    page = parse(client.get(path))
    rss = page.select_one('head link[rel=alternate][type="application/rss+xml"]')["href"]
    assert rss.startswith(feed_path)
    visible = [a["href"] for a in page.select(".feed-links a")]
    assert rss in visible
    assert page.select_one('head link[rel=search]')["href"] == "/opensearch.xml"


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/tags/إيمانويل-ماكرون/rss/", "/search/atom/?q=ماكرون"])
def test_a_feed_is_sent_in_one_piece(client, archive, url):
    """What the server writes to the reader's connection: one piece, not one per element (a write each)."""
    response = client.get(url)
    pieces = list(response)
    assert len(pieces) == 1
    assert feedparser.parse(pieces[0]).entries
