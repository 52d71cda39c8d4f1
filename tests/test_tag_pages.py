"""A tag's page as a researcher reads it: who it is, when it was in the news, who came with it."""
import datetime
import struct
from zoneinfo import ZoneInfo

import arabic_reshaper
import pytest
from django.db import transaction
from django.test import override_settings
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from archive.models import Article, ArticleTag, Tag
from archive.pages import timeline
from archive.pages.tag_articles import NewestTagged
from archive.pages.timeline import MonthCount, months_between, ticks
from archive.search.engine import outbox
from tests.factories import add_article
from tests.pages import parse

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


def tag(kind, name, *aliases):
    created = Tag.objects.create(kind=kind, name=name)
    for alias in aliases:
        created.aliases.create(name=alias)
    return created


@pytest.fixture
def lavrov():
    """Lavrov in March, twice in May, once undated; his company of people, places and a topic."""
    lavrov = tag(Tag.Kind.PERSON, "سيرغي لافروف", "سيرجي لافروف", "Sergei Lavrov")
    putin = tag(Tag.Kind.PERSON, "فلاديمير بوتين")
    trump = tag(Tag.Kind.PERSON, "دونالد ترامب")
    moscow = tag(Tag.Kind.PLACE, "موسكو")
    diplomacy = tag(Tag.Kind.TOPIC, "الدبلوماسية")
    zakharova = tag(Tag.Kind.PERSON, "ماريا زاخاروفا")
    add_article("لافروف في آذار", "نص أول.", day="2017-03-05", tags=[lavrov, putin, moscow, diplomacy])
    add_article("لافروف وبوتين", "نص ثان.", day="2017-05-10", tags=[lavrov, putin, trump])
    add_article("لافروف في موسكو", "نص ثالث.", day="2017-05-20", tags=[lavrov, putin, moscow, diplomacy])
    undated = add_article("لافروف بلا تاريخ", "نص رابع.", tags=[lavrov])
    undated.published = None
    undated.save()
    add_article("مسودة", "لم تنشر.", day="2017-06-01", tags=[lavrov, zakharova], status="draft")
    return lavrov


def test_header_names_kind_aliases_and_counts(client, lavrov):
    page = parse(client.get(lavrov.get_absolute_url()))
    header = page.select_one(".tag-header")
    assert header.select_one(".kicker").get_text(strip=True) == "شخص"
    assert page.h1.get_text(strip=True) == "سيرغي لافروف"
    assert [bdi.get_text() for bdi in header.select(".aliases bdi")] == ["Sergei Lavrov", "سيرجي لافروف"]
    count = header.select_one(".count")
    assert [bdi.get_text() for bdi in count.select("bdi")] == ["4", "1"]  # four public, one of them undated
    assert "بلا تاريخ" in count.get_text()


def test_page_announces_the_tags_feeds(client, lavrov):
    page = parse(client.get(lavrov.get_absolute_url()))
    feeds = {link["type"]: link["href"] for link in page.select("head link[rel=alternate]")}
    slug = "/tags/%D8%B3%D9%8A%D8%B1%D8%BA%D9%8A-%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81/"  # سيرغي-لافروف
    assert feeds == {"application/rss+xml": slug + "rss/", "application/atom+xml": slug + "atom/"}
    assert client.get(feeds["application/atom+xml"]).status_code == 200


def test_timeline_has_a_bar_per_month_with_articles_oldest_at_the_right(client, lavrov):
    page = parse(client.get(lavrov.get_absolute_url()))
    svg = page.select_one("section.tag-timeline svg")
    assert svg["role"] == "img"
    labelled_by = [page.find(id=part).get_text() for part in svg["aria-labelledby"].split()]
    assert labelled_by[0] == "عدد المقالات عن سيرغي لافروف شهريًا"
    assert "من آذار - مارس 2017 إلى أيار - مايو 2017" in labelled_by[1]
    bars = svg.select("rect.bar")
    assert [(bar["data-month"], bar["data-count"]) for bar in bars] == [("2017-03", "1"), ("2017-05", "2")]
    assert float(bars[0]["x"]) > float(bars[1]["x"])  # time runs right to left
    assert bars[1].title.get_text() == "أيار - مايو 2017: 2"
    assert float(bars[1]["height"]) == pytest.approx(2 * float(bars[0]["height"]))
    ticks = [text.get_text() for text in svg.select(".timeline-ticks text")]
    assert ticks == ["آذار - مارس", "2017", "نيسان - أبريل", "أيار - مايو"]  # the month names of every page


