"""The paths lists write by the hundred (an article's, a tag's, an outlet's feeds): ``reverse()`` once, then each
value put in.

A search page links 20 articles and up to 160 of their tags, a sitemap page
500 URLs, a feed an outlet's feed per item. Django's ``reverse()`` walks the
resolver, matches the pattern and quotes the result each time: about 40 µs,
a fifth of a results page's template. These paths differ only in their one
argument, so each is reversed once per script prefix and URL configuration
with a stand-in value, and a value is then quoted as ``reverse()`` quotes it
and put in the stand-in's place. A value the route's converter would refuse goes through
``reverse()`` itself, and fails as it would.
"""
import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import IntConverter
from django.utils.http import RFC3986_SUBDELIMS

from archive.pages.converters import UnicodeSlugConverter

# What ``reverse()`` leaves unquoted in a path segment (RFC 3986's pchar).
SAFE = RFC3986_SUBDELIMS + "/~:@"


class FilledPath:
    """``route(value)``: the path of URL ``name`` with ``value`` as its one argument."""

    def __init__(self, name, argument, converter, stand_in):
        self.name, self.argument, self.stand_in = name, argument, stand_in
        self.accepts = re.compile(converter.regex)
        self.around = {}  # (script prefix, urlconf) → (text before the value, text after it)

    def __call__(self, value):
        text = str(value)
        if not self.accepts.fullmatch(text):
            return reverse(self.name, kwargs={self.argument: value})
        key = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        around = self.around.get(key)
        if around is None:
            before, _, after = reverse(self.name, kwargs={self.argument: self.stand_in}).rpartition(str(self.stand_in))
            around = self.around[key] = (before, after)
        return f"{around[0]}{quote(text, safe=SAFE)}{around[1]}"


article_path = FilledPath("archive:article", "pk", IntConverter, 1234567)
tag_path = FilledPath("archive:tag", "slug", UnicodeSlugConverter, "stand-in")
source_rss_path = FilledPath("archive:source_rss", "pk", IntConverter, 1234567)
source_atom_path = FilledPath("archive:source_atom", "pk", IntConverter, 1234567)
