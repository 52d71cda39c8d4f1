"""Month names in all three Arabic calendars and Hijri days, as the press writes them."""
import datetime

import pytest

from archive.arabic.calendar_names import (
    HIJRI_MONTHS,
    LEVANTINE_MONTHS,
    MAGHREB_MONTHS,
    STANDARD_MONTHS,
    WEEKDAYS,
    gregorian_label,
    hijri_label,
    month_label,
    month_year_label,
)


def test_every_table_names_its_whole_cycle_once():
    for table in (STANDARD_MONTHS, LEVANTINE_MONTHS, MAGHREB_MONTHS, HIJRI_MONTHS):
        assert len(table) == len(set(table)) == 12
    assert len(set(WEEKDAYS)) == 7


@pytest.mark.parametrize(
    "month,standard,levantine,maghreb",
    [(1, "يناير", "كانون الثاني", "جانفي"), (5, "مايو", "أيار", "ماي"), (8, "أغسطس", "آب", "أوت"),
     (12, "ديسمبر", "كانون الأول", "ديسمبر")],
)
def test_the_three_names_of_a_month(month, standard, levantine, maghreb):
    assert (STANDARD_MONTHS[month - 1], LEVANTINE_MONTHS[month - 1], MAGHREB_MONTHS[month - 1]) == (
        standard, levantine, maghreb)


def test_labels_put_the_levantine_name_beside_the_standard_one():
    assert month_label(5) == "أيار - مايو"
    assert month_label(1) == "كانون الثاني - يناير"
    assert month_year_label(2017, 11) == "تشرين الثاني - نوفمبر 2017"
    assert gregorian_label(datetime.date(2017, 5, 10)) == "10 أيار - مايو 2017"


@pytest.mark.parametrize(
    "day,expected",
    [
        (datetime.date(2017, 5, 10), "14 شعبان 1438 هـ"),
        (datetime.date(2018, 6, 15), "1 شوال 1439 هـ"),  # Eid al-Fitr
        (datetime.date(2018, 5, 16), "1 رمضان 1439 هـ"),
        (datetime.date(2017, 12, 31), "13 ربيع الآخر 1439 هـ"),
        (datetime.date(2018, 9, 11), "1 محرم 1440 هـ"),
    ],
)
def test_hijri_days_follow_umm_al_qura(day, expected):
    assert hijri_label(day) == expected


def test_days_outside_the_hijri_tables_have_no_hijri_label():
    assert hijri_label(datetime.date(1900, 1, 1)) == ""
    assert hijri_label(datetime.date(2090, 1, 1)) == ""
