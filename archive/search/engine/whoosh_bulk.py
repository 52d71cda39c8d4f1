"""A Whoosh segment written whole from batches of documents: the postings Whoosh's writer makes, without its pool.

Whoosh 2.7.4's ``SegmentWriter`` costs about 5 ms of CPU per article: each
document's fields are indexed one term at a time into a pool of
(field, term, document, weight, value) tuples, the pool sorts millions of
them (spilling runs to disk and merging them), and the codec's postings
writer takes them back one at a time. :class:`BulkSegmentWriter` writes the
same segment from a batch at a time: the Arabic text fields' words become
their analyses' ids (:mod:`archive.arabic.written`, as ``term_positions``
reads them) and then (term, document, position, boost) rows in NumPy; at the
end one stable sort groups every field's rows by term, sums each posting's
weight, counts its frequency, and packs its positions, for all postings at
once; the codec's own writers then write each term's blocks (128 postings)
from slices of those arrays. The other fields (ids, keywords, dates) are few
per document and go through their field's own ``index()``.

The segment is Whoosh's in every byte that is read: the same terms, doc
numbers, weights, values, field lengths, stored fields and columns
(``tests/test_whoosh_bulk.py`` compares them with a segment Whoosh writes
from the same articles), so the normal reader, ``update_index`` and later
writes take it as any other. It is not committed: the caller puts it in a
table of contents (:mod:`whoosh_build`).
"""
import pickle
import struct
import zlib
from itertools import chain

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC as _MAGIC
from whoosh.formats import Frequency, tokens
from whoosh.system import pack_ushort
from whoosh.util.numeric import _length_byte_cache
from whoosh.writing import SegmentWriter

from archive.arabic.variants import get_table
from archive.arabic.written import KnownWords
from archive.search.engine.whoosh_analysis import STEM_BOOST, ArabicAnalyzer, word_terms
from archive.search.engine.whoosh_positions import PackedPositions, write_varints

# The length each of a length column's bytes stands for (``byte_to_length``), which the postings writer is given.
_BYTE_LENGTHS = np.frombuffer(_length_byte_cache, dtype=np.int32).astype(np.int64)


def bulk_field(field):
    """True for a text field whose postings this module makes in bulk: the Arabic analyzer with its default stem
    boost (whose weights are exact sums in any order), positions packed or frequencies."""
    analyzer = getattr(field, "analyzer", None)
    return (type(analyzer) is ArabicAnalyzer and analyzer.stem_boost == STEM_BOOST
            and type(field.format) in (PackedPositions, Frequency) and not field.vector)


