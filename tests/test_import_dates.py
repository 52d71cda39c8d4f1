"""An article's own date from its text (issue 13): Hijri dates converted, mentions and future dates refused,
told in the summary."""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.arabic.dates import find_dates, parse_day
from archive.importing.dates import dated
from archive.importing.records import clean_url
from archive.models import Article

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)
D = datetime.date


def text_date(body, dateline=""):
    when = dated(None, dateline, body, today=TODAY)
    return (when.moment.date() if when.moment else None), when.how


@pytest.mark.parametrize("text, day", [
    ("الرياض 15/12/1436هـ", D(2015, 9, 28)),
    ("15/12/1436 هـ", D(2015, 9, 28)),
    ("١٥/١٢/١٤٣٦هـ", D(2015, 9, 28)),
    ("15 ذو الحجة 1436", D(2015, 9, 28)),
    ("15 ذي الحجة 1436 هـ", D(2015, 9, 28)),
    ("5 رمضان 1436", D(2015, 6, 22)),
])
def test_a_hijri_date_is_converted_never_read_as_gregorian(text, day):
    assert [found.day for found in find_dates(text)] == [day]
    assert all(found.hijri for found in find_dates(text))


def test_a_hijri_date_outside_the_tables_or_the_calendar_is_no_day():
    assert [found.day for found in find_dates("1/1/1200هـ 30/13/1436هـ")] == [None, None]
    assert parse_day("15/12/1436") == D(1436, 12, 15)  # no mark: a Gregorian year, refused by the importer's window


def test_the_issue_dateline_with_a_hijri_date_dates_the_article():
    assert text_date("الرياض - 15/12/1436هـ\nأعلنت وزارة الداخلية اليوم ...") == (D(2015, 9, 28), "hijri")


@pytest.mark.parametrize("body", [
    "ولد الأمير في 5 مايو 1976 في الرياض، وتولى مناصب عدة.",
    "في 11 سبتمبر 2001، هاجم تنظيم القاعدة الولايات المتحدة.",
    "منذ 2001-09-11 تغيّر العالم.",
    "تحدث الوزير في مؤتمر صحفي طويل عقده في العاصمة عن الاتفاق الذي وقع في 10 أيار 2015 مع الشركاء.",
])
def test_a_date_the_article_mentions_is_not_its_own(body):
    assert text_date(body) == (None, "none")


def test_a_date_after_the_import_or_before_the_window_leaves_it_undated(settings):
    assert text_date("الرياض - 10 أيار 2030\nنص.") == (None, "refused")
    assert text_date("القاهرة - 10 أيار 1976\nنص.") == (None, "refused")
    settings.IMPORT_TEXT_DATES_FROM = "2016-01-01"
    assert text_date("الرياض 15/12/1436هـ") == (None, "refused")


def test_a_dateline_date_and_one_after_a_place_and_weekday_are_own_dates():
    assert text_date("نص.", dateline="دمشق 10 أيار 2017") == (D(2017, 5, 10), "text")
    assert text_date("دمشق في الأربعاء 10/5/2017 - قال الوزير") == (D(2017, 5, 10), "text")


def test_the_import_summary_says_how_each_article_was_dated(tmp_path):
    records = [
        {"title": "مؤرخ في الملف", "body": "نص.", "published": "2018-02-18"},
        {"title": "هجري", "body": "الرياض 15/12/1436هـ\nنص أول."},
        {"title": "ميلادي", "body": "دمشق 10 أيار 2017\nنص ثان."},
        {"title": "مستقبل", "body": "دمشق 10 أيار 2999\nنص ثالث."},
        {"title": "تاريخي", "body": "ولد في 5 مايو 1976 في الرياض.\nنص رابع."},
    ]
    path = tmp_path / "dates.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=StringIO())
    lines = [line.strip() for line in out.getvalue().splitlines()]
    assert "مؤرَّخة من الملف: 1" in lines
    assert "مؤرَّخة من تاريخ هجري في مطلعها، محوَّلًا: 1" in lines
    assert "مؤرَّخة من تاريخ في مطلعها: 1" in lines
    assert "بلا تاريخ: تاريخ مطلعها بعد يوم الاستيراد أو قبل IMPORT_TEXT_DATES_FROM: 1" in lines
    assert "بلا تاريخ: لا في الملف ولا في مطلعها: 1" in lines
    assert Article.objects.get(title="هجري").published.date() == D(2015, 9, 28)
    assert Article.objects.get(title="مستقبل").published is None


# --- URLs ---------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("\u00a0https://www.alyaum.com/articles/6 \u00a0", "https://www.alyaum.com/articles/6"),
    ("https://www.alyaum.com/الملك\u00a0سلمان.html", "https://www.alyaum.com/الملك%C2%A0سلمان.html"),
    ("https://e.org/a b\n", "https://e.org/a%20b"),
    ("https://e.org/a\tb", "https://e.org/ab"),
])
def test_urls_are_cleaned_as_the_url_standard_reads_them(raw, clean):
    assert clean_url(raw) == clean


def test_an_article_whose_url_holds_a_no_break_space_is_imported(tmp_path):
    record = {"title": "خبر", "body": "نص.", "url": "https://www.alriyadh.com/1076\u00a0045 \u00a0"}
    path = tmp_path / "url.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.get().url == "https://www.alriyadh.com/1076%C2%A0045"
