"""Pages as sharers, crawlers and printers see them, and as Arabic counts things.

Error pages in Arabic and in the site's layout with DEBUG off; canonical,
description and Open Graph on articles, tags and dates; ``noindex`` on
search results; a print stylesheet; numbers that agree with their nouns in
Arabic's six plural forms; one spelling of months and weekdays.
"""
import json
import re

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import path
from django.utils.translation import ngettext, override
from django.views import defaults
from django.views.csrf import csrf_failure

from archive import urls as archive_urls
from archive.arabic.calendar_names import WEEKDAYS
from archive.models import Article
from archive.templatetags.archive_pages import article_count
from tests.factories import SEED_TITLE, add_article
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(module_feed_archive):
    """The feed tests' small archive (tests/conftest.py), built once for the module; the seed article."""
    return module_feed_archive


@pytest.mark.parametrize("status, url, heading", [
    (404, "/no-such-page/", "الصفحة غير موجودة"),
    (404, "/articles/999999/", "الصفحة غير موجودة"),
    (404, "/tags/لا-وسم/", "الصفحة غير موجودة"),
])
def test_a_missing_page_is_arabic_in_the_site_layout(client, archive, settings, status, url, heading):
    assert settings.DEBUG is False
    response = client.get(url)
    assert response.status_code == status
    page = parse(response)
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.h1.get_text() == heading
    assert page.select_one(".site-nav") and page.select_one("meta[name=robots]")["content"] == "noindex"
    assert "Not Found" not in response.content.decode()


def test_a_disallowed_host_gets_the_arabic_400(client, archive):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert parse(response).h1.get_text() == "طلب غير مفهوم"


def test_permission_denied_and_csrf_failures_are_arabic(rf, archive):
    request = rf.get("/")
    response = defaults.permission_denied(request, PermissionError())
    assert response.status_code == 403 and parse(response).h1.get_text() == "غير مسموح"
    response = csrf_failure(rf.post("/"), reason="no token")
    assert response.status_code == 403 and parse(response).h1.get_text() == "انتهت صلاحية النموذج"


@pytest.mark.parametrize("name", ["500.html", "503.html", "429.html", "en/500.html", "en/503.html", "en/429.html"])
def test_the_plain_pages_use_no_tag_that_could_fail(name):
    """Only their layout's blocks: no variable, no context, no URL, no static file, no database."""
    for template in (name, "plain.html", "en/plain.html"):
        source = loader.get_template(template).template.source
        tags = {tag.split()[0] for tag in re.findall(r"{%\s*(.*?)\s*%}", source)}
        assert tags <= {"extends", "block", "endblock", "comment", "endcomment"} and "{{" not in source, template


def test_the_500_page_is_arabic_and_renders_without_request_database_or_context(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = defaults.server_error(RequestFactory().get("/"))
    page = parse(response)
    assert response.status_code == 500 and page.html["lang"] == "ar" and page.h1.get_text() == "حدث خطأ في الخادم"


def broken_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken_view), path("api/broken/", broken_view)]
handler500 = archive_urls.handler500  # the archive's, as Django looks it up in the module of the routes


