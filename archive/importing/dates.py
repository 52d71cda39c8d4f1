"""An article's publication date, from what a file gives or else from its text.

A file's date may be a day (``2018-02-18``, stored at noon local time, see
:mod:`archive.dates`), a moment with or without an offset (ISO 8601, or a
feed's RFC 822), or a day in words (``10 أيار 2017``). A day the calendar
does not have (``2017-02-30``) rejects the record and says why, rather than
guessing. With no date at all, the article takes its own date from its text,
or stays undated (``published`` empty), never dated today.

Its own date, not any date it mentions: a first paragraph also names a
birthday in 1976, 11 September 2001, or next month's summit. So only the
dateline and the opening lines' date patterns count: a date near the start
of its line after a place at most, or right after a weekday (the news day
of an agency's lead: "يوم الأربعاء 10/5/2017"); never after a word that
makes it a mention (منذ, عام, ولد, حتى …) nor opening a sentence with في.
A Hijri date is converted (:mod:`archive.arabic.dates`). A day after the import, or before
``IMPORT_TEXT_DATES_FROM`` (a setting, the first day the archive's sources
published; 1990-01-01 unless set), is no date of the article's. How each
article was dated is counted in the import summary (:data:`HOW`).
"""
import calendar
import datetime
import email.utils
import re
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from archive.arabic.calendar_names import WEEKDAYS
from archive.arabic.dates import find_dates, parse_day
from archive.arabic.normalize import normalize
from archive.dates import aware_from_day

from .records import Rejected

# A date-shaped start: checked against the calendar before anything else.
_NUMERIC_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
# How far into the body a date still dates the article.
OPENING_PARAGRAPHS = 2
# A date this far into its line, or after more words than a place and a weekday, is a mention.
OWN_DATE_CHARS, OWN_DATE_WORDS = 60, 4
# Words after which a date is one the article talks about, not its own.
_MENTIONS = frozenset(normalize(word) for word in (
    "منذ عام سنة العام حتى بعد قبل ولد ولدت مواليد مطلع أواخر أوائل نهاية بداية منتصف"
    " موعد بحلول اعتبارا ابتداء الموافق وفاة توفي"
).split())
_WEEKDAYS = frozenset(normalize(day) for day in WEEKDAYS)
DEFAULT_EARLIEST = datetime.date(1990, 1, 1)

#: How an article got its date: the summary's counts are keyed by these.
HOW = {
    "file": "مؤرَّخة من الملف",
    "text": "مؤرَّخة من تاريخ في مطلعها",
    "hijri": "مؤرَّخة من تاريخ هجري في مطلعها، محوَّلًا",
    "refused": "بلا تاريخ: تاريخ مطلعها بعد يوم الاستيراد أو قبل IMPORT_TEXT_DATES_FROM",
    "none": "بلا تاريخ: لا في الملف ولا في مطلعها",
}


class Dated(NamedTuple):
    """An article's publication moment (or None) and how it was found: a key of :data:`HOW`."""

    moment: datetime.datetime | None
    how: str


def published_from(value, dateline="", body=""):
    """The aware datetime an article was published, or None when nothing dates it."""
    return dated(value, dateline, body).moment


def dated(value, dateline="", body="", today=None):
    """The article's :class:`Dated`: from the file's ``value``, else its own date in its text."""
    if isinstance(value, datetime.datetime):
        return Dated(_aware(value), "file")
    if value:
        return Dated(_parse(str(value).strip()), "file")
    found = _own_date([dateline, *[part for part in body.splitlines() if part.strip()][:OPENING_PARAGRAPHS]])
    if found is None:
        return Dated(None, "none")
    if not _earliest() <= found.day <= (today or timezone.localdate()):
        return Dated(None, "refused")
    return Dated(aware_from_day(found.day), "hijri" if found.hijri else "text")


def _own_date(lines):
    """The first date of ``lines`` placed as a dateline places it, or None."""
    for line in lines:
        text = normalize(line)
        for found in find_dates(line):
            if found.day is not None and _placed_as_own(text[:found.start]):
                return found
    return None


def _placed_as_own(before):
    """Whether the text before a date on its line leaves it the article's own date."""
    words = re.findall(r"[^\W\d_]+", before)
    if _MENTIONS.intersection(words):
        return False
    if _WEEKDAYS.intersection(words[-1:]):  # "التقى ... يوم الأربعاء 10/5/2017": the news day
        return True
    if len(before) > OWN_DATE_CHARS or len(words) > OWN_DATE_WORDS:
        return False
    return words[:1] != ["في"]  # "في 11 سبتمبر 2001، ..." opens a sentence; "الرياض في 15 مايو" a dateline


def _earliest():
    """The first day an article's text may date it: ``IMPORT_TEXT_DATES_FROM``, a date or ISO text."""
    value = getattr(settings, "IMPORT_TEXT_DATES_FROM", None) or DEFAULT_EARLIEST
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


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
    """``moment`` with a time zone (the site's when it has none); refused when the site's clock cannot show it.

    ``9999-12-31T23:00:00Z`` is a valid moment, but in the site's time zone
    it falls in the year 10000, which no page, feed or index can write.
    """
    moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    try:
        timezone.localtime(moment)
    except OverflowError:
        raise Rejected(f"التاريخ «{moment.isoformat()}» يقع بعد نهاية سنة 9999 بتوقيت الموقع، ولا يمكن عرضه؛ "
                       "صحّحه أو اتركه فارغًا إن كان مجهولًا.") from None
    return moment
