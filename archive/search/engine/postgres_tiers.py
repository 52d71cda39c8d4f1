"""Date tiers of the documents' GIN index: partial indexes that let a common word's or tag's search stop early.

A GIN index answers ``vector @@ query`` with a bitmap of every matching
row before it gives the first: at a million documents a word in 395,042 of
them took 180 ms to read off the index, where the search wanted its first
10,001 matches (the count's cap) and no more. Partial indexes on disjoint
ranges of dates split each word's postings; the search asks the newest range
first, then the next (``UNION ALL`` under one ``LIMIT``: PostgreSQL runs the
parts in order and stops when the limit is reached), so a common word is
answered from the newest range's postings alone (1.7 ms for its 10,811
there) and a rare one reads every range, as few postings as before.

Each tier is one index of both the words and the keys (a person, a source:
filters), ``gin (vector, keys)``: a word with a person is then one scan of
one index, which steps through the word's postings to the person's few
documents and skips the rest. With a word index and a key index apart, the
planner read every posting of the word and ANDed the bitmaps («وروسيا»
with a person of 7,321 documents: 113,705 postings of the oldest tier read,
9.5 ms in one tier, 0.8 ms with the two in one index). A tag alone is read
through the same indexes, newest first too.

The tiers are optional (``manage.py tier_search_index`` makes them, for large
archives; the whole-table indexes stay, for every other use): each is named
``searchdocument_search_since_<YYYYMMDD>`` and holds the documents dated from
that day up to the next newer tier's day; the oldest, ``…_since_0``, holds
the older and the undated. The search reads their names from the catalog
and takes the tiers only when the oldest is there; its conditions are
written from the names and cover every document, so an index gone missing
since only costs time. A tier was once a pair of indexes
(``searchdocument_vector_since_<day>``, ``searchdocument_keys_since_<day>``):
the search ignores those, and the command removes them when it makes the tiers.
"""
import datetime
import logging
import re

log = logging.getLogger(__name__)

PREFIX = "searchdocument_search_since_"
OLDEST = "0"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}|{OLDEST})$")
# The pairs of indexes tiers were before (a word index, a key index), which tier_search_index removes.
_FORMER_NAME = re.compile(rf"^searchdocument_(vector|keys)_since_(\d{{8}}|{OLDEST})$")
# The catalog's names of the documents' indexes (one statement, for _Searching's first).
INDEX_NAMES_SQL = ("SELECT array_agg(index.relname::text) FROM pg_index JOIN pg_class AS index "
                   "ON index.oid = pg_index.indexrelid WHERE pg_index.indrelid = %s::regclass")
# The newest tier holds this many documents and each older one this many times as many as the one before, so
# that a word of any frequency finds its first matches reading at most a few times as many postings.
NEWEST_DOCUMENTS = 30_000
GROWTH = 3
TIERS = 4


def tier_starts(index_names):
    """The first days of the tiers whose indexes are among ``index_names``, newest first (the oldest tier, which
    starts nowhere, is left out); empty unless the oldest is there too (its part searched through a whole-table
    index would read every posting)."""
    days = {match.group(1) for match in filter(None, map(_NAME.match, index_names or ()))}
    if OLDEST not in days:
        return []
    return sorted((datetime.datetime.strptime(day, "%Y%m%d") for day in days if day != OLDEST), reverse=True)


def tier_conditions(starts, start=None, end=None):
    """SQL conditions on ``published``, newest tier first, each its tier's index predicate as written there, of
    the tiers that can hold a document dated between ``start`` and ``end`` (either may be None).

    They compare the day (``published::date``), which no index of the dates
    holds: the planner finds a tier's documents through its word index, never
    through the date index with every row's whole vector tested.
    """
    conditions, later = [], None
    for first in [*starts, None]:
        if first is None:
            condition = f"(published::date < '{later:%Y-%m-%d}' OR published IS NULL)"
        else:
            condition = f"published::date >= '{first:%Y-%m-%d}'" + (
                f" AND published::date < '{later:%Y-%m-%d}'" if later else "")
        if (end is None or first is None or end >= first) and (start is None or later is None or start < later):
            conditions.append(condition)
        later = first
    return conditions


def tier_place(starts, day):
    """The place among the tiers starting at ``starts`` (newest first; the oldest tier last, at ``len(starts)``)
    of the one holding a document of ``day`` (None: undated)."""
    if day is None:
        return len(starts)
    return next((place for place, first in enumerate(starts) if day >= first.date()), len(starts))


def planned_starts(cursor, table, newest=NEWEST_DOCUMENTS, growth=GROWTH, tiers=TIERS):
    """The first days of ``tiers`` - 1 tiers (the oldest holds the rest) sized from the documents' dates, newest
    first: each starts on the day of the document ``newest``, then ``growth`` times as many, places further
    from the newest (a tier holds that day whole, so a few more)."""
    starts, offset, size = [], 0, newest
    for _ in range(tiers - 1):
        offset += size
        size *= growth
        cursor.execute(f"SELECT published FROM {table} ORDER BY published DESC NULLS LAST OFFSET %s LIMIT 1",
                       [offset - 1])
        found = cursor.fetchone()
        if not found or found[0] is None:
            break
        day = datetime.datetime.combine(found[0].date(), datetime.time())
        if not starts or day < starts[-1]:
            starts.append(day)
    return starts


def index_statements(table, starts, concurrently=True):
    """``CREATE INDEX`` of the tiers starting at ``starts`` (newest first) and of the oldest."""
    how = " CONCURRENTLY" if concurrently else ""
    days = [f"{first:%Y%m%d}" for first in starts] + [OLDEST]
    return [f"CREATE INDEX{how} {PREFIX}{day} ON {table} USING gin (vector, keys) WHERE {condition}"
            for day, condition in zip(days, tier_conditions(starts), strict=True)]


_warned = False


def warn_of_former_tiers(index_names):
    """Log, once a process, that the documents' tiers are in their former layout, which searches no longer read:
    until ``tier_search_index`` makes them again, every search reads the whole-table indexes (slow in an archive
    big enough to have been given tiers)."""
    global _warned
    if not _warned and any(map(_FORMER_NAME.match, index_names or ())):
        _warned = True
        log.warning("The search index's date tiers are in their former layout and are not used: "
                    "run manage.py tier_search_index to make them again")


def tier_names(index_names, former=False):
    """The tier indexes among ``index_names``; with ``former``, those of the tiers' former layout too."""
    return [name for name in index_names or () if _NAME.match(name) or former and _FORMER_NAME.match(name)]
