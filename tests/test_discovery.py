"""OpenSearch, its suggestions, robots.txt and the sitemap, as browsers and crawlers read them."""
import datetime
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlsplit

import feedparser
import pytest
from django.utils import timezone

from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(module_feed_archive):
    """The feed tests' small archive (tests/conftest.py), built once for the module; the seed article."""
    return module_feed_archive

OS = "{http://a9.com/-/spec/opensearch/1.1/}"
# The OpenSearch 1.1 description element set, with each element's limits.
ELEMENTS = {
    "ShortName": 16, "Description": 1024, "Url": None, "Contact": None, "Tags": 256, "LongName": 48,
    "Image": None, "Query": None, "Developer": 64, "Attribution": 256, "SyndicationRight": None,
    "AdultContent": None, "Language": None, "InputEncoding": None, "OutputEncoding": None,
}
URL_ATTRIBUTES = {"template", "type", "rel", "indexOffset", "pageOffset"}  # OpenSearch 1.1 has no "method"
TEMPLATE_PARAMETER = re.compile(r"\{([^}]+)\}")
KNOWN_PARAMETERS = {
    "searchTerms", "count?", "startIndex?", "startPage?", "language?", "inputEncoding?", "outputEncoding?",
}


def description(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    return ET.fromstring(response.content)


def test_opensearch_description_uses_only_the_1_1_element_set(client, archive):
    root = description(client)
    assert root.tag == f"{OS}OpenSearchDescription"
    names = [child.tag.removeprefix(OS) for child in root]
    assert set(names) <= set(ELEMENTS), set(names) - set(ELEMENTS)
    assert names.count("ShortName") == names.count("Description") == 1 and "Url" in names
    for child in root:
        limit = ELEMENTS[child.tag.removeprefix(OS)]
        assert limit is None or len(child.text or "") <= limit, child.tag
    assert root.find(f"{OS}SyndicationRight").text in {"open", "limited", "private", "closed"}
    assert root.find(f"{OS}Language").text == "ar"
    for url in root.findall(f"{OS}Url"):
        assert set(url.attrib) <= URL_ATTRIBUTES
        assert set(TEMPLATE_PARAMETER.findall(url.get("template"))) <= KNOWN_PARAMETERS


def test_the_description_names_the_archive_from_its_settings(client, archive, settings):
    settings.ARCHIVE_SITE_NAME, settings.ARCHIVE_SITE_SHORT_NAME = "أرشيف التجربة الكبير", "أرشيف التجربة"
    root = description(client)
    assert root.find(f"{OS}ShortName").text == "أرشيف التجربة"
    assert root.find(f"{OS}Description").text.startswith("ابحث في أرشيف التجربة الكبير: ")


def test_the_example_query_is_url_encoded_and_the_icons_are_served(client, archive):
    root = description(client)
    example = root.find(f"{OS}Query[@role='example']").get("searchTerms")
    assert example == quote("لافروف") and unquote(example) == "لافروف"
    images = {(image.get("width"), image.get("type")): image.text for image in root.findall(f"{OS}Image")}
    assert set(images) == {("16", "image/x-icon"), ("64", "image/png")}
    for url in images.values():
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body[:4] in {b"\x00\x00\x01\x00", b"\x89PNG"}
    assert client.get("/favicon.ico")["Content-Type"] == "image/x-icon"
    assert parse(client.get("/")).select_one("link[rel=icon]")["href"] == "/favicon.ico"


def fill(template, terms):
    filled = template.replace("{searchTerms}", quote(terms))
    filled = TEMPLATE_PARAMETER.sub("", filled)
    parts = urlsplit(filled)
    return parts.path + ("?" + parts.query if parts.query else "")


def test_opensearch_urls_work_when_filled_in(client, archive):
    urls = {url.get("type"): url.get("template") for url in description(client).findall(f"{OS}Url")}
    assert {"text/html", "application/rss+xml", "application/atom+xml", "application/x-suggestions+json"} <= set(urls)
    page = client.get(fill(urls["text/html"], "ماكرون"))
    assert page.status_code == 200
    assert "ماكرون يعود" in [h.get_text().strip() for h in parse(page).select(".result .card-title")]
    for kind in ("application/rss+xml", "application/atom+xml"):
        feed = feedparser.parse(client.get(fill(urls[kind], "ماكرون")).content)
        assert not feed.bozo and {e.title for e in feed.entries} == {"ماكرون يعود", "ماكرون في بيروت"}
    suggestions = client.get(fill(urls["application/x-suggestions+json"], "ماكر"))
    assert suggestions["Content-Type"] == "application/x-suggestions+json"


def test_suggestions_in_the_opensearch_format(client, archive):
    typed, completions, descriptions, urls = json.loads(client.get("/api/opensearch/suggest/", {"q": "ماكر"}).content)
    assert typed == "ماكر"
    assert completions[0] == "إيمانويل ماكرون"
    assert "ماكرون" in completions  # a frequent word of the index
    assert len(completions) == len(descriptions) == len(urls)
    assert urls[0].startswith("http://testserver/tags/")
    assert json.loads(client.get("/api/opensearch/suggest/").content)[1] == []


def test_robots_names_the_sitemap(client, archive):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    return [loc.text for loc in ET.fromstring(client.get(url).content).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_articles_tags_and_date_pages_split_when_large(client, archive, monkeypatch):
    from archive.syndication.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    sections = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-articles.xml?p=2" in sections
    assert {"http://testserver/sitemap-tags.xml", "http://testserver/sitemap-dates.xml"} <= set(sections)
    articles = locations(client, "/sitemap-articles.xml") + locations(client, "/sitemap-articles.xml?p=2")
    assert len(articles) == 4  # published only: the draft is not there
    tags = [unquote(url) for url in locations(client, "/sitemap-tags.xml")]
    assert "http://testserver/tags/إيمانويل-ماكرون/" in tags
    dates = locations(client, "/sitemap-dates.xml")
    assert {"http://testserver/archive/2018/", "http://testserver/archive/2018/04/",
            "http://testserver/archive/2017/05/10/"} <= set(dates)
    for url in dates + articles:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_sitemap_lists_each_date_page_once(client, archive):
    dates = locations(client, "/sitemap-dates.xml")
    assert len(dates) == len(set(dates))
    assert "http://testserver/archive/2018/05/" in dates


def test_sitemap_dates_each_article_in_w3c_datetime(client, archive):
    """Crawlers compare lastmod: each article's is a W3C datetime with its zone, no later than now."""
    urlset = ET.fromstring(client.get("/sitemap-articles.xml").content)
    dated = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text for url in urlset}
    assert len(dated) == 4
    for lastmod in dated.values():
        moment = datetime.datetime.fromisoformat(lastmod)
        assert moment.tzinfo is not None and moment <= timezone.now(), lastmod