def test_timeline_table_gives_the_same_counts_in_words(client, lavrov):
    page = parse(client.get(lavrov.get_absolute_url()))
    rows = [(row.th.get_text(), row.td.get_text()) for row in page.select(".timeline-data tbody tr")]
    assert rows == [("آذار - مارس 2017", "1"), ("أيار - مايو 2017", "2")]


@override_settings(TIME_ZONE="Asia/Damascus")
def test_months_are_counted_in_the_site_time_zone(client, lavrov):
    # 00:30 on 1 June in Damascus is still 31 May in UTC: the reader's calendar says June.
    late = add_article("بعد منتصف الليل", "نص.", tags=[lavrov])
    late.published = datetime.datetime(2017, 6, 1, 0, 30, tzinfo=DAMASCUS)
    late.save()
    page = parse(client.get(lavrov.get_absolute_url()))
    assert [bar["data-month"] for bar in page.select("rect.bar")] == ["2017-03", "2017-05", "2017-06"]


def test_companions_are_the_people_and_places_most_often_alongside(client, lavrov):
    page = parse(client.get(lavrov.get_absolute_url()))
    groups = {
        heading.get_text(): [
            (li.a.get_text(strip=True), li.select_one(".shared").get_text(" ", strip=True).split()[-1])
            for li in heading.find_next_sibling("ol").select("li")
        ]
        for heading in page.select(".companions h3")
    }
    # Topics are not companions; the tag itself and drafts (زاخاروفا) do not count.
    assert groups == {
        "الأشخاص": [("فلاديمير بوتين", "3"), ("دونالد ترامب", "1")],
        "الأماكن": [("موسكو", "2")],
    }
    putin = page.select_one(".companions a.tag-person")
    assert parse(client.get(putin["href"])).h1.get_text(strip=True) == "فلاديمير بوتين"


def test_tag_with_no_dated_article_says_so(client, lavrov):
    alone = tag(Tag.Kind.PLACE, "ألاسكا")
    page = parse(client.get(alone.get_absolute_url()))
    assert page.select_one(".tag-timeline svg") is None
    assert "لا توجد مقالات مؤرَّخة" in page.select_one(".tag-timeline .empty").get_text()
    assert page.select_one(".companions") is None


@pytest.mark.parametrize(
    "first,last,expected",
    [
        ((2017, 5), (2018, 10), [("تموز - يوليو", "2017"), ("كانون الثاني - يناير", "2018"), ("تموز - يوليو", "")]),
        ((1990, 6), (2018, 10), [("1995", ""), ("2000", ""), ("2005", ""), ("2010", ""), ("2015", "")]),
    ],
)
def test_time_axis_labels_stay_few_and_round(first, last, expected):
    months = [MonthCount(day, 1) for day in months_between(datetime.date(*first, 1), datetime.date(*last, 1))]
    assert [(tick.name, tick.year) for tick in ticks(months)] == expected


def png_size(content):
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


def test_timeline_downloads_as_a_png(client, lavrov):
    page = parse(client.get(lavrov.get_absolute_url()))
    link = page.select_one("a.download")
    assert link.has_attr("download")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "timeline.png" in disposition and "%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81" in disposition  # لافروف
    assert png_size(response.content) == (1000, 400)


def test_timeline_png_of_a_tag_without_dates_is_still_an_image(client, lavrov):
    alone = tag(Tag.Kind.PLACE, "ألاسكا")
    response = client.get(f"/tags/{alone.slug}/timeline.png")
    assert png_size(response.content) == (1000, 400)


