"""Days written in Arabic news text: "10 أيار 2017", "١٠ مايو ٢٠١٧", "الأربعاء 10/5/2017".

An imported article with no date of its own takes the first day its
opening lines name, and the search page can read a day typed in words the
same way. A month has a Levantine, a standard and a Maghreb name (أيار,
مايو, ماي; :mod:`archive.arabic.calendar_names`), often two of them side
by side ("10 أيار/مايو 2017"). Text and names go through the project's one
normalization first, so hamza forms, ta marbuta, diacritics and
Arabic-Indic digits do not matter. Numbers are read day first, as Arabic
writers write them. A day that does not exist (30 شباط) is no day.
"""

import datetime
import re
from typing import Iterator, Optional

from .calendar_names import LEVANTINE_MONTHS, MAGHREB_MONTHS, STANDARD_MONTHS, WEEKDAYS
from .normalize import normalize

__all__ = ["MONTHS", "find_days", "first_day", "parse_day"]

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

# Longest names first, so "ماي" never takes the start of "مايو"; a name
# must end where a word ends.
_MONTH = "(?:%s)(?![^\\W\\d_])" % "|".join(
    re.escape(name) for name in sorted(MONTHS, key=len, reverse=True)
)
_WORDS = (
    rf"(?P<wday>\d{{1,2}})\s+(?:من\s+)?(?P<month>{_MONTH})"
    rf"(?:\s*[/(-]\s*{_MONTH}\s*\)?)?"  # أيار/مايو, أيار (مايو)
    r"\s*,?\s+(?:(?:من\s+)?(?:عام|سنه)\s+)?(?P<wyear>\d{4})"
)
_NUMBERS = r"(?P<nday>\d{1,2})(?P<sep>[/.-])(?P<nmonth>\d{1,2})(?P=sep)(?P<nyear>\d{4})"
_ISO = r"(?P<iyear>\d{4})-(?P<imonth>\d{1,2})-(?P<iday>\d{1,2})"
_DAY = re.compile(rf"(?<![\d/.-])(?:{_ISO}|{_NUMBERS}|{_WORDS})(?![\d/.-]?\d)")
_WEEKDAYS = {""} | {normalize(name) for name in WEEKDAYS}


def _day_of(match: re.Match) -> Optional[datetime.date]:
    """Return the day a match names, or None when the calendar has no such day."""
    if match["iyear"]:
        year, month, day = match["iyear"], match["imonth"], match["iday"]
    elif match["nyear"]:
        year, month, day = match["nyear"], match["nmonth"], match["nday"]
    else:
        year, month, day = match["wyear"], MONTHS[match["month"]], match["wday"]
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_days(text: str) -> Iterator[datetime.date]:
    """Yield every real day ``text`` names, in the order it names them."""
    for match in _DAY.finditer(normalize(text)):
        day = _day_of(match)
        if day is not None:
            yield day


def first_day(text: str) -> Optional[datetime.date]:
    """Return the first real day ``text`` names, or None."""
    return next(find_days(text), None)


def parse_day(text: str) -> Optional[datetime.date]:
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
