"""The date archive as a reader walks it: years, months by both names, days, Hijri dates, and bad dates."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from archive.models import Article
from archive.templatetags.archive_pages import article_meta
from tests.factories import add_article
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated():
    """Four public articles in 2017 (two on 10 May), one in January 2018, a draft and an undated one."""
    add_article("قبل الربيع", "نص.", day="2017-02-28")
    add_article("الأول في العاشر", "نص.", day="2017-05-10")
    add_article("الثاني في العاشر", "نص.", day="2017-05-10")
    add_article("في العشرين", "نص.", day="2017-05-20")
    add_article("مسودة الحادي عشر", "نص.", day="2017-05-11", status="draft")
    add_article("مطلع العام", "نص.", day="2018-01-15")
    undated = add_article("بلا تاريخ", "نص.")
    Article.objects.filter(pk=undated.pk).update(published=None)


def get_page(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, path
    return parse(response)


def neighbours(page):
    return {link["rel"][0]: (link.select_one(".target").get_text(), link["href"])
            for link in page.select(".date-nav a")}


def card_titles(page):
    return [title.get_text(strip=True) for title in page.select(".card-title")]


def test_index_lists_years_newest_first_with_counts(client, dated):
    page = get_page(client, "/archive/")
    years = [(a.select_one(".period-name").get_text(), a.select_one(".period-count").get_text(" ", strip=True))
             for a in page.select(".period-grid a")]
    assert years == [("2018", "عدد المقالات: 1"), ("2017", "عدد المقالات: 4")]


def test_year_shows_every_month_by_both_names_and_links_those_with_articles(client, dated):
    page = get_page(client, "/archive/2017/")
    assert page.h1.get_text(" ", strip=True) == "أرشيف سنة 2017"
    months = page.select(".period-grid li")
    names = [li.select_one(".period-name").get_text() for li in months]
    assert names[0] == "كانون الثاني - يناير" and names[4] == "أيار - مايو" and len(names) == 12
    linked = {a.select_one(".period-name").get_text():
              (a["href"], a.select_one(".period-count").get_text(" ", strip=True))
              for a in page.select(".period-grid a")}
    assert linked == {
        "شباط - فبراير": ("/archive/2017/02/", "عدد المقالات: 1"),
        "أيار - مايو": ("/archive/2017/05/", "عدد المقالات: 3"),
    }
    assert neighbours(page) == {"next": ("2018", "/archive/2018/")}


def test_month_calendar_starts_on_saturday_and_links_days_with_articles(client, dated):
    page = get_page(client, "/archive/2017/05/")
    assert page.h1.get_text(strip=True) == "أرشيف أيار - مايو 2017"
    assert [th.get_text() for th in page.select(".month-calendar thead th")][:2] == ["السبت", "الأحد"]
    first_week = page.select(".month-calendar tbody tr")[0].select("td")
    assert [td.get_text(strip=True) for td in first_week[:3]] == ["", "", "1"]  # 1 May 2017 was a Monday
    days = {a["href"]: a.select_one(".day-count").get_text() for a in page.select(".month-calendar a")}
    assert days == {"/archive/2017/05/10/": "2", "/archive/2017/05/20/": "1"}
    assert sorted(card_titles(page)) == sorted(["الأول في العاشر", "الثاني في العاشر", "في العشرين"])


def test_previous_and_next_skip_empty_periods(client, dated):
    assert neighbours(get_page(client, "/archive/2017/05/")) == {
        "prev": ("شباط - فبراير 2017", "/archive/2017/02/"),
        "next": ("كانون الثاني - يناير 2018", "/archive/2018/01/"),
    }
    assert neighbours(get_page(client, "/archive/2017/05/10/")) == {
        "prev": ("28 شباط - فبراير 2017", "/archive/2017/02/28/"),
        "next": ("20 أيار - مايو 2017", "/archive/2017/05/20/"),
    }


def test_day_names_its_weekday_hijri_date_and_articles(client, dated):
    page = get_page(client, "/archive/2017/05/10/")
    assert page.h1.get_text(strip=True) == "الأربعاء 10 أيار - مايو 2017"
    assert page.select_one(".hijri-date").get_text() == "14 شعبان 1438 هـ"
    assert sorted(card_titles(page)) == ["الأول في العاشر", "الثاني في العاشر"]
    crumbs = [(a.get_text(), a["href"]) for a in page.select(".breadcrumbs a")]
    assert crumbs == [("الأرشيف", "/archive/"), ("2017", "/archive/2017/"), ("أيار - مايو", "/archive/2017/05/")]


@override_settings(TIME_ZONE="Asia/Damascus")
def test_days_follow_the_site_time_zone(client, dated):
    # 00:30 on 11 May in Damascus is 10 May in UTC; the reader's calendar says the 11th.
    late = add_article("بعد منتصف الليل", "نص.")
    moment = datetime.datetime(2017, 5, 11, 0, 30, tzinfo=ZoneInfo("Asia/Damascus"))
    Article.objects.filter(pk=late.pk).update(published=moment)
    assert card_titles(get_page(client, "/archive/2017/05/11/")) == ["بعد منتصف الليل"]
    assert "بعد منتصف الليل" not in card_titles(get_page(client, "/archive/2017/05/10/"))


def test_article_dates_read_gregorian_then_hijri(dated):
    article = Article.objects.get(title="في العشرين")
    html = BeautifulSoup(article_meta(article), "html.parser")
    assert html.time.get_text() == "20 أيار - مايو 2017"
    assert html.time["datetime"].startswith("2017-05-20")
    assert html.select_one(".hijri").get_text() == "24 شعبان 1438 هـ"
    undated = Article.objects.get(title="بلا تاريخ")
    html = BeautifulSoup(article_meta(undated), "html.parser")
    assert html.select_one(".meta > span").get_text() == "غير مؤرَّخ"
    assert html.time is None


@pytest.mark.parametrize(
    "path,problem,way_back",
    [
        ("/archive/2017/02/30/", "لا يوجد يوم 30 في شباط - فبراير 2017.", "/archive/2017/02/"),
        ("/archive/2017/05/32/", "لا يوجد يوم 32 في أيار - مايو 2017.", "/archive/2017/05/"),
        ("/archive/2017/13/", "لا يوجد في السنة شهر رقمه 13؛ أشهر السنة اثنا عشر.", "/archive/2017/"),
        ("/archive/2017/00/", "لا يوجد في السنة شهر رقمه 0؛ أشهر السنة اثنا عشر.", "/archive/2017/"),
        ("/archive/0/", "السنة 0 خارج التقويم الذي يغطيه الأرشيف.", "/archive/"),
        ("/archive/99999/", "السنة 99999 خارج التقويم الذي يغطيه الأرشيف.", "/archive/"),
    ],
)
def test_impossible_dates_are_404_pages_that_say_why(client, dated, path, problem, way_back):
    page = get_page(client, path, status=404)
    assert page.select_one(".problem").get_text() == problem
    assert page.select_one("main a")["href"] == way_back


@pytest.mark.parametrize("path", ["/archive/abc/", "/archive/2017/may/", "/archive/2017/05/1x/", "/archive/2017/005/"])
def test_non_numeric_dates_are_404(client, dated, path):
    assert client.get(path).status_code == 404


def test_empty_period_is_404_yet_points_to_its_neighbours(client, dated):
    page = get_page(client, "/archive/2015/", status=404)
    assert "لا توجد مقالات منشورة في سنة 2015" in page.select_one(".empty").get_text()
    assert neighbours(page) == {"next": ("2017", "/archive/2017/")}
    assert neighbours(get_page(client, "/archive/2017/05/11/", status=404)) == {
        "prev": ("10 أيار - مايو 2017", "/archive/2017/05/10/"),
        "next": ("20 أيار - مايو 2017", "/archive/2017/05/20/"),
    }


@override_settings(ARCHIVE_PAGE_SIZE=2)
@pytest.mark.parametrize("number,expected_cards", [("1", 2), ("2", 1), ("9999", 1), ("abc", 2), ("-3", 1)])
def test_month_articles_are_paginated_and_bad_page_numbers_give_the_nearest_page(client, dated, number, expected_cards):
    page = get_page(client, "/archive/2017/05/", page=number)
    assert len(page.select(".card")) == expected_cards
    assert len(page.select(".month-calendar a")) == 2  # the calendar shows the whole month on every page
