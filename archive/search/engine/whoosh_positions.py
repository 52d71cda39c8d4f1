"""Word positions kept as packed bytes, not pickles: the text field's postings in less than half the space.

Phrases are checked against the positions of the ``text`` field's terms
(:mod:`whoosh_scoring`); nothing else reads positions, so the other text
fields keep only their weights (Whoosh's ``Frequency``). Whoosh 2.7.4's
``Positions`` writes each posting's positions as a 4-byte count and a
pickled list of gaps, and each block of 128 postings as a pickled tuple of
those byte strings (about 15 bytes of pickle framing each, zlib'd): on the
29,975-article corpus that was about 100 MB of the index's 210. Here a
posting's value is the gaps between its positions as unsigned varints
(7 bits a byte, a set high bit says another byte follows: almost every gap
fits in one byte), and a block's values are written as one byte string: the
varint size of each posting's value, then the values end to end.

Indexes written before this still read: a block whose values are a tuple
was written by ``Positions`` (its postings are converted as they are read),
and a ``Frequency`` field whose block holds such a tuple was a field with
positions (its count is the first four bytes, which is what ``Frequency``
stores). Segments merged by a later write are written anew in the new way.

:func:`install` swaps the block packing into Whoosh's postings writer and
reader; it is called once, when the engine is imported.
"""
from itertools import accumulate
from operator import sub

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Frequency, Positions
from whoosh.system import _INT_SIZE

_PICKLED = Positions()


def write_varints(numbers, out):
    """Append the non-negative ``numbers`` to ``out`` (a bytearray) as varints, 7 bits a byte; return ``out``."""
    for number in numbers:
        while number >= 0x80:
            out.append(number & 0x7F | 0x80)
            number >>= 7
        out.append(number)
    return out


def read_varints(data):
    """The numbers packed in ``data``; bytes all below 0x80 are the numbers themselves."""
    if data.isascii():
        return list(data)
    numbers, number, shift = [], 0, 0
    for byte in data:
        number |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            numbers.append(number)
            number, shift = 0, 0
    return numbers


# The varint of each number below 2**14 (one or two bytes).
_VARINTS = tuple(bytes(write_varints([number], bytearray())) for number in range(1 << 14))


class PackedPositions(Positions):
    """Whoosh's ``Positions``, each posting's value the gaps between its positions as varints."""

    def word_values(self, value, analyzer, **kwargs):
        """``Positions.word_values``, from the analyzer's gathered terms when it gathers them
        (``ArabicAnalyzer.term_positions``) and is asked for nothing but indexing."""
        gather = getattr(analyzer, "term_positions", None)
        terms = gather(value) if gather is not None and isinstance(value, str) and set(kwargs) <= {"mode"} else None
        if terms is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        for text, (positions, weight) in terms.items():
            yield text, len(positions), weight * self.field_boost, self.encode(positions)

    def encode(self, poslist):
        try:  # nearly every gap has its bytes made already
            return b"".join(map(_VARINTS.__getitem__, map(sub, poslist, [0, *poslist])))
        except IndexError:
            return bytes(write_varints(map(sub, poslist, [0, *poslist]), bytearray()))

    def decode_positions(self, valuestring):
        return list(accumulate(read_varints(valuestring)))

    def decode_frequency(self, valuestring):
        return sum(1 for byte in valuestring if byte < 0x80)


def _mini_values(self):
    """``W3PostingsWriter._mini_values``: packed positions as one byte string (see the module's docstring)."""
    if type(self._format) is not PackedPositions:
        return _original_mini_values(self)
    values = self._values
    return bytes(write_varints(map(len, values), bytearray())) + b"".join(values)


