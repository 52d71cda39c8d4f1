"""The English interface: chosen with the switch, kept in a cookie, left to right, fully translated.

Arabic stays the default for everyone who did not choose (crawlers, shared
links, a browser that asks for English): the same URL answers Arabic until
the reader presses the switch. Articles, titles and tag names stay as written.
"""
import ast
import datetime
import gettext
import io
import itertools
import re

import pytest
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone, translation
from django.views import defaults
from PIL import Image

from archive.models import Article, Tag
from archive.search import engine
from archive.templatetags.archive_pages import article_count
from tests.factories import add_article
from tests.pages import parse

CATALOG = settings.BASE_DIR / "archive" / "locale" / "en" / "LC_MESSAGES"
ARABIC_WORDS = re.compile(r"[\u0600-\u06FF]+(?:\s+[\u0600-\u06FF]+)*")
# Interface labels every English page family must have translated.
ARABIC_LABELS = ["أرشيف الأخبار العربية", "الأشخاص", "الموضوعات", "انتقل إلى المحتوى", "ابحث عن كلمة"]
ENGLISH_LABELS = ["Arabic News Archive", "People", "Topics", "Skip to content", "Latest"]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def pages(demo):
    """One URL of every public page family, and the 404."""
    tag = Tag.objects.filter(kind="person", articles=demo).first()
    day = timezone.localtime(demo.published).date()
    return {
        "home": "/",
        "article": demo.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "tag index": "/people/",
        "year": f"/archive/{day.year}/",
        "month": f"/archive/{day.year}/{day.month}/",
        "day": f"/archive/{day.year}/{day.month}/{day.day}/",
        "search": "/search/?q=لافروف",
        "404": "/no-such-page/",
    }


def content_text():
    """Everything the archive holds that a page shows as written, in any language."""
    parts = ["لافروف"]  # the searches' query, echoed
    for article in Article.objects.select_related("source", "dateline"):
        parts += [article.title, article.lead, article.body, article.author, article.image_caption,
                  article.image_credit, article.source.name if article.source else ""]
    for tag in Tag.objects.prefetch_related("aliases"):
        parts += [tag.name, *(alias.name for alias in tag.aliases.all())]
    return " ".join(" ".join(parts).split())


def arabic_interface_text(page, content):
    """Arabic runs of words on ``page`` (text, labels, titles, descriptions) that are not archive content."""
    for marked in page.select('body [lang="ar"]'):  # content said to be Arabic, and the switch back to Arabic
        marked.decompose()
    texts = [" ".join(node.split()) for node in page.find_all(string=True)]
    for element in page.find_all(True):
        texts += [element.get(name, "") for name in ("aria-label", "placeholder", "title", "alt", "content")]
    return sorted({run for text in texts for run in ARABIC_WORDS.findall(text) if run not in content})


def test_every_public_page_family_reads_english_left_to_right(english, pages):
    content = content_text()
    for family, url in pages.items():
        response = english.get(url)
        assert response.status_code == (404 if family == "404" else 200), family
        page = parse(response)
        assert (page.html["lang"], page.html["dir"]) == ("en", "ltr"), family
        assert arabic_interface_text(page, content) == [], family
        text = page.get_text(" ")
        assert all(label not in text for label in ARABIC_LABELS), family
        assert all(label in text for label in ENGLISH_LABELS), family
        assert response["Content-Language"] == "en"


def test_arabic_stays_the_default_for_every_page_family(client, pages):
    content = content_text()
    for family, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")  # a browser's wish is not a choice
        page = parse(response)
        assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl"), family
        assert "انتقل إلى المحتوى" in arabic_interface_text(page, content), family  # what the English test sees
        text = page.get_text(" ")
        assert all(label in text for label in ["أرشيف الأخبار العربية", "الأشخاص", "انتقل إلى المحتوى"]), family
        assert all(label not in text for label in ["Skip to content", "People", "Latest news"]), family
        assert "Cookie" in response["Vary"] and response["Content-Language"] == "ar", family


def test_article_text_title_and_tags_are_never_translated(english, demo):
    page = parse(english.get(demo.get_absolute_url()))
    assert page.select_one("h1.article-title").get_text() == demo.title
    assert [p.get_text() for p in page.select(".article-body p")] == demo.paragraphs()
    shown = {link.get_text() for link in page.select(".article-tags a.tag")}
    assert shown == set(demo.tags.values_list("name", flat=True))
    assert page.select_one(".article-tags dt").get_text() in {"Person", "Place", "Organisation", "Topic"}
    for content in page.select("h1.article-title, .article-body, .article-tags ul.tag-list"):  # read as Arabic
        assert (content["lang"], content["dir"]) == ("ar", "rtl")
    home = parse(english.get("/"))
    assert {(card["lang"], card["dir"]) for card in home.select(".card-title, .excerpt")} == {("ar", "rtl")}


