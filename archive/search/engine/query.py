"""What the archive asks of a search engine, and what it gets back, in the engine's neutral terms.

``archive.search.archive_search`` reads the reader's request (words,
filters, dates, sort, page) into an :class:`EngineQuery`; an engine
answers with :class:`EngineResults`: the total, the page's article ids with
their scores, and facet counts. Both are plain data, so results can be
cached and any engine can stand behind the door.

An engine may bound what it counts, as Elasticsearch's
``track_total_hits`` does: a total past its limit is reported as that limit
with ``total_is_lower_bound``, and facets counted over only part of the
matches say over how many (``facets_counted_over``). Whoosh counts every
match; PostgreSQL stops at a limit, so that a word found in a third of a
million articles costs what a rarer one does.

The index holds every article, drafts and scheduled ones too, each with its
``status`` and date, so that the editors' admin searches with the same
analysis as readers (``audience=STAFF``). A reader's search
(``audience=PUBLIC``, the default) keeps only what is public at ``as_of``:
published status, and undated or dated ``as_of`` or earlier — the rule of
``Article.objects.published()``, applied by the engine at query time.
"""
import datetime
from dataclasses import dataclass, field

from archive.models import Tag

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
LIST_FACETS = tuple(Tag.Kind.values)  # an article has several of each
SINGLE_FACETS = ("source", "month")
PUBLIC, STAFF = "public", "staff"
STATUS_FIELD = "status"
PUBLISHED_STATUS = "published"  # Article.Status.PUBLISHED: any other status is hidden from the public


@dataclass(frozen=True)
class EngineQuery:
    """``clauses``: nodes of ``archive.search.syntax`` (all required); none lists everything.

    ``tags`` and ``sources`` are (field, value) pairs, all required; dates are
    naive local datetimes, inclusive. ``audience``: ``PUBLIC`` finds the
    articles public at ``as_of`` (a naive local datetime the search door
    sets to the present), ``STAFF`` every article. ``as_of`` is left out of
    the cache key: the door keys public results by when they can next
    change instead (``archive.search.engine.search``).
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
    # With dates: also count the matches the dates leave out for having none (``EngineResults.undated``).
    count_undated: bool = False
    audience: str = PUBLIC
    as_of: datetime.datetime | None = field(default=None, repr=False, compare=False)

    @property
    def public(self):
        return self.audience != STAFF

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
    total_is_lower_bound: bool = False  # the engine stopped counting: there are more than ``total`` matches
    facets_counted_over: int | None = None  # facets counted over this many matches only (None: over all)
    # A phrase was looked for in this many articles holding its words, the newest, and not in the older ones: the
    # total counts the matches among them (None: among all).
    phrases_checked_in: int | None = None
    # The matches left out by the dates for having none, when asked (``count_undated``), counted in the same pass
    # as the total: exact (Whoosh counts every match, PostgreSQL up to its cap); None when not asked, or past
    # the cap (then how many is unknown, as the total past it is).
    undated: int | None = None


class SearchTimeout(Exception):
    """The engine cancelled a search that ran past its time limit."""
