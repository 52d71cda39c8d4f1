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
import io
import pickle
import struct
import zlib
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain

import numpy as np
from haystack.constants import DJANGO_ID
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from archive.search.engine.query import LIST_FACETS, PUBLISHED_STATUS, SINGLE_FACETS, STATUS_FIELD
from archive.search.engine.whoosh_files import PICKLE_WINDOW, MappedFile
from archive.search.engine.whoosh_positions import PackedPositions, packed_block, packed_gaps, stored_values

TEXT_FIELDS = ("title", "tag_names", "text")
DATE_FIELD = "published"
# A position key is document << POSITION_BITS | position (``IndexArrays.positions``).
POSITION_BITS = 32
# Whoosh keeps field lengths as one byte; this turns the byte back into a length.
# Postings kept decoded per segment (8 bytes each): about 16 MB at most.
KEPT_POSTINGS = 2_000_000
# Words of the index kept per segment for "did you mean" (about 100 bytes each): 10 MB at most.
KEPT_WORDS = 100_000
_NO_POSTINGS = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
_NO_POSITIONS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
_BLOCK_LENGTH = struct.Struct("!i")
_LENGTHS = np.array([byte_to_length(byte) for byte in range(256)], dtype=np.float64)


# Sets of matches whose facet counts a searcher keeps (a few kilobytes each).
COUNTED_FACETS = 32
# Below this share of the documents matching, a list facet is counted from the matches' own values.
SPARSE_MATCHES = 0.25


