"""The index's per-document values as NumPy arrays, read once per segment and kept.

Whoosh evaluates a query one document at a time in Python (tens of
microseconds each, with facets and sorting): a word found in 3,000 of
30,000 articles cost 150 ms. The archive reads the values a search needs
— dates, field lengths for BM25, the facet fields — into arrays once per
segment (segments never change once written; only their deletions do),
and :mod:`whoosh_scoring` then filters, scores, counts and sorts whole
arrays at a time. Documents are numbered as the searcher numbers them
(segment offset + document number in the segment).
"""
import pickle
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from archive.search.engine.query import LIST_FACETS, PUBLISHED_STATUS, SINGLE_FACETS, STATUS_FIELD

TEXT_FIELDS = ("title", "tag_names", "text")
DATE_FIELD = "published"
# Whoosh keeps field lengths as one byte; this turns the byte back into a length.
# Postings kept decoded per segment (8 bytes each): about 16 MB at most.
KEPT_POSTINGS = 2_000_000
_NO_POSTINGS = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
_LENGTHS = np.array([byte_to_length(byte) for byte in range(256)], dtype=np.float64)


@dataclass
class Codes:
    """A facet field: ``values[code]`` is the value; per-document codes, -1 for none.

    For a list field, ``docs[i]`` is the document of the i-th (document, value) pair.
    """

    values: list
    codes: np.ndarray
    docs: np.ndarray | None = None


class SegmentArrays:
    """The arrays of one segment, numbered from 0, and the postings of its most used terms."""

    def __init__(self, reader, schema):
        self.size = reader.doc_count_all()
        self._postings = OrderedDict()
        self._cached_postings = 0
        self.lengths = {name: self._lengths(reader, name) for name in TEXT_FIELDS if name in schema}
        self.published = self._dates(reader, schema)
        self.unpublished = self._unpublished(reader)
        self.facets = {name: self._single(reader, name) for name in SINGLE_FACETS}
        self.facets.update({name: self._lists(reader, name) for name in LIST_FACETS})

    def postings(self, reader, field, text):
        """(document numbers, weights) of a term in this segment; the most recently used are kept."""
        key = (field, text)
        found = self._postings.get(key)
        if found is None:
            found = _read_postings(reader, field, text)
            self._postings[key] = found
            self._cached_postings += len(found[0])
            while self._cached_postings > KEPT_POSTINGS and len(self._postings) > 1:
                _, dropped = self._postings.popitem(last=False)
                self._cached_postings -= len(dropped[0])
        else:
            self._postings.move_to_end(key)
        return found

    def _lengths(self, reader, name):
        column = reader._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
        if column is None:
            return np.zeros(self.size)
        return _LENGTHS[np.fromiter((column[doc] for doc in range(self.size)), dtype=np.uint8, count=self.size)]

    def _dates(self, reader, schema):
        """Dates as Whoosh's numbers; -1 where an article has none."""
        if not reader.has_column(DATE_FIELD):
            return np.full(self.size, -1, dtype=np.int64)
        column = reader.column_reader(DATE_FIELD, translate=False)
        missing = schema[DATE_FIELD].default
        return np.fromiter((-1 if value == missing else value for value in column), dtype=np.int64, count=self.size)

    def _unpublished(self, reader):
        """True where a document's status is not published (a draft). A document indexed before the
        index held drafts has no status, and was published."""
        if not reader.has_column(STATUS_FIELD):
            return np.zeros(self.size, dtype=bool)
        published = PUBLISHED_STATUS.encode("utf-8")
        return np.fromiter((bool(value) and value != published
                            for value in reader.column_reader(STATUS_FIELD, translate=False)),
                           dtype=bool, count=self.size)

    def _single(self, reader, name):
        if not reader.has_column(name):
            return Codes([], np.full(self.size, -1, dtype=np.int32))
        numbering = {}
        codes = np.fromiter(
            (numbering.setdefault(value, len(numbering)) if value else -1
             for value in reader.column_reader(name, translate=False)),
            dtype=np.int32, count=self.size)
        return Codes([value.decode("utf-8") for value in numbering], codes)

    def _lists(self, reader, name):
        numbering, docs, codes = {}, [], []
        if reader.has_column(name):
            for doc, values in enumerate(reader.column_reader(name, translate=False)):
                for value in values or ():
                    docs.append(doc)
                    codes.append(numbering.setdefault(value, len(numbering)))
        return Codes(list(numbering), np.array(codes, dtype=np.int32), np.array(docs, dtype=np.int32))


def _read_postings(reader, field, text):
    """A term's postings, read a block (128 documents) at a time where the codec keeps blocks."""
    try:
        matcher = reader.postings(field, text)
    except TermNotFound:
        return _NO_POSTINGS
    if isinstance(matcher, FilterMatcher):  # deletions: the live mask handles them
        matcher = matcher.child
    blocks = list(_blocks(matcher) if isinstance(matcher, W3LeafMatcher) else _one_by_one(matcher))
    if not blocks:
        return _NO_POSTINGS
    return (np.concatenate([np.asarray(ids, dtype=np.int32) for ids, _ in blocks]),
            np.concatenate([np.asarray(weights, dtype=np.float32) for _, weights in blocks]))


