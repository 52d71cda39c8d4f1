"""Reader for RSS and Atom feeds (feedparser), one article an item.

feedparser reads nearly anything, even broken XML; a feed it cannot make
any item of (not XML at all, an HTML page) is rejected whole with its
complaint. An item's HTML becomes plain paragraphs; its full content, when
the feed has one, is the body and its summary the lead. The feed's title is
the source, as outlets name themselves there.
"""
import calendar
import datetime
import html
import re

import feedparser
from django.utils.html import strip_tags

from .records import EMPTY_FILE, Origin, Record, Rejection, clean_url

_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr)>", re.I)


def read(stream, name, limits):
    data = stream.read(limits.whole_file_bytes + 1)  # feedparser parses a whole document: bounded
    if len(data) > limits.whole_file_bytes:
        yield Rejection(Origin(name), limits.too_long_file("feed"))
        return
    if not data.strip():
        yield Rejection(Origin(name), EMPTY_FILE)
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = feed.get("bozo_exception")
        reason = f"ليس موجز RSS أو Atom صالحًا: {problem}." if problem else "الموجز لا يحوي أي خبر."
        yield Rejection(Origin(name), reason)
        return
    source, source_url = feed.feed.get("title", ""), feed.feed.get("link", "")
    for number, entry in enumerate(feed.entries, 1):
        yield _record(entry, Origin(name, number, "item"), source, source_url)


def _record(entry, origin, source, source_url):
    summary = plain_text(entry.get("summary", ""))
    content = plain_text(entry["content"][0].get("value", "")) if entry.get("content") else ""
    return Record(
        origin=origin,
        title=plain_text(entry.get("title", "")),
        body=content or summary,
        lead=summary if content and summary != content else "",
        published=_published(entry),
        source=source.strip(),
        source_url=clean_url(source_url),
        url=clean_url(entry.get("link", "")),
    )


def _published(entry):
    """An aware datetime from the parsed date, or the feed's text when feedparser could not read it."""
    for key in ("published", "updated"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
        if entry.get(key):
            return entry[key]
    return None


def plain_text(markup):
    """Paragraphs of text from a feed's HTML: block ends become line breaks, entities characters."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", markup)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