@dataclass
class Codes:
    """A facet field: ``values[code]`` is the value; per-document codes, -1 for none.

    For a list field, ``docs[i]`` is the document of the i-th (document, value) pair, in document order.
    """

    values: list
    codes: np.ndarray
    docs: np.ndarray | None = None

    @cached_property
    def starts(self):
        """A list field's pairs of document d are ``codes[starts[d]:starts[d + 1]]``, up to its last document."""
        last = int(self.docs[-1]) if len(self.docs) else -1
        return np.searchsorted(self.docs, np.arange(last + 2))

    @cached_property
    def _value_array(self):
        """``values`` as an array: the values counted are picked at once, not one by one."""
        return np.array(self.values, dtype=object)

    def counts(self, hit, matching):
        """{value: how many ``hit`` documents hold it} of the values some hold; ``matching`` is
        ``np.flatnonzero(hit)``.

        A single value per document is looked up for the matches alone: a boolean mask of all the documents
        read them three or four times as slowly from 2% to half of them matching, and no faster when all do.
        A list field's pairs are found from the matches too, a cost that grows with them, unless more than
        ``SPARSE_MATCHES`` of the documents match: then every pair is read once.
        """
        if self.docs is None:
            codes = self.codes[matching]
            codes = codes[codes >= 0]
        elif len(matching) > SPARSE_MATCHES * len(hit):
            codes = self.codes[hit[self.docs]]
        else:
            codes = self._pairs_of(matching)
        tally = np.bincount(codes) if len(codes) else np.zeros(0, dtype=np.int64)
        present = np.flatnonzero(tally)
        return dict(zip(self._value_array[present].tolist(), tally[present].tolist(), strict=True))

    def _pairs_of(self, matching):
        """The codes of every (document, value) pair of the documents ``matching`` (sorted)."""
        matching = matching[matching < len(self.starts) - 1]  # documents after the last pair have none
        first = self.starts[matching]
        counts = self.starts[matching + 1] - first
        # Each document's pairs are a run from its first; runs laid end to end, in one array.
        runs = np.repeat(first - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
        return self.codes[runs]


class SegmentArrays:
    """The arrays of one segment, numbered from 0, and the postings of its most used terms."""

    def __init__(self, reader, schema):
        self.size = reader.doc_count_all()
        self._postings = OrderedDict()
        self._cached_postings = 0
        self._pks = np.full(self.size, -1, dtype=np.int64)  # each document's article pk, once it has been asked
        self.lengths = {name: self._lengths(reader, name) for name in TEXT_FIELDS if name in schema}
        self.published = self._dates(reader, schema)
        self.unpublished = self._unpublished(reader)
        self.facets = {name: self._single(reader, name) for name in SINGLE_FACETS}
        self.facets.update({name: self._lists(reader, name) for name in LIST_FACETS})
        self._words = OrderedDict()  # {(field, first letter): the segment's words of the field that start with it}
        self._kept_words = 0

    def words_starting(self, reader, field, letter):
        """The segment's words of ``field`` that start with ``letter``, read from its word list the first time
        (the 30k index's most common first letter, ا, has 35,000 a segment: 0.05 s); the most recently used
        letters are kept, ``KEPT_WORDS`` words at most (every letter's took 57 MB on the 30k index)."""
        key = (field, letter)
        words = self._words.get(key)
        if words is None:
            words = self._words[key] = [
                term.decode("utf-8") for term in reader.expand_prefix(field, letter.encode("utf-8"))]
            self._kept_words += len(words)
            while self._kept_words > KEPT_WORDS and len(self._words) > 1:
                _, dropped = self._words.popitem(last=False)
                self._kept_words -= len(dropped)
        else:
            self._words.move_to_end(key)
        return words

    def postings(self, reader, field, text):
        """(document numbers, weights, document frequency, positions) of a term in this segment; the most
        recently used are kept. The frequency is Whoosh's (deleted documents included): the number of
        postings, unless the segment has deletions (a segment whose documents are all deleted gives no
        postings). ``positions`` are the packed positions' blocks as read with the postings
        (:class:`PackedBlocks`), or None when the field keeps none or keeps them in Whoosh's own way."""
        key = (field, text)
        found = self._postings.get(key)
        if found is None:
            ids, weights, packed = _read_postings(reader, field, text)
            found = (ids, weights, reader.doc_frequency(field, text) if reader.has_deletions() else len(ids), packed)
            self._postings[key] = found
            self._cached_postings += _kept_size(found)
            while self._cached_postings > KEPT_POSTINGS and len(self._postings) > 1:
                _, dropped = self._postings.popitem(last=False)
                self._cached_postings -= _kept_size(dropped)
        else:
            self._postings.move_to_end(key)
        return found

    def pk(self, reader, doc):
        """The article pk of a document, read from its stored fields the first time it is asked."""
        if self._pks[doc] < 0:
            self._pks[doc] = int(reader.stored_fields(doc)[DJANGO_ID])
        return int(self._pks[doc])

    def positions(self, reader, field, text, docs):
        """(documents, positions) of a term in the sorted ``docs`` (:func:`read_positions`), from the blocks
        kept with its postings when it has them: a phrase's words were read a moment before, for the
        documents holding them all, and their blocks were decompressed and unpickled a second time."""
        ids, _, _, packed = self.postings(reader, field, text)
        if packed is None:
            return read_positions(reader, field, text, docs)
        return packed.positions(ids, docs)

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


def _kept_size(postings):
    """What a term's kept postings weigh against ``KEPT_POSTINGS``: 8 bytes a posting, and their positions."""
    return len(postings[0]) + (postings[3].size // 8 if postings[3] is not None else 0)


@dataclass
class PackedBlocks:
    """A term's packed positions in one segment, as its posting blocks hold them (:mod:`whoosh_positions`):
    block i holds the postings ``starts[i]:starts[i + 1]``."""

    blocks: list
    starts: np.ndarray

    @property
    def size(self):
        return sum(len(block) for block in self.blocks)

    def positions(self, ids, docs):
        """(documents, positions) of the sorted ``docs`` among the postings ``ids``, as :func:`read_positions`."""
        at = np.searchsorted(ids, docs)
        inside = at < len(ids)
        at, held = at[inside], docs[inside]
        hits = ids[at] == held
        at, held = at[hits], held[hits]
        if not len(at):
            return _NO_POSITIONS
        block_of = np.searchsorted(self.starts, at, side="right") - 1
        chosen, first = sorted_runs(block_of)  # ``at`` is sorted, and so its blocks
        wanted = np.split(at - self.starts[block_of], first[1:])
        gaps = packed_gaps([(self.blocks[block], int(self.starts[block + 1] - self.starts[block]), indexes)
                            for block, indexes in zip(chosen.tolist(), wanted, strict=True)])
        return _positions(held.astype(np.int64), *gaps)


def _read_postings(reader, field, text):
    """A term's postings: (ids, weights, the blocks' packed positions or None). Read straight from the mapped
    postings file (``_term_blocks``) where it is one; else (a term inlined in the term dictionary, a file
    read into memory) through Whoosh's matcher, a block (128 documents) at a time where the codec keeps
    blocks."""
    blocks = _term_blocks(reader, field, text)
    if blocks is not None:
        return _joined(blocks)
    try:
        matcher = reader.postings(field, text)
    except TermNotFound:
        return (*_NO_POSTINGS, None)
    if isinstance(matcher, FilterMatcher):  # deletions: the live mask handles them
        matcher = matcher.child
    blocks = list(_blocks(matcher) if isinstance(matcher, W3LeafMatcher) else _one_by_one(matcher))
    if not blocks:
        return (*_NO_POSTINGS, None)
    ids = np.concatenate([np.asarray(ids, dtype=np.int32) for ids, _, _ in blocks])
    weights = np.concatenate([np.asarray(weights, dtype=np.float32) for _, weights, _ in blocks])
    return ids, weights, _packed([block for _, _, block in blocks], [len(ids) for ids, _, _ in blocks])


def _term_blocks(reader, field, text):
    """A term's posting blocks as (gaps, weights, packed positions or None) straight from a mapped postings
    file, or None where the term is not kept that way (inlined in the term dictionary, another codec or
    file): then Whoosh's matcher reads it.

    Whoosh's leaf matcher reads a block through a dozen method calls and a
    file object's seeks, and making the matcher (term lookup, header, first
    block, the deletions' set) costs as much again: twice the time of the
    block's own decompressing and unpickling, and reading postings is most
    of an ``OR`` of two words. The layout read is Whoosh 3's
    (``W3PostingsWriter._write_block``, pinned with Whoosh): a 4-byte
    header, then per block its length (negative for the last), a pickled
    header (postings, last id, max weight, compression, min and max
    length bytes) and its pickled, maybe compressed (ids as gaps, weights,
    values).
    """
    terms = getattr(reader, "_terms", None)
    postfile = getattr(terms, "_postfile", None)
    if not isinstance(postfile, MappedFile) or field not in reader.schema:
        return None
    try:
        info = terms.term_info(field, reader.schema[field].to_bytes(text))
    except TermNotFound:
        return []
    if info.is_inlined():
        return None
    view, (at, _) = postfile._buf, info.extent()
    if view[at:at + len(WHOOSH3_HEADER_MAGIC)] != WHOOSH3_HEADER_MAGIC:
        return None
    packed = type(reader.schema[field].format) is PackedPositions
    at += len(WHOOSH3_HEADER_MAGIC)
    blocks, last = [], False
    while not last:
        length = _BLOCK_LENGTH.unpack_from(view, at)[0]
        last, length = length < 0, abs(length)
        header = io.BytesIO(view[at + _INT_SIZE:at + _INT_SIZE + PICKLE_WINDOW])
        compressed = pickle.load(header)[3]
        data = view[at + _INT_SIZE + header.tell():at + _INT_SIZE + length]
        gaps, weights, values = pickle.loads(zlib.decompress(data) if compressed else data)
        blocks.append((gaps, weights, values if packed and isinstance(values, bytes) else None))
        at += _INT_SIZE + length
    return blocks


def _joined(blocks):
    """(ids, weights, packed positions or None) of a term's blocks of (gaps, weights, packed values or None).

    Each block's gaps and weights are made into arrays once for the whole
    term: block by block (and the gaps added up by a ``np.cumsum`` of each
    tuple) they were a third of reading the postings. A block's gaps start
    from 0, so its first is its first document: the gaps of the whole term
    are added up at once and each block's start put back. Weights are kept
    as Whoosh keeps them: none when all are 1, one when all are equal.

    Most terms read that have postings have one block (a word in a few
    documents; a title's or the tags' field): its gaps are added up as they
    are read and its weights made an array by ``np.array``, which took a
    single-block term's reading from about 59 to 48 µs (NumPy's calls for
    many blocks cost more fixed work than the block's 128 values).
    """
    if not blocks:
        return (*_NO_POSTINGS, None)
    sizes = [len(gaps) for gaps, _, _ in blocks]
    total = sum(sizes)
    if len(blocks) == 1:
        ids = np.fromiter(accumulate(blocks[0][0]), dtype=np.int32, count=total)
    else:
        ids = np.fromiter(chain.from_iterable(gaps for gaps, _, _ in blocks), dtype=np.int32, count=total).cumsum(
            dtype=np.int32)  # document numbers are below 2**31
        ends = np.array(sizes).cumsum()
        ids -= np.repeat(np.concatenate(([0], ids[ends[:-1] - 1])), sizes)
    if len(blocks) == 1 and isinstance(blocks[0][1], tuple):
        weights = np.array(blocks[0][1], dtype=np.float32)
    elif all(isinstance(weights, tuple) for _, weights, _ in blocks):
        weights = np.fromiter(chain.from_iterable(weights for _, weights, _ in blocks), dtype=np.float32,
                              count=total)
    else:
        weights = np.concatenate([np.asarray(weights, dtype=np.float32) if isinstance(weights, tuple)
                                  else np.full(size, 1.0 if weights is None else weights, np.float32)
                                  for (_, weights, _), size in zip(blocks, sizes, strict=True)])
    return ids, weights, _packed([values for _, _, values in blocks], sizes)


def _packed(blocks, sizes):
    """The blocks' packed positions (:class:`PackedBlocks`), or None when a block has none."""
    if not all(block is not None for block in blocks):
        return None
    return PackedBlocks(blocks, np.array(list(accumulate(sizes, initial=0))))


def read_positions(reader, field, text, docs):
    """(documents, positions): parallel arrays of every position of a term in those of ``docs`` (sorted,
    numbered in the segment) that hold it.

    Only the blocks that hold one of ``docs`` are decoded: a phrase checks
    its candidates' positions where Whoosh's span queries walked every
    posting of every word through several layers of matchers (a phrase was
    a quarter of a second on 30,000 articles). The positions of all the
    documents are then decoded at once (:func:`_decode_positions`).
    """
    try:
        matcher = reader.postings(field, text)
    except TermNotFound:
        return _NO_POSITIONS
    if isinstance(matcher, FilterMatcher):  # deletions: the caller's candidates are live
        matcher = matcher.child
    format_ = matcher.format
    if not isinstance(matcher, W3LeafMatcher) or type(format_) not in (Positions, PackedPositions):
        return _positions_one_by_one(matcher, set(docs.tolist()))
    held_docs, packed, values, wanted = [], [], [], 0
    while matcher.is_active() and wanted < len(docs):
        if matcher.block_max_id() >= docs[wanted]:
            ids = _block_ids(matcher)
            at = np.searchsorted(ids, docs[wanted:])
            inside = at < len(ids)
            at, held = at[inside], docs[wanted:][inside]
            hits = ids[at] == held
            if hits.any():
                held_docs.append(held[hits])
                block = packed_block(matcher)
                if block is not None:
                    packed.append((block, len(ids), at[hits]))
                else:
                    block_values = stored_values(matcher)
                    values.extend(block_values[i] for i in at[hits].tolist())
            wanted += int(np.count_nonzero(docs[wanted:] <= ids[-1]))
        matcher._next_block()
    if not held_docs:
        return _NO_POSITIONS
    # A segment's blocks are all packed, or all Whoosh's pickles (an index written before, or Positions).
    if packed:
        return _positions(np.concatenate(held_docs), *packed_gaps(packed))
    return _flatten(np.concatenate(held_docs), _decode_positions(values))


def _decode_positions(values):
    """The position lists of Whoosh ``Positions`` values, in one unpickling.

    A value is a count, then the gaps between positions pickled as a list
    (protocol 2), its final stop byte sometimes left out. Unpickled one by
    one, with a Python loop adding up the gaps (``decode_positions``), they
    were most of a phrase's time; here the pickled lists are joined inside
    one pickled list and the gaps are added up by NumPy in :func:`_flatten`.
    Pinned with Whoosh's format.
    """
    bodies = [value[_INT_SIZE:-1] if value.endswith(b".") else value[_INT_SIZE:] for value in values]
    return pickle.loads(b"\x80\x02(" + b"".join(bodies) + b"l.")


def _flatten(docs, gaps):
    """Parallel (document, position) arrays from each document's list of gaps between its positions."""
    counts = np.fromiter((len(one) for one in gaps), dtype=np.int64, count=len(gaps))
    return _positions(docs, counts, np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=int(counts.sum())))


def _positions(docs, counts, steps):
    """Parallel (document, position) arrays from the gaps between positions, ``counts[i]`` of them for
    ``docs[i]``, end to end in ``steps``."""
    positions = np.cumsum(steps)
    begins = np.cumsum(counts) - counts  # where each document's gaps start
    nonempty = counts > 0
    before = np.zeros(len(counts), dtype=np.int64)
    before[nonempty] = positions[begins[nonempty]] - steps[begins[nonempty]]
    return np.repeat(docs.astype(np.int64), counts), positions - np.repeat(before, counts)


def _positions_one_by_one(matcher, docs):
    held, gaps = [], []
    while matcher.is_active():
        if matcher.id() in docs:
            positions = list(matcher.value_as("positions"))
            held.append(matcher.id())
            gaps.append([later - earlier for earlier, later in zip([0, *positions], positions, strict=False)])
        matcher.next()
    return _flatten(np.array(held, dtype=np.int64), gaps) if held else _NO_POSITIONS


def _blocks(matcher):
    """(ids, weights, packed positions or None) of each block of a Whoosh 3 leaf matcher (private to the codec,
    pinned with Whoosh)."""
    while matcher.is_active():
        ids = _block_ids(matcher)
        matcher._read_weights()
        yield ids, matcher._weights, packed_block(matcher)
        matcher._next_block()


def _block_ids(matcher):
    """The document numbers of a Whoosh 3 leaf matcher's current block, as an array.

    Kept as gaps, they are added up here, not by Whoosh's generator (a
    Python step per posting).
    """
    if matcher._byteids:
        matcher._read_ids()
        return np.asarray(matcher._ids, dtype=np.int64)
    if matcher._data is None:
        matcher._read_data()
    return np.cumsum(matcher._data[0], dtype=np.int64)


def _one_by_one(matcher):
    """(ids, weights) of postings kept inline in the term dictionary (a few documents)."""
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights, None


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
        self.counted_facets = Memo(COUNTED_FACETS)  # {digest of a set of matches: its facet counts}
        self._reader = searcher.reader()
        self._average_lengths = {}
        self._length_norms = {}

    def average_length(self, field):
        """A field's average length over the documents, as Whoosh's BM25F takes it (1 when it has none)."""
        found = self._average_lengths.get(field)
        if found is None:
            found = self._average_lengths[field] = (
                self._reader.field_length(field) / (self._reader.doc_count_all() or 1) or 1)
        return found

    def length_norms(self, field, b, k1):
        """BM25's length part of every document's ``field``, ``k1 × ((1 − b) + b × length ÷ average length)``:
        worked out once per searcher, where a search's every term did it for its documents (four array
        operations of a term's eight)."""
        key = (field, b, k1)
        found = self._length_norms.get(key)
        if found is None:
            found = self._length_norms[key] = k1 * ((1 - b) + b * self.lengths[field] / self.average_length(field))
        return found

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
                 for ids, weights, _, _ in [part.postings(reader, field, text)] if len(ids)]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return (np.concatenate([ids for ids, _ in found]).astype(np.int64),
                np.concatenate([weights for _, weights in found]).astype(np.float64))

    def pks(self, docs):
        """The article pks of documents (searcher numbers): a page's hits are read through the segment arrays'
        kept pks, not the searcher's stored fields (about 17 µs a document, each time)."""
        found = []
        for doc in docs:
            reader, offset, part = self.leaves[bisect_right(self.offsets, doc) - 1]
            found.append(part.pk(reader, doc - offset))
        return found

    def doc_frequency(self, field, text):
        """How many documents hold a term, as Whoosh counts for its idf: deleted ones too."""
        return sum(part.postings(reader, field, text)[2] for reader, _, part in self.leaves)

    def positions(self, field, terms, docs):
        """Where any of ``terms`` stands in the sorted ``docs``: sorted distinct keys, document × 2³² + position."""
        found = [np.zeros(0, dtype=np.int64)]
        for reader, offset, part in self.leaves:
            local = docs[(docs >= offset) & (docs < offset + part.size)] - offset
            if not len(local):
                continue
            for term in terms:
                held, positions = part.positions(reader, field, term, local)
                found.append(((held + offset) << POSITION_BITS) | positions)
        return sorted_distinct(np.sort(np.concatenate(found)) if len(found) > 2 else found[-1])

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


def sorted_distinct(values):
    """``np.unique(values)`` for ``values`` already sorted: each first of a run of equal values.

    NumPy 2's ``unique`` of integers goes through a hash table, then sorts
    what it kept: 50–75 ms for the 75,000 position keys of a phrase of two
    common words, where comparing each value with the one before costs
    well under a millisecond. (Its first use also imports ``numpy.ma``:
    25–65 ms of the first phrase a process checked.)
    """
    return sorted_runs(values)[0]


def sorted_runs(values):
    """``np.unique(values, return_index=True)`` for ``values`` already sorted: (each distinct value, the index
    of its first occurrence), without ``np.unique``'s hash table (see :func:`sorted_distinct`)."""
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep], np.flatnonzero(keep)


class Memo(OrderedDict):
    """A dict that keeps its ``size`` most recently stored entries."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)
