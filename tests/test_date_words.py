"""Dates typed among a query's words become a date filter; other numbers and month-like words stay words."""
import datetime

import pytest

from archive.search.date_words import read_date_words

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
        ("قمة ٢٠١٨", D(2018, 1, 1), D(2018, 12, 31), "قمة"),
        ("2017", D(2017, 1, 1), D(2017, 12, 31), ""),
        ("لافروف 10/5/2017", D(2017, 5, 10), D(2017, 5, 10), "لافروف"),
        ("لافروف 2017-05-10", D(2017, 5, 10), D(2017, 5, 10), "لافروف"),
        ("ماكرون 10 أيار 2017", D(2017, 5, 10), D(2017, 5, 10), "ماكرون"),
        ("١٠ مايو ٢٠١٧", D(2017, 5, 10), D(2017, 5, 10), ""),
    ],
)
def test_dates_in_the_query(query, first, last, remaining):
    found = read_date_words(query, today=TODAY)
    assert (found.first, found.last, found.remaining) == (first, last, remaining)


@pytest.mark.parametrize("query", ["مارس الرياضة", "رؤية 2030", "عام 1800", "30 شباط 2017", "2017-02-30", "ماكرون", ""])
def test_no_date_is_read_into_other_words(query):
    assert read_date_words(query, today=TODAY) is None


def test_labels_name_the_month_both_ways():
    assert read_date_words("أيار 2017", today=TODAY).label == "أيار - مايو 2017"
    assert read_date_words("10/5/2017", today=TODAY).label == "10 أيار - مايو 2017"