def _read_values(self):
    """``W3LeafMatcher._read_values``, reading packed blocks and the blocks of indexes written before."""
    if self._data is None:
        self._read_data()
    stored, format_ = self._data[2], self.format
    if type(format_) is PackedPositions:
        if isinstance(stored, bytes):
            self._values = _split(stored, self._blocklength)
        else:  # written by Whoosh's Positions
            self._values = tuple(format_.encode(_PICKLED.decode_positions(value)) for value in stored)
    elif type(format_) is Frequency and isinstance(stored, tuple):  # a field that had positions
        self._values = tuple(value[:_INT_SIZE] for value in stored)
    else:
        _original_read_values(self)


def packed_block(matcher):
    """A leaf matcher's current block of packed positions as written (bytes), or None when its values are
    Whoosh's own (:func:`stored_values`)."""
    if type(matcher.format) is not PackedPositions:
        return None
    if matcher._data is None:
        matcher._read_data()
    stored = matcher._data[2]
    return stored if isinstance(stored, bytes) else None


def stored_values(matcher):
    """The values of a leaf matcher's current block that is not packed (:func:`packed_block`), as Whoosh's
    ``Positions`` wrote them: each a count and a pickled list."""
    if type(matcher.format) is not PackedPositions:
        matcher._read_values()
        return matcher._values
    if matcher._data is None:
        matcher._read_data()
    return matcher._data[2]


def packed_gaps(blocks):
    """(how many gaps each wanted posting has, all their gaps end to end) of packed blocks.

    ``blocks`` are (block, postings in it, indexes of the wanted postings).
    The wanted values' bytes are gathered from every block into one array
    and their varints decoded together by NumPy: one by one, in Python,
    they were half of a phrase's time on common words.
    """
    joined, begins, ends, base = [], [], [], 0
    for block, count, wanted in blocks:
        sizes, at = _sizes(block, count)
        value_ends = at + np.cumsum(sizes)
        begins.append(value_ends[wanted] - sizes[wanted] + base)
        ends.append(value_ends[wanted] + base)
        joined.append(block)
        base += len(block)
    begins, ends = np.concatenate(begins), np.concatenate(ends)
    lengths = ends - begins
    data = np.frombuffer(b"".join(joined), dtype=np.uint8)[_runs(begins, lengths)]
    last = data < 0x80  # the last byte of each number
    numbers_before = np.concatenate(([0], np.cumsum(last)))
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    counts = numbers_before[bounds[1:]] - numbers_before[bounds[:-1]]
    if last.all():  # every gap under 128: each byte is one
        return counts, data.astype(np.int64)
    number = numbers_before[:-1]  # the number each byte belongs to
    starts = np.concatenate(([0], np.flatnonzero(last)[:-1] + 1))
    shifted = (data & 0x7F).astype(np.int64) << (7 * (np.arange(len(data)) - starts[number]))
    return counts, np.add.reduceat(shifted, starts) if len(starts) else shifted


def _runs(begins, lengths):
    """The indexes ``begins[i]``, ``begins[i] + 1`` … ``lengths[i]`` of them, of every run end to end."""
    return np.repeat(begins - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def _sizes(block, count):
    """(the varint sizes of a packed block's ``count`` values, where the values start)."""
    if block[:count].isascii():  # every value under 128 bytes: each size is one byte
        return np.frombuffer(block, dtype=np.uint8, count=count).astype(np.int64), count
    sizes, at = [], 0
    while len(sizes) < count:
        size, shift = 0, 0
        while block[at] & 0x80:
            size |= (block[at] & 0x7F) << shift
            shift += 7
            at += 1
        sizes.append(size | block[at] << shift)
        at += 1
    return np.array(sizes, dtype=np.int64), at


def _split(block, count):
    """The ``count`` values of a packed block: their varint sizes, then the values end to end."""
    sizes, at = _sizes(block, count)
    ends = list(accumulate(sizes.tolist(), initial=at))
    return tuple(block[start:end] for start, end in zip(ends, ends[1:], strict=False))


_original_mini_values = W3PostingsWriter._mini_values
_original_read_values = W3LeafMatcher._read_values


def install():
    W3PostingsWriter._mini_values = _mini_values
    W3LeafMatcher._read_values = _read_values