@pytest.mark.urls(__name__)
def test_an_exception_in_a_view_gives_the_arabic_500(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert parse(response).h1.get_text() == "حدث خطأ في الخادم"


@pytest.mark.urls(__name__)
def test_an_exception_in_the_api_gives_its_json_error(client):
    """A program reading the API gets JSON it can parse, even from a bug, in the API's error shape."""
    client.raise_request_exception = False
    response = client.get("/api/broken/")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    error = json.loads(response.content)
    assert error["code"] == "server_error" and "خطأ عندنا" in error["message"]["ar"] and error["message"]["en"]


def meta(page, name):
    tag = page.select_one(f'meta[property="{name}"]') or page.select_one(f'meta[name="{name}"]')
    return tag["content"] if tag else None


def test_an_article_has_canonical_description_and_open_graph(client, archive):
    page = parse(client.get(archive.get_absolute_url(), {"utm_source": "x"}))
    canonical = f"http://testserver{archive.get_absolute_url()}"
    assert page.select_one("link[rel=canonical]")["href"] == canonical
    assert meta(page, "og:url") == canonical and meta(page, "og:type") == "article"
    assert meta(page, "og:title") == SEED_TITLE
    description = meta(page, "description")
    assert description.startswith("أكد وزير الخارجية الروسي") and len(description.split()) <= 31
    assert meta(page, "article:published_time").startswith("2017-05-10")
    assert meta(page, "og:image").startswith("http://testserver/")


@pytest.mark.parametrize("url, title, count", [
    ("/tags/إيمانويل-ماكرون/", "إيمانويل ماكرون", "مقالان"),
    ("/archive/2018/", "2018", "3 مقالات"),
    ("/archive/2018/05/", "أيار - مايو 2018", "مقالان"),
    ("/archive/2017/05/10/", "10 أيار - مايو 2017", "مقال واحد"),
])
def test_tag_and_date_pages_have_canonical_description_and_open_graph(client, archive, url, title, count):
    page = parse(client.get(url))
    canonical = page.select_one("link[rel=canonical]")["href"]
    assert canonical.startswith("http://testserver/") and "%" in canonical or url.isascii()
    assert meta(page, "og:title") == title and meta(page, "og:type") == "website"
    assert meta(page, "description").endswith(count)
    assert meta(page, "robots") is None


@pytest.mark.parametrize("url", ["/", "/tags/إيمانويل-ماكرون/", "/archive/", "/archive/2018/", "/archive/2018/05/",
                                 "/archive/2017/05/10/"])
def test_the_site_name_is_one_setting(client, archive, settings, url):
    """Renaming the archive is one setting: titles, sharing metadata and descriptions all follow it."""
    settings.ARCHIVE_SITE_NAME = "أرشيف التجربة"
    response = client.get(url)
    page = parse(response)
    assert page.title.get_text().endswith("أرشيف التجربة")
    assert page.select_one(".brand").get_text() == "أرشيف التجربة"
    if url != "/":
        assert meta(page, "og:site_name") == "أرشيف التجربة" and "أرشيف التجربة" in meta(page, "description")
    assert "أرشيف الأخبار العربية" not in response.content.decode()


def test_search_results_are_not_indexed(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    assert meta(page, "robots") == "noindex, follow"
    assert page.select_one("link[rel=canonical]") is None


def test_the_print_stylesheet_hides_the_site_around_the_article(client, archive):
    page = parse(client.get(archive.get_absolute_url()))
    printed = page.select_one('link[rel=stylesheet][media=print]')["href"]
    css = b"".join(client.get(printed).streaming_content).decode()
    for hidden in (".site-header", ".site-footer", ".search-box", ".related", "button"):
        assert hidden in css.split("display: none")[0]
    assert f"http://testserver{archive.get_absolute_url()}" in page.select_one(".print-permalink").get_text()


ARTICLES = {0: "لا مقالات", 1: "مقال واحد", 2: "مقالان", 3: "3 مقالات", 11: "11 مقالًا", 100: "100 مقال",
            103: "103 مقالات", 388: "388 مقالًا"}
RESULTS = {0: "لا نتائج", 1: "نتيجة واحدة", 2: "نتيجتان", 3: "3 نتائج", 11: "11 نتيجة", 100: "100 نتيجة"}


@pytest.mark.parametrize("number", sorted(ARTICLES))
def test_counts_agree_in_arabic_six_plural_forms(number):
    assert article_count(number) == ARTICLES[number]
    if number in RESULTS:
        with override("ar"):
            assert ngettext("%(total)s result", "%(total)s results", number) % {"total": number} == RESULTS[number]


@pytest.mark.parametrize("number", [1, 2, 3, 11])
def test_the_search_page_counts_results_in_good_arabic(client, archive, search_index, number):
    Article.objects.exclude(pk=archive.pk).delete()
    for n in range(number - 1):
        add_article(f"لافروف {n}", f"قال لافروف شيئًا رقم {n}.", day="2019-01-01")
    search_index.rebuild()
    text = parse(client.get("/search/", {"q": "لافروف"})).select_one(".results-count").get_text().strip()
    assert text == RESULTS[number]


def test_one_spelling_of_weekdays_and_months_site_wide(client, archive):
    assert WEEKDAYS[0] == "الاثنين"
    day = parse(client.get("/archive/2017/05/10/")).h1.get_text()
    assert day.startswith("الأربعاء 10 أيار - مايو 2017")
    tag_page = parse(client.get("/tags/إيمانويل-ماكرون/"))
    ticks = [text.get_text() for text in tag_page.select(".timeline-ticks text") if not text.get_text().isdigit()]
    assert ticks and all(" - " in tick for tick in ticks)
