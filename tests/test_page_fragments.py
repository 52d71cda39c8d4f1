"""The page parts every page shares (the head's links, the header and its menu) are rendered once per worker and
kept (``{% kept %}`` in templates/base.html): a reader still gets them in their own language and under the
archive's own path, whatever page the worker rendered before."""
import pytest
from django.conf import settings
from django.urls import clear_script_prefix, set_script_prefix

from tests.pages import parse

pytestmark = pytest.mark.django_db

PAGES = ["/search/?q=ماكرون", "/", "/archive/"]


@pytest.fixture(autouse=True)
def fragments_kept():
    """The fragments are kept as in production (with ``DEBUG`` on they are not, and these tests would show
    nothing)."""
    assert not settings.DEBUG


def header(client, url):
    page = parse(client.get(url))
    menu = [(a.get_text(), a["href"]) for a in page.select(".site-nav a")]
    links = [link["href"] for link in page.select('head link[rel="icon"], head link[rel="search"]')]
    return page.html["lang"], page.select_one(".brand").get_text(), menu, links


@pytest.mark.parametrize("url", PAGES)
def test_the_header_follows_the_readers_language_from_page_to_page(client, url):
    arabic = header(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = header(client, url)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert arabic[:2] == ("ar", "أرشيف الأخبار العربية") and english[:2] == ("en", "Arabic News Archive")
    assert [label for label, _ in arabic[2]][:3] == ["الأحدث", "البحث", "الأشخاص"]
    assert [label for label, _ in english[2]][:3] == ["Latest", "Search", "People"]
    assert header(client, url) == arabic  # back in Arabic: the Arabic header, not the English one kept since


@pytest.mark.parametrize("url", PAGES)
def test_the_header_links_follow_the_script_prefix(client, url):
    at_root = header(client, url)
    set_script_prefix("/news/")
    try:
        under_prefix = header(client, url)
    finally:
        clear_script_prefix()
    assert [href for _, href in at_root[2]][:2] == ["/", "/search/"]
    assert [href for _, href in under_prefix[2]][:2] == ["/news/", "/news/search/"]
    assert under_prefix[3] == ["/news/favicon.ico", "/news/opensearch.xml"]
    assert header(client, url) == at_root