def render(text):
    figure = Figure(figsize=(1, 0.5), dpi=100)
    canvas = FigureCanvasAgg(figure)
    figure.text(0.1, 0.3, text, fontsize=14)
    canvas.draw()
    return bytes(canvas.buffer_rgba())


def test_matplotlib_joins_arabic_letters_itself():
    # Why the PNG passes Arabic as stored: matplotlib's own layout already
    # draws "بت" with the joined forms that arabic-reshaper would substitute,
    # and in the same order. Shaping on top would reverse the words again.
    assert render("بت") == render(arabic_reshaper.reshape("بت"))
    assert render("بت") != render("ب ت")


@pytest.mark.parametrize("path", ["/tags/لا-يوجد/", "/tags/لا-يوجد/timeline.png"])
def test_unknown_tag_is_404(client, lavrov, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("number", ["abc", "9999", "-1", "0"])
def test_bad_page_numbers_give_the_nearest_page(client, lavrov, number):
    response = client.get(lavrov.get_absolute_url(), {"page": number})
    assert response.status_code == 200
    assert len(parse(response).select(".tag-articles .card")) == 4


def companion_groups(page):
    return {
        heading.get_text(): [
            (li.a.get_text(strip=True), li.select_one(".shared").get_text(" ", strip=True).split()[-1])
            for li in heading.find_next_sibling("ol").select("li")
        ]
        for heading in page.select(".companions h3")
    }


@pytest.mark.django_db(transaction=True, reset_sequences=True)  # the archive's size is its last id: PostgreSQL's
# sequences go on counting past the rows other tests rolled back, and a large tag would look small beside them
def test_a_large_tags_counts_come_from_the_index_and_show_a_change_at_once(client, search_index):
    """A tag on many of the archive's articles has its months and companions counted by the search engine
    while the index holds every change: a change shows on the next page before it reaches the index (the
    database counts) and after (the engine counts again, with the change)."""
    lavrov = tag(Tag.Kind.PERSON, "سيرغي لافروف")
    putin, trump = tag(Tag.Kind.PERSON, "فلاديمير بوتين"), tag(Tag.Kind.PERSON, "دونالد ترامب")
    moscow, diplomacy = tag(Tag.Kind.PLACE, "موسكو"), tag(Tag.Kind.TOPIC, "الدبلوماسية")
    articles = [add_article(f"لافروف {number}", "نص.", day=f"2017-0{3 if number <= 4 else 5}-{number:02d}",
                            tags=[lavrov, putin, diplomacy, *([moscow] if number % 3 == 0 else [])])
                for number in range(1, 13)]
    add_article("مسودة", "لم تنشر.", day="2017-06-01", tags=[lavrov, trump], status="draft")
    listed = NewestTagged(lavrov)
    assert listed.moments() is None and timeline.counted_by_engine(lavrov, listed.count) is not None

    page = parse(client.get(lavrov.get_absolute_url()))
    assert companion_groups(page) == {"الأشخاص": [("فلاديمير بوتين", "12")], "الأماكن": [("موسكو", "4")]}
    rows = [(row.th.get_text(), row.td.get_text()) for row in page.select(".timeline-data tbody tr")]
    assert rows == [("آذار - مارس 2017", "4"), ("أيار - مايو 2017", "8")]

    with transaction.atomic():  # as an import writes a batch: committed, its articles queued for the index
        ArticleTag.objects.bulk_create([ArticleTag(article=articles[0], tag=trump)])
        Article.objects.filter(pk=articles[1].pk).update(published=None)
        outbox.record([articles[0].pk, articles[1].pk])
    expected = {"الأشخاص": [("فلاديمير بوتين", "12"), ("دونالد ترامب", "1")], "الأماكن": [("موسكو", "4")]}
    for indexed in (False, True):
        page = parse(client.get(lavrov.get_absolute_url()))
        assert companion_groups(page) == expected
        assert [bar["data-count"] for bar in page.select("rect.bar")] == ["3", "8"]
        assert [bdi.get_text() for bdi in page.select(".tag-header .count bdi")] == ["12", "1"]
        assert (timeline.counted_by_engine(lavrov, NewestTagged(lavrov).count) is not None) == indexed
        assert outbox.drain()
