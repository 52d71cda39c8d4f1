"""The paths lists write by the hundred (an article's, a tag's, an outlet's feeds, a date archive page's):
``reverse()`` once, then each value put in.

A search page links 20 articles and up to 160 of their tags, a sitemap page
500 URLs, a feed an outlet's feed per item. Django's ``reverse()`` walks the
resolver, matches the pattern and quotes the result each time: about 40 µs,
a fifth of a results page's template. These paths differ only in their one
argument, so each is reversed once per script prefix and URL configuration
with a stand-in value, and a value is then quoted as ``reverse()`` quotes it
and put in the stand-in's place. A value the route's converter would refuse goes through
``reverse()`` itself, and fails as it would.

Finding the script prefix and the URL configuration is itself two reads of
Django's request-local state, about 3 µs each: a loop writing many paths
reads them once (:func:`link_place`) and hands them to each path.
"""
import re
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import IntConverter
from django.utils.http import RFC3986_SUBDELIMS

from archive.dates import LEVELS
from archive.pages.converters import UnicodeSlugConverter

# What ``reverse()`` leaves unquoted in a path segment (RFC 3986's pchar).
SAFE = RFC3986_SUBDELIMS + "/~:@"


def link_place():
    """(script prefix, URL configuration): what a reversed path depends on besides its name and values."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


def route_path(name, *args):
    """``reverse(name, args=args)``, kept per :func:`link_place`: a route whose path never changes (the search
    form's, the downloads', the language switch's) is reversed once, not on every page."""
    return _route_path(name, args, link_place())


@lru_cache(maxsize=256)
def _route_path(name, args, place):
    return reverse(name, args=args)


class FilledPath:
    """``route(value)``: the path of URL ``name`` with ``value`` as its one argument (``place``: the
    :func:`link_place` a loop read once, else the current one)."""

    def __init__(self, name, argument, converter, stand_in):
        self.name, self.argument, self.stand_in = name, argument, stand_in
        self.accepts = re.compile(converter.regex)
        self.around = {}  # (script prefix, urlconf) → (text before the value, text after it)

    def __call__(self, value, place=None):
        text = str(value)
        if not self.accepts.fullmatch(text):
            return reverse(self.name, kwargs={self.argument: value})
        key = place or link_place()
        around = self.around.get(key)
        if around is None:
            before, _, after = reverse(self.name, kwargs={self.argument: self.stand_in}).rpartition(str(self.stand_in))
            around = self.around[key] = (before, after)
        return f"{around[0]}{quote(text, safe=SAFE)}{around[1]}"


article_path = FilledPath("archive:article", "pk", IntConverter, 1234567)
tag_path = FilledPath("archive:tag", "slug", UnicodeSlugConverter, "stand-in")
source_rss_path = FilledPath("archive:source_rss", "pk", IntConverter, 1234567)
source_atom_path = FilledPath("archive:source_atom", "pk", IntConverter, 1234567)


class DatePath:
    """``date_path(level, day)``: the date archive's path of the year, month or day (``level``) holding ``day``
    (``place``: the :func:`link_place` a loop read once, else the current one).

    Reversed once per level, script prefix and URL configuration with a
    stand-in date, whose year, month and day are then replaced from the
    right (the converters' output ends the path): the date sitemap writes
    hundreds of these, and a date archive page dozens.
    """

    STAND_IN = {"year": 1234, "month": 11, "day": 12}

    def __init__(self):
        self.pieces = {}  # (level, script prefix, urlconf) → the path's text around its values

    def __call__(self, level, day, place=None):
        key = (level, *(place or link_place()))
        pieces = self.pieces.get(key)
        if pieces is None:
            pieces = self.pieces[key] = self._split(level)
        values = (str(day.year), f"{day.month:02d}", f"{day.day:02d}")
        return pieces[0] + "".join(value + after for value, after in zip(values, pieces[1:], strict=False))

    def _split(self, level):
        kept = LEVELS[: LEVELS.index(level) + 1]
        text = reverse(f"archive:{level}", kwargs={name: self.STAND_IN[name] for name in kept})
        after = []
        for name in reversed(kept):
            text, _, tail = text.rpartition(f"{self.STAND_IN[name]:02d}")
            after.insert(0, tail)
        return [text, *after]


date_path = DatePath()
