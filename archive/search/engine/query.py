"""What the archive asks of a search engine, and what it gets back, in the engine's neutral terms.

``archive.search.archive_search`` reads the reader's request (words,
filters, dates, sort, page) into an :class:`EngineQuery`; an engine
answers with :class:`EngineResults`: the total, the page's article ids with
their scores, and facet counts over every match. Both are plain data, so
results can be cached and any engine can stand behind the door.
"""
import datetime
from dataclasses import dataclass, field

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
LIST_FACETS = ("person", "place", "organisation", "topic")
SINGLE_FACETS = ("source", "month")


@dataclass(frozen=True)
class EngineQuery:
    """``clauses``: nodes of ``archive.search.syntax`` (all required); none lists everything.

    ``tags`` and ``sources`` are (field, value) pairs, all required; dates are
    naive local datetimes, inclusive.
    """

    clauses: tuple = ()
    tags: tuple = ()
    sources: tuple = ()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    sort: str = RELEVANCE
    offset: int = 0
    limit: int = 20
    facets: bool = True

    def cache_key(self):
        return repr(self)


@dataclass
class EngineHit:
    pk: int
    score: float | None


@dataclass
class EngineResults:
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    timed_out: bool = False  # the engine gave up (its time limit): nothing found, and the reader is told


class SearchTimeout(Exception):
    """The engine cancelled a search that ran past its time limit."""