def read_positions(reader, field, text, docs):
    """{document: positions} of a term in those of ``docs`` (sorted, numbered in the segment) that hold it.

    Only the blocks that hold one of ``docs`` are decoded: a phrase checks
    its candidates' positions where Whoosh's span queries walked every
    posting of every word through several layers of matchers (a phrase was
    a quarter of a second on 30,000 articles).
    """
    try:
        matcher = reader.postings(field, text)
    except TermNotFound:
        return {}
    if isinstance(matcher, FilterMatcher):  # deletions: the caller's candidates are live
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        return _positions_one_by_one(matcher, set(docs.tolist()))
    found, decode, wanted = {}, _position_decoder(matcher.format), 0
    while matcher.is_active() and wanted < len(docs):
        if matcher.block_max_id() >= docs[wanted]:
            matcher._read_ids()
            ids = np.asarray(matcher._ids)
            at = np.searchsorted(ids, docs[wanted:])
            inside = at < len(ids)
            at, held = at[inside], docs[wanted:][inside]
            hits = ids[at] == held
            if hits.any():
                matcher._read_values()
                values = matcher._values
                found.update((int(doc), decode(values[i])) for doc, i in zip(held[hits], at[hits], strict=True))
            wanted += int(np.count_nonzero(docs[wanted:] <= ids[-1]))
        matcher._next_block()
    return found


def _position_decoder(format_):
    """Whoosh's ``Positions.decode_positions`` without its Python loop: a value is a count, then the
    gaps between positions pickled without the final stop byte (pinned with Whoosh)."""
    if type(format_) is not Positions:
        return format_.decode_positions
    return lambda value: accumulate(pickle.loads(value[_INT_SIZE:] + b"."))


def _positions_one_by_one(matcher, docs):
    found = {}
    while matcher.is_active():
        if matcher.id() in docs:
            found[matcher.id()] = matcher.value_as("positions")
        matcher.next()
    return found


def _blocks(matcher):
    """(ids, weights) of each block of a Whoosh 3 leaf matcher (private to the codec, pinned with Whoosh)."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def _one_by_one(matcher):
    """(ids, weights) of postings kept inline in the term dictionary (a few documents)."""
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


class IndexArrays:
    """The arrays of a whole searcher: its segments' arrays joined, and which documents are live."""

    def __init__(self, searcher, schema, known):
        """``known``: {segment id: SegmentArrays} from earlier searchers, reused and updated."""
        # An empty index has one reader with no segment behind it.
        leaves = [(reader, offset) for reader, offset in searcher.reader().leaf_readers()
                  if getattr(reader, "segment", lambda: None)() is not None]
        current = {}
        for reader, _ in leaves:
            segment_id = reader.segment().segment_id()
            current[segment_id] = known.get(segment_id) or SegmentArrays(reader, schema)
        known.clear()
        known.update(current)
        parts = [current[reader.segment().segment_id()] for reader, _ in leaves]
        self.leaves = [(reader, offset, part) for (reader, offset), part in zip(leaves, parts, strict=True)]
        self.offsets = [offset for _, offset in leaves]
        self.size = sum(part.size for part in parts)
        self.live = self._live(leaves)
        self.lengths = {name: np.concatenate([part.lengths[name] for part in parts]) if parts else np.zeros(0)
                        for name in TEXT_FIELDS if name in schema}
        self.published = np.concatenate([part.published for part in parts]) if parts else np.zeros(0, np.int64)
        self.unpublished = np.concatenate([part.unpublished for part in parts]) if parts else np.zeros(0, bool)
        self.facets = {name: self._join(name, parts) for name in (*SINGLE_FACETS, *LIST_FACETS)}
        self._date_orders = {}

    def date_order(self, newest):
        """Every document by date (newest or oldest first), undated last, ties in index order.

        Sorted once per searcher: a date-sorted page keeps the matching
        documents of this order, where sorting them was most of browsing
        the whole archive (30,000 dates sorted per page).
        """
        order = self._date_orders.get(newest)
        if order is None:
            docs = np.arange(self.size)
            order = self._date_orders[newest] = np.lexsort(
                (docs, -self.published if newest else self.published, self.published < 0))
        return order

    def postings(self, field, text):
        """(document numbers, weights) of a term across the segments."""
        found = [(ids + offset, weights) for reader, offset, part in self.leaves
                 for ids, weights in [part.postings(reader, field, text)] if len(ids)]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return (np.concatenate([ids for ids, _ in found]).astype(np.int64),
                np.concatenate([weights for _, weights in found]).astype(np.float64))

    def positions(self, field, terms, docs):
        """{document: set of positions} where any of ``terms`` stands, for the sorted ``docs`` that hold one."""
        found = {}
        for reader, offset, part in self.leaves:
            local = docs[(docs >= offset) & (docs < offset + part.size)] - offset
            if not len(local):
                continue
            for term in terms:
                for doc, positions in read_positions(reader, field, term, local).items():
                    found.setdefault(doc + offset, set()).update(positions)
        return found

    def _live(self, leaves):
        live = np.ones(self.size, dtype=bool)
        for reader, offset in leaves:
            if reader.has_deletions():
                segment = np.zeros(reader.doc_count_all(), dtype=bool)
                segment[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
                live[offset:offset + len(segment)] = segment
        return live

    def _join(self, name, parts):
        """One numbering of values across the segments."""
        numbering, codes, docs = {}, [], []
        for part, offset in zip(parts, self.offsets, strict=True):
            facet = part.facets[name]
            mapping = np.array([numbering.setdefault(value, len(numbering)) for value in facet.values] + [-1],
                               dtype=np.int32)
            codes.append(mapping[facet.codes])  # code -1 picks the trailing -1
            if facet.docs is not None:
                docs.append(facet.docs + offset)
        joined = np.concatenate(codes) if codes else np.zeros(0, np.int32)
        return Codes(list(numbering), joined, (np.concatenate(docs) if docs else np.zeros(0, np.int32))
                     if name in LIST_FACETS else None)