def test_english_dates_name_the_gregorian_and_hijri_months(english, demo):
    page = parse(english.get("/archive/2017/5/10/"))
    assert page.select_one("h1").get_text(" ", strip=True) == "Wednesday 10 May 2017"
    assert page.select_one(".hijri-date").get_text() == "14 Sha'ban 1438 AH"
    month = parse(english.get("/archive/2017/5/"))
    assert [th.get_text() for th in month.select(".month-calendar thead th")][:2] == ["Saturday", "Sunday"]


def test_the_switch_sets_the_cookie_and_returns_to_the_same_page(client, demo):
    url = "/search/?q=%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81&sort=newest"
    form = parse(client.get(url)).select_one("form.language-switch")
    assert form["method"] == "post"
    fields = {field["name"]: field["value"] for field in form.select("[name]")}
    assert fields == {"next": url, "language": "en"}

    response = client.post(form["action"], fields)
    assert response.status_code == 302 and response["Location"] == url
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["max-age"] >= 30 * 24 * 3600 and cookie["samesite"] == "Lax"

    page = parse(client.get(url))
    assert page.html["lang"] == "en"
    back = page.select_one("form.language-switch button")
    assert (back["value"], back.get_text()) == ("ar", "العربية")
    client.post(form["action"], {"next": "/people/", "language": "ar"})
    assert parse(client.get("/people/")).html["lang"] == "ar"


