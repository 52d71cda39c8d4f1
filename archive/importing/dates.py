"""An article's publication date, from what a file gives or else from its text.

A file's date may be a day (``2018-02-18``, stored at noon local time, see
:mod:`archive.dates`), a moment with or without an offset (ISO 8601, or a
feed's RFC 822), or a day in words (``10 أيار 2017``). A day the calendar
does not have (``2017-02-30``) rejects the record and says why, rather than
guessing. With no date at all, the dateline and the opening paragraphs are
read for one (:mod:`archive.arabic.dates`); failing that the article stays
undated (``published`` empty), never dated today.
"""
import calendar
import datetime
import email.utils
import re

from django.utils import timezone

from archive.arabic.dates import first_day, parse_day
from archive.dates import aware_from_day

from .records import Rejected

# A date-shaped start: checked against the calendar before anything else.
_NUMERIC_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
# How far into the body a date still dates the article.
OPENING_PARAGRAPHS = 2


def published_from(value, dateline="", body=""):
    """The aware datetime an article was published, or None when nothing dates it."""
    if isinstance(value, datetime.datetime):
        return _aware(value)
    if value:
        return _parse(str(value).strip())
    opening = [dateline, *[part for part in body.splitlines() if part.strip()][:OPENING_PARAGRAPHS]]
    day = first_day("\n".join(opening))
    return aware_from_day(day) if day else None


def _parse(text):
    numeric = _NUMERIC_DAY.match(text)
    if numeric:
        year, month, day = map(int, numeric.groups())
        _check_calendar(text, year, month, day)
        if numeric.end() == len(text):
            return aware_from_day(datetime.date(year, month, day))
        return _moment(text)
    try:
        return _aware(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError):
        pass
    day = parse_day(text)
    if day is None:
        raise _unreadable(text)
    return aware_from_day(day)


def _check_calendar(text, year, month, day):
    if year < datetime.MINYEAR:
        raise Rejected(f"التاريخ «{text}» غير موجود: لا سنة رقمها {year}.")
    if not 1 <= month <= 12:
        raise Rejected(f"التاريخ «{text}» غير موجود: لا شهر رقمه {month}.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise Rejected(f"التاريخ «{text}» غير موجود: الشهر {month} من سنة {year} فيه {days} يومًا.")


def _moment(text):
    try:
        return _aware(datetime.datetime.fromisoformat(text))
    except ValueError:
        raise _unreadable(text) from None


def _unreadable(text):
    return Rejected(
        f"لم يُفهم التاريخ «{text}»؛ اكتبه على صورة 2017-05-10 أو 2017-05-10T14:30:00+03:00 أو «10 أيار 2017»."
    )


def _aware(moment):
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
