"""Every feed family checked against the W3C Feed Validation Service's rules, offline.

The validator (validator.w3.org/feed) cannot be reached from the test
machines, so its errors and warnings that our feeds could trip are written
out here and checked on the parsed XML of each feed: latest, tag, source and
search, RSS 2.0 and Atom 1.0, with an article that has no source, no lead,
no tags and no date among the items.
"""
import datetime
import email.utils
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from archive.models import Article, Source, Tag
from tests.factories import add_article, load_demo

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# RFC 822 as RSS 2.0 and the validator want it, with a four-digit year.
RFC822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$")
SEARCH = {"q": "ماكرون", "person": "إيمانويل-ماكرون", "from": "2018-01-01", "sort": "newest"}


@pytest.fixture(scope="module")
def archive(module_db, module_index):
    with module_db.unblock():
        demo = load_demo()
        demo.source.url = "https://www.sana.sy/"
        demo.source.save()
        macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
        add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس.", day="2018-04-02", tags=[macron],
                    source="مصدر بلا موقع")
        bare = add_article("خبر بلا مصدر ولا مقدمة ولا وسوم", "فقرة وحيدة عن ماكرون.", day="2018-05-03")
        Article.objects.filter(pk=bare.pk).update(source=None, lead="")
        undated = add_article("خبر بلا تاريخ", "نص قصير عن ماكرون.")
        Article.objects.filter(pk=undated.pk).update(published=None, source=None)
        module_index.rebuild()
    return demo


def feed_urls():
    tag = "/tags/إيمانويل-ماكرون"
    return [("/feeds/{}/", {}), (tag + "/{}/", {}), ("/sources/{source}/{}/", {}), ("/search/{}/", SEARCH),
            ("/search/{}/", {})]


def fetch(client, template, kind, params):
    url = template.format(kind, source=Source.objects.get(name="سانا").pk)
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert not feedparser.parse(response.content).bozo
    return ET.fromstring(response.content), response.wsgi_request.build_absolute_uri()


def same_url(a, b):
    """Equal as URLs: Arabic may come percent-encoded or raw, query parameters in any order."""
    a, b = urlsplit(unquote(a)), urlsplit(unquote(b))
    return ((a.scheme, a.netloc, a.path, sorted(a.query.split("&")))
            == (b.scheme, b.netloc, b.path, sorted(b.query.split("&"))))


def text(element, path, namespaces=None):
    found = element.find(path, namespaces)
    assert found is not None and (found.text or "").strip(), f"missing {path}"
    return found.text


def check_atom(feed, asked):
    """RFC 4287 as the validator reads it: required elements, dates, authors, a self link to this very URL."""
    assert feed.tag == ATOM + "feed"
    text(feed, ATOM + "id")
    text(feed, ATOM + "title")
    assert RFC3339.match(text(feed, ATOM + "updated"))
    self_links = [link.get("href") for link in feed.findall(ATOM + "link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and same_url(self_links[0], asked), (self_links, asked)
    feed_author = feed.find(ATOM + "author")
    entries = feed.findall(ATOM + "entry")
    assert entries
    ids = [text(entry, ATOM + "id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        text(entry, ATOM + "title")
        assert RFC3339.match(text(entry, ATOM + "updated"))
        published = entry.find(ATOM + "published")
        assert published is None or RFC3339.match(published.text)
        author = entry.find(ATOM + "author") or feed_author
        assert author is not None, "an entry without an author in a feed without one"
        text(author, ATOM + "name")
        assert any(link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link"))
        for source in entry.findall(ATOM + "source"):
            text(source, ATOM + "id")
            text(source, ATOM + "title")
            assert RFC3339.match(text(source, ATOM + "updated"))


def check_rss(rss, asked):
    """RSS 2.0 as the validator reads it: channel elements, a guid and an RFC 822 date per item, atom:link self."""
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for name in ("title", "link", "description"):
        text(channel, name)
    self_links = [link.get("href") for link in channel.findall(ATOM + "link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and same_url(self_links[0], asked), (self_links, asked)
    items = channel.findall("item")
    assert items
    for item in items:
        text(item, "title")
        guid = text(item, "guid")
        assert guid.startswith("http://testserver/")
        assert RFC822.match(text(item, "pubDate"))
        email.utils.parsedate_to_datetime(item.find("pubDate").text)
        for source in item.findall("source"):
            assert source.get("url", "").startswith("http://") and source.text


@pytest.mark.parametrize("template, params", feed_urls())
def test_every_feed_is_valid(client, archive, template, params):
    check_rss(*fetch(client, template, "rss", params))
    check_atom(*fetch(client, template, "atom", params))


def test_the_self_link_of_a_search_feed_keeps_the_whole_query(client, archive):
    feed, asked = fetch(client, "/search/{}/", "atom", SEARCH)
    self_link = next(link.get("href") for link in feed.findall(ATOM + "link") if link.get("rel") == "self")
    again = ET.fromstring(client.get(self_link.removeprefix("http://testserver")).content)
    titles = [entry.find(ATOM + "title").text for entry in again.findall(ATOM + "entry")]
    assert titles == ["ماكرون في بيروت"]  # the search's one match, not every article


def test_an_entry_without_a_source_has_the_archive_as_author(client, archive):
    feed, _ = fetch(client, "/feeds/{}/", "atom", {})
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "أرشيف الأخبار العربية"
    bare = next(e for e in feed.findall(ATOM + "entry") if e.find(ATOM + "title").text.startswith("خبر بلا مصدر"))
    assert bare.find(ATOM + "author") is None and bare.find(ATOM + "source") is None


def test_an_entry_source_is_complete_and_points_to_the_outlet_feed(client, archive):
    feed, _ = fetch(client, "/feeds/{}/", "atom", {})
    seed = next(e for e in feed.findall(ATOM + "entry") if e.find(ATOM + "source") is not None
                and e.find(f"{ATOM}source/{ATOM}title").text == "سانا")
    source = seed.find(ATOM + "source")
    sana = Source.objects.get(name="سانا")
    assert source.find(ATOM + "id").text == f"http://testserver/sources/{sana.pk}/atom/"
    assert {link.get("rel"): link.get("href") for link in source.findall(ATOM + "link")} == {
        "self": f"http://testserver/sources/{sana.pk}/atom/", "alternate": "https://www.sana.sy/"}


def test_updated_is_the_last_real_change_not_the_import(client, archive):
    feed, _ = fetch(client, "/feeds/{}/", "atom", {})
    beirut = next(e for e in feed.findall(ATOM + "entry") if e.find(ATOM + "title").text == "ماكرون في بيروت")
    assert beirut.find(ATOM + "updated").text.startswith("2018-04-02")  # imported today, published in 2018
    article = Article.objects.get(title="ماكرون في بيروت")
    edited = article.created + datetime.timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(updated=edited)
    feed, _ = fetch(client, "/feeds/{}/", "atom", {})
    beirut = next(e for e in feed.findall(ATOM + "entry") if e.find(ATOM + "title").text == "ماكرون في بيروت")
    assert beirut.find(ATOM + "updated").text.startswith(edited.date().isoformat()[:4])
    assert beirut.find(ATOM + "published").text.startswith("2018-04-02")
