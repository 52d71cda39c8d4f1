"""Dates typed among the query's words, read as a date filter.

A reader types ترامب أيار 2017 or لافروف 10/5/2017 and means a time, not a
word: a full day or a month with its year (in any of the names Arab readers
use: أيار / مايو / ماي, تموز / يوليو / جويلية …) becomes the date range, and
leaves the words. A month name without a year stays a word (مارس is also
"he practised"); so does a number on its own, even one shaped like a year
(فعالية 2000, 2015): the page offers its year as a filter
(:func:`lone_year`) instead of applying it. A written day outside the days the index
can filter on (``FIRST_DAY`` to ``LAST_DAY``: 10/5/0999) is no date either.
"""
import calendar
import datetime
import re
from dataclasses import dataclass

from archive.arabic.dates import MONTHS, parse_day
from archive.arabic.tokenize import tokenize
from archive.language.calendar_labels import gregorian_label, month_year_label

FIRST_YEAR = 1900
# The days a search can filter on: Whoosh's date code raises on years before 1000.
FIRST_DAY, LAST_DAY = datetime.date(1000, 1, 1), datetime.date(9999, 12, 31)
_NUMERIC_DAY = re.compile(r"(?<![\d/.-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([/.])\d{1,2}\1\d{4})(?![\d/.-]?\d)")
_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass
class DateWords:
    """What the query's date words mean, and the query without them."""

    first: datetime.date
    last: datetime.date
    label: str
    remaining: str


def read_date_words(query, today=None):
    """The first date the query names, as a range, or None."""
    today = today or datetime.date.today()
    match, day = _written_day(query)
    if match:  # a written day; one the calendar lacks (2017-02-30) or the index cannot hold is no date at all
        if not filterable(day):
            return None
        return _found(query, match.start(), match.end(), day, day, gregorian_label(day))
    tokens = list(tokenize(query))
    try:
        for index in range(len(tokens)):
            found = _month_at(query, tokens, index, today)
            if found:
                return found
    except _NoSuchDay:  # 30 شباط 2017: the reader meant a day, and it does not exist
        return None
    return None


def filterable(day):
    """Whether ``day`` is one a search can filter on; the forms refuse the others too."""
    return day is not None and FIRST_DAY <= day <= LAST_DAY


def unfilterable_day(query):
    """The real day written in ``query`` that no search can filter on (10/5/0999), as typed, or None.

    ``read_date_words`` leaves it among the words; the form tells the reader why.
    """
    match, day = _written_day(query)
    return query[match.start():match.end()] if day and not filterable(day) else None


def _written_day(query):
    """The first numeric day in ``query`` (its match, and the day or None when the calendar lacks it)."""
    digits = query.translate(_INDIC_DIGITS)  # same length: offsets still index ``query``
    match = _NUMERIC_DAY.search(digits)
    return match, (parse_day(match.group()) if match else None)


class _NoSuchDay(ValueError):
    pass


def _month_at(query, tokens, index, today):
    for width in (2, 1):  # كانون الثاني before كانون
        name = " ".join(t.text for t in tokens[index:index + width])
        if len(tokens[index:index + width]) == width and name in MONTHS:
            break
    else:
        return None
    month, after = MONTHS[name], index + width
    year = _year(tokens[after].text, today) if after < len(tokens) else None
    if year is None:
        return None
    start, end = tokens[index].start, tokens[after].end
    before = tokens[index - 1] if index else None
    if before and before.text.isdecimal() and 1 <= int(before.text) <= 31:
        try:
            day = datetime.date(year, month, int(before.text))
        except ValueError as error:
            raise _NoSuchDay from error
        return _found(query, before.start, end, day, day, gregorian_label(day))
    last = calendar.monthrange(year, month)[1]
    return _found(query, start, end, datetime.date(year, month, 1), datetime.date(year, month, last),
                  month_year_label(year, month))


def lone_year(query, today=None):
    """The year a number in ``query`` may mean, as a range to offer the reader, or None.

    Never applied by itself: the number is searched as a word, and the
    page proposes the year as a filter. None when the query already names
    a date.
    """
    today = today or datetime.date.today()
    if read_date_words(query, today):
        return None
    for token in tokenize(query):
        year = _year(token.text, today)
        if year is not None:
            return _found(query, token.start, token.end, datetime.date(year, 1, 1),
                          datetime.date(year, 12, 31), str(year))
    return None


def _year(text, today):
    if len(text) == 4 and text.isdecimal() and FIRST_YEAR <= int(text) <= today.year + 1:
        return int(text)
    return None


def _found(query, start, end, first, last, label):
    remaining = " ".join((query[:start] + " " + query[end:]).split())
    return DateWords(first=first, last=last, label=label, remaining=remaining)
