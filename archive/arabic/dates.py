"""Days written in Arabic news text: "10 أيار 2017", "١٠ مايو ٢٠١٧", "الأربعاء 10/5/2017".

An imported article with no date of its own takes the first day its
opening lines name, and the search page can read a day typed in words the
same way. A month has a Levantine, a standard and a Maghreb name (أيار,
مايو, ماي; :mod:`archive.arabic.calendar_names`), often two of them side
by side ("10 أيار/مايو 2017"). Text and names go through the project's one
normalization first, so hamza forms, ta marbuta, diacritics and
Arabic-Indic digits do not matter. Numbers are read day first, as Arabic
writers write them. A day that does not exist (30 شباط) is no day.

A Gulf paper dates itself in both calendars: "15/12/1436هـ", "15 ذو الحجة
1436". A date marked Hijri (هـ after it, or a Hijri month name) is
converted through hijridate's Umm al-Qura tables, never read as the
Gregorian year 1436; outside those tables (1343–1500) it is no day.
"""

import datetime
import re
from collections.abc import Iterator
from typing import NamedTuple

from hijridate import Hijri

from .calendar_names import HIJRI_MONTHS, LEVANTINE_MONTHS, MAGHREB_MONTHS, STANDARD_MONTHS, WEEKDAYS
from .normalize import normalize

__all__ = ["MONTHS", "HIJRI_MONTH_NUMBERS", "Found", "find_dates", "find_days", "first_day", "parse_day"]

#: Spellings the press uses beside the three calendars' names: Egyptian
#: يونيه/يوليه and the Moroccan names.
_OTHER_SPELLINGS = {
    "يونيه": 6, "يوليه": 7, "اغسطس": 8, "يوليوز": 7, "غشت": 8,
    "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}

#: Normalized month name -> month number.
MONTHS = {
    normalize(name): number
    for names in (STANDARD_MONTHS, LEVANTINE_MONTHS, MAGHREB_MONTHS)
    for number, name in enumerate(names, 1)
} | _OTHER_SPELLINGS

#: Normalized Hijri month name -> month number, with the press's other
#: spellings (ربيع الثاني, جمادى الثانية, ذي الحجة after a genitive).
HIJRI_MONTH_NUMBERS = {normalize(name): number for number, name in enumerate(HIJRI_MONTHS, 1)} | {
    normalize(name): number for name, number in (
        ("ربيع الثاني", 4), ("جمادى الأول", 5), ("جمادى الثانية", 6), ("جمادى الثاني", 6),
        ("ذي القعدة", 11), ("ذي الحجة", 12), ("محرم الحرام", 1), ("رمضان المبارك", 9),
    )
}

# Longest names first, so "ماي" never takes the start of "مايو"; a name
# must end where a word ends.
_MONTH = "(?:{})(?![^\\W\\d_])".format("|".join(
    re.escape(name) for name in sorted(MONTHS, key=len, reverse=True)
))
_WORDS = (
    rf"(?P<wday>\d{{1,2}})\s+(?:من\s+)?(?P<month>{_MONTH})"
    rf"(?:\s*[/(-]\s*{_MONTH}\s*\)?)?"  # أيار/مايو, أيار (مايو)
    r"\s*,?\s+(?:(?:من\s+)?(?:عام|سنه)\s+)?(?P<wyear>\d{4})"
)
_HIJRI_MONTH = "(?:{})(?![^\\W\\d_])".format("|".join(
    re.escape(name) for name in sorted(HIJRI_MONTH_NUMBERS, key=len, reverse=True)
))
_HIJRI_WORDS = (
    rf"(?P<hday>\d{{1,2}})\s+(?:من\s+)?(?P<hmonth>{_HIJRI_MONTH})"
    r"\s*,?\s+(?:(?:من\s+)?عام\s+)?(?P<hyear>\d{4})"
)
_NUMBERS = r"(?P<nday>\d{1,2})(?P<sep>[/.-])(?P<nmonth>\d{1,2})(?P=sep)(?P<nyear>\d{4})"
# هـ after a date (tatweel is gone once normalized): the Hijri era.
_HIJRI_ERA = r"(?P<era>\s*ه(?![^\W\d_]))?"
_ISO = r"(?P<iyear>\d{4})-(?P<imonth>\d{1,2})-(?P<iday>\d{1,2})"
_DAY = re.compile(rf"(?<![\d/.-])(?:{_ISO}|{_NUMBERS}|{_WORDS}|{_HIJRI_WORDS})(?![\d/.-]?\d){_HIJRI_ERA}")
_WEEKDAYS = {""} | {normalize(name) for name in WEEKDAYS}


class Found(NamedTuple):
    """A day named in a text: the day (None when no calendar has it), where
    it is written in the normalized text, and whether it was Hijri."""

    day: datetime.date | None
    start: int
    end: int
    hijri: bool


def _day_of(match: re.Match) -> datetime.date | None:
    """Return the day a match names, or None when the calendar has no such day."""
    if match["hyear"]:
        return _hijri_day(match["hyear"], HIJRI_MONTH_NUMBERS[match["hmonth"]], match["hday"])
    if match["iyear"]:
        year, month, day = match["iyear"], match["imonth"], match["iday"]
    elif match["nyear"]:
        year, month, day = match["nyear"], match["nmonth"], match["nday"]
    else:
        year, month, day = match["wyear"], MONTHS[match["month"]], match["wday"]
    if match["era"]:
        return _hijri_day(year, month, day)
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _hijri_day(year, month, day) -> datetime.date | None:
    """The Gregorian day of a Hijri one, or None outside the calendar or its tables."""
    try:
        return datetime.date(*Hijri(int(year), int(month), int(day)).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def find_dates(text: str) -> Iterator[Found]:
    """Yield every date ``text`` names, with its place in ``normalize(text)``."""
    for match in _DAY.finditer(normalize(text)):
        yield Found(_day_of(match), match.start(), match.end(), bool(match["hyear"] or match["era"]))


def find_days(text: str) -> Iterator[datetime.date]:
    """Yield every real day ``text`` names, in the order it names them."""
    for found in find_dates(text):
        if found.day is not None:
            yield found.day


def first_day(text: str) -> datetime.date | None:
    """Return the first real day ``text`` names, or None."""
    return next(find_days(text), None)


def parse_day(text: str) -> datetime.date | None:
    """Return the day when ``text`` is one written day and nothing else, or None.

    A weekday may come first ("الأربعاء 10/5/2017").
    """
    cleaned = normalize(text).strip()
    match = _DAY.search(cleaned)
    if match is None or match.end() != len(cleaned):
        return None
    if cleaned[:match.start()].strip(" ,") not in _WEEKDAYS:
        return None
    return _day_of(match)
