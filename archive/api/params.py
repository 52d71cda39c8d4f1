"""The search API's parameters, read strictly: a value the API cannot honour is an ``ApiError``.

The search page reads the same parameters forgivingly (``SearchForm``): it
drops what it cannot use and says so in a note, because a reader is looking
at the page. A program is not: a filter that silently vanished would hand it
every article of the archive as if they matched. So here an unknown tag, a
malformed date or a page size out of bounds is refused with HTTP 400, the
parameter's name and a code a client can test.
"""
import datetime
import re

from archive.api.errors import ApiError
from archive.models import Source, Tag
from archive.search.archive_search import MAX_PAGE, SORTS, TAG_KINDS, SearchRequest
from archive.search.date_words import FIRST_DAY, LAST_DAY
from archive.search.form import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_VALUES
from archive.search.syntax import MAX_QUERY_CHARS

FILTERS = (*TAG_KINDS, "source")
SINGLE = ("q", "from", "to", "sort", "page", "size")
SEARCH_PARAMS = (*SINGLE, *FILTERS)
MAX_SUGGEST_CHARS = 100
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[0-9]{1,9}")


def search_request(query_dict):
    """``query_dict`` (``request.GET``) as a ``SearchRequest``, or the first ``ApiError`` in it."""
    refuse_unknown(query_dict, SEARCH_PARAMS)
    for name in SINGLE:
        if len(query_dict.getlist(name)) > 1:
            raise ApiError("repeated_parameter", f"المعامل «{name}» مكرر؛ أرسله مرة واحدة.",
                           f"'{name}' is given more than once; send it once.", name)
    q = query_dict.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError("query_too_long", f"الاستعلام أطول من {MAX_QUERY_CHARS} حرف.",
                       f"The query is longer than {MAX_QUERY_CHARS} characters.", "q")
    date_from, date_to = read_day(query_dict, "from"), read_day(query_dict, "to")
    if date_from and date_to and date_from > date_to:
        raise ApiError("reversed_dates", "تاريخ البداية «from» بعد تاريخ النهاية «to».",
                       "'from' is after 'to'.", "from")
    sort = query_dict.get("sort", "relevance")
    if sort not in SORTS:
        raise ApiError("invalid_sort", f"ترتيب غير معروف؛ القيم الممكنة: {'، '.join(SORTS)}.",
                       f"Unknown sort; use one of: {', '.join(SORTS)}.", "sort")
    return SearchRequest(
        q=q.replace("\x00", "").strip(),  # PostgreSQL refuses NUL in a query
        **{name: read_filter(query_dict, name) for name in FILTERS},
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=read_number(query_dict, "page", 1, 1, MAX_PAGE),
        page_size=read_number(query_dict, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )


def suggest_query(query_dict):
    refuse_unknown(query_dict, ("q",))
    typed = query_dict.get("q", "")
    if len(typed) > MAX_SUGGEST_CHARS:
        raise ApiError("query_too_long", f"النص أطول من {MAX_SUGGEST_CHARS} حرف.",
                       f"'q' is longer than {MAX_SUGGEST_CHARS} characters.", "q")
    return typed


def refuse_unknown(query_dict, known):
    """A misspelt parameter (``persons=``) would otherwise be a filter silently not applied."""
    for name in query_dict:
        if name not in known:
            raise ApiError("unknown_parameter", f"معامل غير معروف «{name[:40]}»؛ المعاملات: {'، '.join(known)}.",
                           f"Unknown parameter '{name[:40]}'; known: {', '.join(known)}.", name[:40])


def read_day(query_dict, name):
    if name not in query_dict:
        return None
    value = query_dict[name]
    try:
        if not _DAY.fullmatch(value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ApiError("invalid_date", f"«{value[:40]}» ليس تاريخًا على صورة 2017-05-10.",
                       f"'{value[:40]}' is not a date written YYYY-MM-DD.", name) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ApiError("date_out_of_range", f"يبحث الأرشيف في التواريخ من {FIRST_DAY.year} إلى {LAST_DAY.year}.",
                       f"Dates run from {FIRST_DAY.year} to {LAST_DAY.year}.", name)
    return day


def read_number(query_dict, name, default, lowest, highest):
    if name not in query_dict:
        return default
    value = query_dict[name]
    if not _NUMBER.fullmatch(value):
        raise ApiError("invalid_number", f"«{value[:40]}» ليس عددًا صحيحًا في «{name}».",
                       f"'{name}' must be a whole number, not '{value[:40]}'.", name)
    number = int(value)
    if not lowest <= number <= highest:
        raise ApiError(f"{name}_out_of_range", f"«{name}» بين {lowest} و{highest}.",
                       f"'{name}' runs from {lowest} to {highest}.", name)
    return number


def read_filter(query_dict, name):
    """The tag slugs (or source names) of one filter, each known to the archive."""
    values = list(dict.fromkeys(query_dict.getlist(name)))
    if len(values) > MAX_VALUES:
        raise ApiError("too_many_values", f"أكثر من {MAX_VALUES} قيمة في «{name}».",
                       f"More than {MAX_VALUES} values for '{name}'.", name)
    if not values:
        return []
    lookup = [value for value in values if "\x00" not in value]  # PostgreSQL refuses NUL in a query
    if name == "source":
        known = set(Source.objects.filter(name__in=lookup).values_list("name", flat=True))
        code, ar, en = "unknown_source", "لا يوجد في الأرشيف مصدر باسم «{}».", "No source is named '{}'."
    else:
        known = set(Tag.objects.filter(kind=name, slug__in=lookup).values_list("slug", flat=True))
        code, ar, en = ("unknown_tag", f"لا يوجد في الأرشيف {Tag.Kind(name).label} بالمعرّف «{{}}».",
                        f"No {name} tag has the slug '{{}}'.")
    for value in values:
        if value not in known:
            raise ApiError(code, ar.format(value[:80]), en.format(value[:80]), name)
    return values
