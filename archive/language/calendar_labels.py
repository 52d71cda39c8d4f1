"""Days and months named in the reader's language.

Arabic names come from :mod:`archive.arabic.calendar_names` (the Levantine
name beside the standard one, "10 أيار - مايو 2017"); English ones are
Django's own month and weekday names ("10 May 2017") and hijridate's
transliterated Hijri months ("14 Sha'ban 1438 AH").
"""
import datetime

from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS
from hijridate import Gregorian

from archive.arabic import calendar_names


def in_arabic():
    return translation.get_language() != "en"


def month_label(month: int) -> str:
    """5 gives "أيار - مايو", or "May"."""
    return calendar_names.month_label(month) if in_arabic() else str(MONTHS[month])


def month_year_label(year: int, month: int) -> str:
    return f"{month_label(month)} {year}"


def gregorian_label(day: datetime.date) -> str:
    return f"{day.day} {month_year_label(day.year, day.month)}"


def weekday_name(day: datetime.date) -> str:
    return calendar_names.WEEKDAYS[day.weekday()] if in_arabic() else str(WEEKDAYS[day.weekday()])


def weekday_names(first: int) -> list:
    """The seven names of a calendar's header row, from weekday ``first`` (Monday is 0)."""
    monday = datetime.date(2024, 1, 1)
    return [weekday_name(monday + datetime.timedelta(days=(first + offset) % 7)) for offset in range(7)]


def hijri_label(day: datetime.date) -> str:
    """The Hijri day; "" outside the Umm al-Qura tables (1924–2077)."""
    if in_arabic():
        return calendar_names.hijri_label(day)
    try:
        hijri = Gregorian.fromdate(day).to_hijri()
    except OverflowError:
        return ""
    return f"{hijri.day} {hijri.month_name('en')} {hijri.year} {hijri.notation('en')}"