class BulkSegmentWriter:
    """One new segment of ``index``, filled by :meth:`add` and written by :meth:`finish`, which returns it."""

    def __init__(self, index):
        self._writer = SegmentWriter(index, _lk=False)
        self.schema = self._writer.schema
        self._bulk = [name for name, field in self.schema.items() if field.indexed and bulk_field(field)]
        self._rows = {name: [] for name in self._bulk}  # field -> [(terms, docs, positions, boosts) of a batch]
        self._postings = {}  # the other indexed fields: field -> {term bytes: [(doc, weight, value)]}
        self._lengths = {}  # field -> {doc: its length in the field}, where not 0
        self._terms = {}  # term text -> id, for every bulk field
        self._words = None

    def add(self, documents):
        """Add a batch of documents (dicts of field values, as ``add_document`` takes them), numbered on."""
        writer, schema = self._writer, self.schema
        first = writer.docnum
        batch_lengths = {name: self._analyse(name, documents, first) for name in self._bulk}
        perdoc = writer.perdocwriter
        for offset, fields in enumerate(documents):
            docnum = first + offset
            names = sorted(fields)
            writer._check_fields(schema, names)
            if any(name.startswith("_") for name in names):
                raise ValueError("BulkSegmentWriter takes plain documents (no boosts, no stored values of their own)")
            perdoc.start_doc(docnum)
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                lengths = batch_lengths.get(name)
                length = int(lengths[offset]) if lengths is not None else self._index(name, field, value, docnum)
                if length:
                    self._lengths.setdefault(name, {})[docnum] = length
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
            perdoc.finish_doc()
        writer.docnum = first + len(documents)

    def finish(self):
        """Write the postings, close the segment's files (assembled into one) and return the segment."""
        writer = self._writer
        writer.perdocwriter.close()
        fieldwriter = writer.fieldwriter
        ranks = self._term_ranks()
        for name in sorted({*self._bulk, *self._postings}):
            field = self.schema[name]
            lengths = self._quantized_lengths(name)
            if name in self._postings:
                self._write_listed(fieldwriter, name, field, self._postings.pop(name), lengths)
            elif self._rows[name]:
                self._write_rows(fieldwriter, name, field, self._rows.pop(name), ranks, lengths)
        writer._close_segment()
        writer._assemble_segment()
        return writer.get_segment()

    # Documents

    def _index(self, name, field, value, docnum):
        """A field that is not written in bulk: its postings as its ``index()`` gives them; its length."""
        if not field.indexed:
            return 0
        length, postings, scorable = 0, self._postings.setdefault(name, {}), field.scorable
        for term, frequency, weight, encoded in field.index(value):
            if scorable:
                length += frequency
            found = postings.get(term)
            if found is None:
                postings[term] = [(docnum, weight, encoded)]
            else:
                found.append((docnum, weight, encoded))
        return length

    def _analyse(self, name, documents, first):
        """Keep the (term, document, position, boost) rows of field ``name`` in ``documents`` (numbered from
        ``first``), in document and position order; return each document's length in the field (its rows)."""
        words = self._current_words()
        field = self.schema[name]
        ids, owners, read_in_order = [], [], []
        for offset, fields in enumerate(documents):
            value = fields.get(name)
            if value is None:
                continue
            found = words.ids(value) if isinstance(value, str) else None
            if found is None:
                read_in_order.append(self._tokens_of(field, value, offset))
            else:
                ids.append(found)
                owners.append(offset)
        counts = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        word_ids = np.fromiter(chain.from_iterable(ids), dtype=np.int32, count=int(counts.sum()))
        positions = np.arange(len(word_ids), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        docs = np.repeat(np.array(owners, dtype=np.int64), counts)
        terms, boosts = words.rows(word_ids)
        present = terms >= 0  # a word's terms, in its row's order, at its position
        width = present.sum(axis=1)
        rows = [(terms[present], np.repeat(docs, width), np.repeat(positions, width), boosts[present]),
                *read_in_order]
        terms, docs, positions, boosts = (np.concatenate(parts) for parts in zip(*rows, strict=True))
        if read_in_order:  # put their documents' rows in document order
            order = np.argsort(docs, kind="stable")
            terms, docs, positions, boosts = terms[order], docs[order], positions[order], boosts[order]
        self._rows[name].append((terms.astype(np.int32), (docs + first).astype(np.int32), positions.astype(np.int32),
                                 boosts.astype(np.float32)))  # boosts are sums of halves: exact in 32 bits
        if not field.scorable:
            return np.zeros(len(documents), dtype=np.int64)
        return np.bincount(docs, minlength=len(documents))

    def _tokens_of(self, field, value, offset):
        """The rows of a text the analysis must read in order (``KnownWords.ids`` gives None): its tokens, as
        Whoosh's formats read them."""
        found = [(self._term(token.text), token.pos, token.boost)
                 for token in tokens(value, field.analyzer, {"mode": "index", "positions": True, "boosts": True})]
        return (np.array([term for term, _, _ in found], dtype=np.int32), np.full(len(found), offset, dtype=np.int64),
                np.array([position for _, position, _ in found], dtype=np.int64),
                np.array([boost for _, _, boost in found], dtype=np.float64))

    def _term(self, text):
        found = self._terms.get(text)
        if found is None:
            found = self._terms[text] = len(self._terms)
        return found

    def _current_words(self):
        """This writer's words read as written, for the process's variant table as it is now (emptied, as
        ``KnownWords.current`` does, for another table or past ``KnownWords.LIMIT`` words)."""
        table, words = get_table(), self._words
        if words is None or not words.reads_with(table):
            words = self._words = _TermRows(table, self._term)
        return words

    # Postings

    def _term_ranks(self):
        """Each term id's place in the terms' order (their code points, which is their UTF-8 bytes' order)."""
        texts = list(self._terms)
        order = sorted(range(len(texts)), key=texts.__getitem__)
        self._ordered_texts = [texts[term] for term in order]
        ranks = np.empty(len(texts), dtype=np.int32)
        ranks[order] = np.arange(len(texts), dtype=np.int32)
        return ranks

    def _quantized_lengths(self, name):
        """Each document's length in field ``name`` as the postings writer reads it back from the length column
        (the length its byte stands for; 0 for none)."""
        kept = self._lengths.get(name, {})
        lengths = np.zeros(self._writer.docnum, dtype=np.int64)
        lengths[list(kept)] = list(kept.values())
        return _BYTE_LENGTHS[_length_byte(lengths)]

    def _write_rows(self, fieldwriter, name, field, batches, ranks, lengths):
        """A bulk field's postings: its rows sorted by term (documents and positions stay in order), a posting per
        (term, document), each term's postings written a block at a time."""
        keys = ranks[np.concatenate([batch[0] for batch in batches])]
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        sorted_column = self._sorted_column
        docs, positions = sorted_column(batches, 1, order), sorted_column(batches, 2, order)
        boosts = sorted_column(batches, 3, order).astype(np.float64)
        del batches[:], order
        if not len(keys):
            return
        opens = np.ones(len(keys), dtype=bool)
        opens[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(opens)
        posting_docs = docs[starts]
        weights = np.add.reduceat(boosts, starts) * field.format.field_boost
        if type(field.format) is PackedPositions:
            gaps = positions.astype(np.int64)
            gaps[1:] -= positions[:-1]
            gaps[starts] = positions[starts]
            data, sizes = _varints(gaps, starts)
        else:  # Frequency: each value its frequency, 4 bytes
            frequencies = np.diff(np.append(starts, len(keys)))
            data, sizes = frequencies.astype(">u4").tobytes(), None
        term_starts = np.flatnonzero(np.append(True, keys[starts[1:]] != keys[starts[:-1]]))
        texts = self._ordered_texts
        names = [texts[rank].encode("utf-8") for rank in keys[starts[term_starts]].tolist()]
        fieldwriter.start_field(name, field)
        _write_terms(fieldwriter, names, term_starts, posting_docs, weights, lengths[posting_docs], data, sizes)
        fieldwriter.finish_field()

    @staticmethod
    def _sorted_column(batches, column, order):
        """Column ``column`` of every batch's rows, in ``order``; each batch's own is let go once read."""
        joined = np.concatenate([batch[column] for batch in batches])
        for index, batch in enumerate(batches):
            batches[index] = (*batch[:column], None, *batch[column + 1:])
        return joined[order]

    def _write_listed(self, fieldwriter, name, field, postings, lengths):
        """A field written through its ``index()``: the codec's own postings writer, a posting at a time."""
        if not postings:
            return
        fieldwriter.start_field(name, field)
        for term in sorted(postings):
            fieldwriter.start_term(term)
            for docnum, weight, encoded in postings[term]:
                fieldwriter.add(docnum, weight, encoded or b"", int(lengths[docnum]))
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _write_terms(fieldwriter, names, term_starts, docs, weights, lengths, data, sizes):
    """Write a field's terms (``names``, in order) and their postings, given as arrays of every posting of the
    field in term order (term i's from ``term_starts[i]``): each term's blocks into the postings file as
    ``W3PostingsWriter`` writes them, and its ``W3TermInfo`` into the terms table.

    What can be is computed for all blocks at once (document steps, smallest and largest weight, shortest and
    longest length, where values start and end); then each block is pickled and compressed, the postings
    file written a group of blocks at a time, and the term infos packed for all terms at once. ``sizes`` are
    each posting's packed positions' byte size (None: 4-byte frequencies).
    """
    codec, postfile = fieldwriter._codec, fieldwriter._postfile
    limit, compression = codec._blocklimit, codec._compression
    count = len(docs)
    term_ends = np.append(term_starts[1:], count)
    per_term = -(-(term_ends - term_starts) // limit)  # blocks of each term
    first_blocks = np.cumsum(per_term) - per_term
    block_starts = np.repeat(term_starts, per_term) + limit * (
        np.arange(int(per_term.sum())) - np.repeat(first_blocks, per_term))
    block_ends = np.append(block_starts[1:], count)
    steps = docs.astype(np.int64)
    steps[1:] -= docs[:-1]
    steps[block_starts] = docs[block_starts]  # each block's first document in full (``delta_encode``)
    weights32 = weights.astype(np.float32)
    lowest, highest = np.minimum.reduceat(weights32, block_starts), np.maximum.reduceat(weights32, block_starts)
    most = np.maximum.reduceat(weights, block_starts)
    known = lengths > 0
    shortest = np.minimum.reduceat(np.where(known, lengths, np.iinfo(np.int64).max), block_starts)
    longest = np.maximum.reduceat(lengths, block_starts)
    has_length = np.logical_or.reduceat(known, block_starts)
    value_sizes = sizes if sizes is not None else np.full(count, 4, dtype=np.int64)
    ends = np.cumsum(value_sizes)
    last_block = np.zeros(len(block_starts), dtype=bool)
    last_block[first_blocks + per_term - 1] = True
    first_block = np.zeros(len(block_starts), dtype=bool)
    first_block[first_blocks] = True

    blocks = (block_starts, block_ends, lowest, highest, most, np.where(has_length, _length_byte(shortest), 0),
              _length_byte(longest), (ends - value_sizes)[block_starts], ends[block_ends - 1], docs[block_ends - 1],
              last_block, first_block)
    base, extents, extent = postfile.tell(), [], 0
    for group in range(0, len(block_starts), BLOCKS_AT_ONCE):  # Python lists of a group of blocks at a time
        chosen = slice(group, group + BLOCKS_AT_ONCE)
        at, until = int(block_starts[chosen][0]), int(block_ends[chosen][-1])
        step_list, weight_list = steps[at:until].tolist(), weights32[at:until].tolist()
        size_list = sizes[at:until].tolist() if sizes is not None else None
        pieces = []
        for start, end, low, high, top, short, long_, begin, stop, last_doc, last, first in zip(
                *(column[chosen].tolist() for column in blocks), strict=True):
            start, end = start - at, end - at
            if low == high:  # ``_mini_weights``
                mini_weights = None if low == 1.0 else low
            else:
                mini_weights = tuple(weight_list[start:end])
            values = data[begin:stop]
            if size_list is not None:
                values = _size_varints(size_list[start:end]) + values
            block = zlib.compress(pickle.dumps((tuple(step_list[start:end]), mini_weights, values), 2), compression)
            info = pickle.dumps((end - start, last_doc, top if top > 0 else 0, compression, short, long_), 2)
            size = len(info) + len(block)
            if first:
                pieces.append(_MAGIC)
                extent += len(_MAGIC)
            pieces += (_INT.pack(-size if last else size), info, block)
            extent += 4 + size
            if last:
                extents.append(extent)
                extent = 0
        postfile.write(b"".join(pieces))
    extents = np.array(extents, dtype=np.int64)
    infos = np.zeros(len(names), dtype=_TERM_INFO)
    infos["weight"] = np.add.reduceat(weights32.astype(np.float64), term_starts)
    infos["df"] = term_ends - term_starts
    infos["minlength"] = np.where(np.logical_or.reduceat(has_length, first_blocks),
                                  _length_byte(np.minimum.reduceat(shortest, first_blocks)), 0)
    infos["maxlength"] = _length_byte(np.maximum.reduceat(longest, first_blocks))
    infos["maxweight"] = np.maximum.reduceat(most, first_blocks)
    infos["minid"] = docs[term_starts]
    infos["maxid"] = docs[term_ends - 1]
    infos["offset"] = base + np.cumsum(extents) - extents
    infos["length"] = extents
    records, size = infos.tobytes(), _TERM_INFO.itemsize
    table, field_id = fieldwriter._tindex, pack_ushort(fieldwriter._fieldid)
    for number, name in enumerate(names):
        table.add(field_id + name, records[number * size:(number + 1) * size])


# ``W3TermInfo.to_bytes`` of a term whose postings are in the postings file: flags (0), total weight, document
# frequency, shortest and longest length bytes, largest weight, first and last document, then where its postings
# are: offset and length.
_TERM_INFO = np.dtype([("flags", "u1"), ("weight", ">f4"), ("df", ">u4"), ("minlength", "u1"), ("maxlength", "u1"),
                       ("maxweight", ">f4"), ("minid", ">u4"), ("maxid", ">u4"), ("offset", ">i8"), ("length", ">i4")])
_INT = struct.Struct("!i")
# Blocks whose postings are made Python lists at a time while they are written (a field's all at once took
# half a gigabyte a process on the corpus).
BLOCKS_AT_ONCE = 4096


def _length_byte(lengths):
    """``length_to_byte`` of each length."""
    return np.minimum(np.searchsorted(_BYTE_LENGTHS, lengths), 255)


def _size_varints(sizes):
    """The varints of ``sizes`` (``whoosh_positions``' block packing: the size of each value, then the values)."""
    if max(sizes) < 0x80:
        return bytes(sizes)
    return bytes(write_varints(sizes, bytearray()))


def _varints(numbers, starts):
    """(the non-negative ``numbers`` as varints end to end; the byte size of each run of numbers opened at
    ``starts``): ``PackedPositions.encode`` of every posting at once."""
    counts = np.ones(len(numbers), dtype=np.int64)
    for bits in range(7, 63, 7):
        counts += numbers >= (1 << bits)
    if counts.max() == 1:
        data = numbers.astype(np.uint8).tobytes()
    else:
        out = np.empty(int(counts.sum()), dtype=np.uint8)
        at = np.cumsum(counts) - counts
        for byte in range(int(counts.max())):
            chosen = counts > byte
            more = (counts[chosen] > byte + 1).astype(np.uint8) << 7
            out[at[chosen] + byte] = ((numbers[chosen] >> (7 * byte)) & 0x7F).astype(np.uint8) | more
        data = out.tobytes()
    return data, np.add.reduceat(counts, starts)


class _TermRows(KnownWords):
    """Words read as written (:class:`KnownWords`), each word id's terms (:func:`whoosh_analysis.word_terms`) a
    row of a writer's term ids and their boosts."""

    def __init__(self, table, term):
        super().__init__(table)
        self._term = term  # a writer's term text -> id
        self._analyses = [()]  # word id -> ((term id, boost), ...)
        self._terms = np.full((1024, 4), -1, dtype=np.int32)
        self._boosts = np.zeros((1024, 4), dtype=np.float64)
        self._made = 1  # word ids below this have their row

    def learned(self, found, analysis):
        self._analyses.append(tuple((self._term(text), boost) for text, boost in word_terms(analysis)))

    def rows(self, word_ids):
        """(term ids, boosts): a row per word id, -1 past its terms."""
        if self._made < len(self._analyses):
            self._make_rows()
        return self._terms[word_ids], self._boosts[word_ids]

    def _make_rows(self):
        new = self._analyses[self._made:]
        width, total = max(self._terms.shape[1], *map(len, new)), len(self._analyses)
        if total > self._terms.shape[0] or width > self._terms.shape[1]:
            terms = np.full((max(total, 2 * self._terms.shape[0]), width), -1, dtype=np.int32)
            boosts = np.zeros(terms.shape, dtype=np.float64)
            terms[:self._terms.shape[0], :self._terms.shape[1]] = self._terms
            boosts[:self._boosts.shape[0], :self._boosts.shape[1]] = self._boosts
            self._terms, self._boosts = terms, boosts
        lengths = np.fromiter(map(len, new), dtype=np.int64, count=len(new))
        words = np.repeat(np.arange(self._made, total), lengths)
        columns = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        pairs = list(chain.from_iterable(new))
        self._terms[words, columns] = [term for term, _ in pairs]
        self._boosts[words, columns] = [boost for _, boost in pairs]
        self._made = total
