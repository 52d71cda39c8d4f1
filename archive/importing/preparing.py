"""What can be made of a record without the database: checked, dated, fingerprinted, its names found.

:class:`Preparer` does it for a batch of records, in the importing process
or in its workers (:mod:`.workers`, which read the import's preparer from
:data:`_current`, inherited when they were forked). The writer then needs
only the maps of what is stored and the database: :func:`article_of`
makes the same unsaved article here and there.
"""
import time
from contextlib import contextmanager
from typing import NamedTuple

from archive.models import Article

from .datelines import split_dateline
from .dates import Dated, dated
from .records import Rejected, Rejection, TagSpec, check_fields


class Ready(NamedTuple):
    """A record that can be written (or not, ``reason`` says why)."""

    when: Dated | None = None
    fingerprint: str = ""
    place: TagSpec | None = None  # its dateline: the file's, or the agency's atop the body
    keys: tuple = ()  # the gazetteer entries its text names (Tagger.keys_in), when it is tagged from the gazetteer
    reason: str = ""  # why it is rejected


class Preparer:
    """Makes records ``Ready`` as an ``Importer`` with these settings writes them."""

    def __init__(self, tagger, status, default_status, autotag):
        self.tagger, self.status, self.default_status, self.autotag = tagger, status, default_status, autotag

    def prepare(self, items):
        """([``Ready``, or None for a reader's ``Rejection``, for each of ``items``], seconds spent finding
        names: ``Tagger.seconds``' share)."""
        self.seconds = 0.0
        return [None if isinstance(item, Rejection) else self._ready(item) for item in items], self.seconds

    def _ready(self, record):
        try:
            record.check_encoding()
            when = dated(record.published, record.dateline.name if record.dateline else "", record.body)
            article = article_of(record, when, self.status_of(record))
            check_fields(article, exclude=["fingerprint", "source", "dateline"])
        except Rejected as error:
            return Ready(reason=error.reason)
        keys = ()
        if self.autotag and not record.tags_complete:
            started = time.perf_counter()
            keys = self.tagger.keys_in(article.title, article.lead, article.body)
            self.seconds += time.perf_counter() - started
        place = record.dateline or _agency_place(record.body)
        return Ready(when, article.compute_fingerprint(), place, keys)

    def status_of(self, record):
        return self.status or record.status or self.default_status


def article_of(record, when, status):
    """The unsaved ``Article`` of ``record`` (without its fingerprint, source, dateline and tags)."""
    return Article(
        title=record.title, lead=record.lead, body=record.body, url=record.url,
        published=when.moment, status=status,
        author=record.author, image_url=record.image_url,
        image_caption=record.image_caption, image_credit=record.image_credit,
    )


_current = None  # the running import's Preparer: what a worker forked during the import prepares with


@contextmanager
def preparing(preparer):
    """Make ``preparer`` the one :func:`prepare_share` uses, here and in the workers forked meanwhile."""
    global _current
    _current = preparer
    try:
        yield preparer
    finally:
        _current = None


def prepare_share(items):
    """``Preparer.prepare`` of the running import, for ``Workers.map``."""
    return _current.prepare(items)


def _agency_place(body):
    place, _rest = split_dateline(body)
    return TagSpec("place", place) if place else None
