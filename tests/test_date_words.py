"""Dates typed among a query's words become a date filter; other numbers and month-like words stay words."""
import datetime

import pytest

from archive.search.date_words import lone_year, read_date_words

TODAY = datetime.date(2026, 11, 29)
D = datetime.date


@pytest.mark.parametrize(
    "query,first,last,remaining",
    [
        ("ترامب أيار 2017", D(2017, 5, 1), D(2017, 5, 31), "ترامب"),
        ("ترامب مايو 2017", D(2017, 5, 1), D(2017, 5, 31), "ترامب"),
        ("ترامب ماي 2017", D(2017, 5, 1), D(2017, 5, 31), "ترامب"),
        ("تموز ٢٠١٨ قمة", D(2018, 7, 1), D(2018, 7, 31), "قمة"),
        ("جويلية 2018", D(2018, 7, 1), D(2018, 7, 31), ""),
        ("كانون الثاني 2018 سوريا", D(2018, 1, 1), D(2018, 1, 31), "سوريا"),
        ("شُبَاط 2016", D(2016, 2, 1), D(2016, 2, 29), ""),
        ("لافروف 10/5/2017", D(2017, 5, 10), D(2017, 5, 10), "لافروف"),
        ("لافروف 2017-05-10", D(2017, 5, 10), D(2017, 5, 10), "لافروف"),
        ("ماكرون 10 أيار 2017", D(2017, 5, 10), D(2017, 5, 10), "ماكرون"),
        ("١٠ مايو ٢٠١٧", D(2017, 5, 10), D(2017, 5, 10), ""),
    ],
)
def test_dates_in_the_query(query, first, last, remaining):
    found = read_date_words(query, today=TODAY)
    assert (found.first, found.last, found.remaining) == (first, last, remaining)


@pytest.mark.parametrize("query", [
    "مارس الرياضة", "رؤية 2030", "فعالية 2000", "2015", "قمة ٢٠١٨", "عام 1800",
    "30 شباط 2017", "2017-02-30", "ماكرون", "",
])
def test_no_date_is_read_into_other_words(query):
    assert read_date_words(query, today=TODAY) is None


def test_labels_name_the_month_both_ways():
    assert read_date_words("أيار 2017", today=TODAY).label == "أيار - مايو 2017"
    assert read_date_words("10/5/2017", today=TODAY).label == "10 أيار - مايو 2017"


@pytest.mark.parametrize("query,year,remaining", [
    ("قمة ٢٠١٨", 2018, "قمة"), ("2015", 2015, ""), ("فعالية 2000", 2000, "فعالية"),
])
def test_a_lone_year_is_offered_not_applied(query, year, remaining):
    offer = lone_year(query, today=TODAY)
    assert (offer.first, offer.last, offer.remaining) == (D(year, 1, 1), D(year, 12, 31), remaining)


@pytest.mark.parametrize("query", ["أيار 2017", "رؤية 2030", "ماكرون"])
def test_no_year_is_offered_beside_a_date_or_far_from_today(query):
    assert lone_year(query, today=TODAY) is None
