"""Field lengths read once per field when Whoosh writes a segment's postings, not once per posting.

Writing a segment, Whoosh 2.7.4 asks the length of the posting's field in
its document for every posting (to keep each block's shortest and longest
length), and each answer goes through the per-document reader's column
lookup: a tenth of an index build's time. :class:`SegmentLengths` reads each
field's length column into a list once, and answers exactly as Whoosh's
reader does (the length the byte stands for, None where the byte is 0), so
the segment written is the same.

:func:`install` swaps it in where ``SegmentWriter`` flushes a segment (the
writer of every index write, and of each process of a rebuild's
multiprocessing writer). It is called once, when the engine is imported.
"""
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_LENGTH_OF_BYTE = [byte_to_length(byte) if byte else None for byte in range(256)]


class SegmentLengths:
    """``doc_field_length`` of a per-document reader, from lists read once per field."""

    def __init__(self, reader):
        self._reader = reader
        self._fields = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._fields.get(fieldname)
        if lengths is None:
            lengths = self._fields[fieldname] = self._read(fieldname, default)
        return lengths[docnum] if docnum < len(lengths) else default

    def _read(self, fieldname, default):
        reader = self._reader
        column = _lenfield(fieldname)
        if not reader.has_column(column):
            return _Always(default)
        return [_LENGTH_OF_BYTE[byte] for byte in reader.column_reader(column, LENGTHS_COLUMN)]


class _Always:
    """Every document's length is ``value`` (a field without a length column)."""

    def __init__(self, value):
        self.value = value

    def __len__(self):
        return 1 << 62

    def __getitem__(self, docnum):
        return self.value


def _flush_segment(self):
    """``SegmentWriter._flush_segment`` (Whoosh 2.7.4) with the lengths read through ``SegmentLengths``."""
    self.perdocwriter.close()
    reader = self.per_document_reader() if self.codec.length_stats else None
    lengths = SegmentLengths(reader) if reader is not None else None
    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if reader:
        reader.close()


def install():
    SegmentWriter._flush_segment = _flush_segment