def test_the_switch_never_leaves_the_site(client, db):
    response = client.post("/language/", {"next": "https://evil.example/", "language": "en"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_in_the_cookie_gives_arabic(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert parse(client.get("/")).html["lang"] == "ar"


def test_search_notes_facets_and_feeds_speak_english(english, demo, search_index):
    search_index.rebuild()
    page = parse(english.get("/search/", {"q": "لافروف", "sort": "bogus", "from": "2017-13-01", "page": "999"}))
    notes = [note.get_text() for note in page.select(".note")]
    assert any(note.startswith("“2017-13-01” is not a valid date in the field “From date”") for note in notes)
    assert "The value of the field “Sort” was not understood and was ignored." in notes
    assert any(note.startswith("There is no page 999") for note in notes)
    assert {facet.get_text() for facet in page.select(".facet h2")} >= {"People", "Months"}
    assert page.select_one(".results-count").get_text(strip=True) == "1 result"
    feed = english.get("/feeds/rss/").content.decode()
    assert "<title>Arabic News Archive: latest news</title>" in feed
    assert "Search the Arabic News Archive" in english.get("/opensearch.xml").content.decode()


def test_the_admin_and_the_api_stay_arabic_with_the_english_cookie(english, demo):
    assert parse(english.get("/admin/login/")).html["lang"] == "ar"
    data = english.get("/api/search/", {"q": "لافروف أيار 2017"}).json()
    assert data["notes"] == ["فُهمت «أيار - مايو 2017» في استعلامك تاريخًا، فعُرضت المقالات المنشورة فيه."]
    assert "Cookie" not in english.get("/api/suggest/", {"q": "لاف"}).get("Vary", "")


def test_the_400_and_403_pages_speak_english(rf, db):
    request = rf.get("/")
    with translation.override("en"):
        assert parse(defaults.bad_request(request, Exception())).h1.get_text() == "Bad request"
        forbidden = parse(defaults.permission_denied(request, PermissionError()))
        assert (forbidden.html["lang"], forbidden.h1.get_text()) == ("en", "Forbidden")


@pytest.mark.urls("tests.failing_urls")
def test_the_plain_500_page_speaks_the_readers_language(english, db):
    english.raise_request_exception = False
    page = parse(english.get("/fail/"))
    assert (page.html["lang"], page.html["dir"], page.h1.get_text()) == ("en", "ltr", "A server error occurred")


def test_the_plain_503_page_speaks_the_readers_language(english, db, monkeypatch):
    """A database gone away (as tests/test_postgres_engine.py makes it) meets an English reader."""
    def gone(engine_query):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(engine.backend(), "run", gone)
    response = english.get("/search/", {"q": "لافروف"})
    page = parse(response)
    assert response.status_code == 503 and (page.html["lang"], page.html["dir"]) == ("en", "ltr")
    assert page.h1.get_text() == "The archive is temporarily unavailable"


def test_an_english_reader_past_the_export_limit_is_told_in_english(english, demo):
    for _ in range(10):
        english.get("/search/export.csv", {"q": "لافروف"})
    refused = english.get("/search/export.csv", {"q": "لافروف"})
    assert refused.status_code == 429 and refused.content.decode().startswith("Too many requests from your address")


def test_english_counts_have_english_plurals():
    with translation.override("en"):
        assert [article_count(n) for n in (0, 1, 2, 11)] == ["0 articles", "1 article", "2 articles", "11 articles"]


def read_po(path):
    """(flags, msgid, [msgstr…]) of each entry of a .po file."""
    entries = []
    for block in path.read_text("utf-8").split("\n\n"):
        flags, fields, key = "", {}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            entries.append((flags, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")]))
    return entries


def test_every_english_msgid_is_translated_and_compiled():
    entries = read_po(CATALOG / "django.po")
    assert len(entries) > 100
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for _, msgid, forms in entries if not all(forms)] == []
    with open(CATALOG / "django.mo", "rb") as compiled:  # the committed .mo is this .po: `make run` needs no gettext
        catalog = gettext.GNUTranslations(compiled)
    for _, msgid, forms in entries:
        assert (catalog.ngettext(msgid, msgid, 1) if len(forms) > 1 else catalog.gettext(msgid)) == forms[0]



def test_the_english_tag_chart_runs_left_to_right(english, db):
    lavrov = Tag.objects.create(kind=Tag.Kind.PERSON, name="سيرغي لافروف")
    for day in ("2017-03-05", "2017-05-10", "2017-05-20"):
        add_article("لافروف", f"نص {day}.", day=day, tags=[lavrov])
    svg = parse(english.get(lavrov.get_absolute_url())).select_one("section.tag-timeline svg")
    assert svg.title.get_text() == "Articles about سيرغي لافروف per month"
    bars = svg.select("rect.bar")
    assert [bar["data-month"] for bar in bars] == ["2017-03", "2017-05"]
    assert float(bars[0]["x"]) < float(bars[1]["x"])  # the oldest at the left
    assert [text.get_text() for text in svg.select(".timeline-ticks text")] == ["March", "2017", "April", "May"]
    counts = [float(text["x"]) for text in svg.select(".timeline-grid text")]
    assert max(counts) < float(bars[0]["x"])  # the count axis at the left, where an English reader starts


def test_an_editor_previewing_in_english_reads_the_banner_in_english(staff_client, db):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    scheduled = Article.objects.create(title="مقال مجدول", body="نص المقال المجدول.", status=Article.Status.PUBLISHED,
                                       published=timezone.make_aware(datetime.datetime(2099, 5, 10, 14, 30)))
    banner = parse(staff_client.get(scheduled.get_absolute_url())).select_one(".preview-banner")
    text = " ".join(banner.get_text().split())
    assert text.startswith("Preview for editors: This article is scheduled: readers will not see it before "
                           "10 May 2099 at 14:30 (the site's time).")
    assert banner.select_one("a").get_text() == "Edit the article"


def bar_heights(png):
    """The heights of the chart's bars (its accent colour), left to right, in pixels."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    columns = [sum(image.getpixel((x, y)) == (11, 90, 107) for y in range(image.height)) for x in range(image.width)]
    runs = [list(group) for filled, group in itertools.groupby(columns, key=bool) if filled]
    return [max(run) for run in runs]


def test_the_downloaded_chart_runs_left_to_right_in_english(english, client, db):
    lavrov = Tag.objects.create(kind=Tag.Kind.PERSON, name="سيرغي لافروف")
    for day in ("2017-03-05", "2017-05-10", "2017-05-20"):  # one in March, two in May
        add_article("لافروف", f"نص {day}.", day=day, tags=[lavrov])
    url = f"{lavrov.get_absolute_url()}timeline.png"
    english_bars = bar_heights(english.get(url).content)
    assert len(english_bars) == 2 and english_bars[0] < english_bars[1]  # March at the left
    english.cookies.clear()
    arabic_bars = bar_heights(english.get(url).content)
    assert len(arabic_bars) == 2 and arabic_bars[0] > arabic_bars[1]  # March at the right
