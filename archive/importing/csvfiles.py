"""Reader for CSV with a header row; the columns are the keys of the JSON Lines records.

``title`` and ``body`` are required; a file whose header lacks one is
rejected whole, naming the missing column. A row with fewer or more cells
than the header is rejected with its line number (the line it starts on,
since a quoted cell may span lines); the other rows are still read. Tag
columns (``person``, ``place``, ``organisation``, ``topic``) hold names
separated by ``|`` or ``؛``.

Lines are read bounded (:mod:`.limits`): a line longer than a record may be
stops the file there, since a quoted cell may span lines and the rows after
it cannot be told apart.

Bytes that are not UTF-8 are read as lone surrogates, which nothing can
write back (a page, a terminal, the database): a header holding them rejects
the file, a cell holding them its row, and neither is quoted in the reason.
"""
import csv
import io
import re

from .limits import LineBounded, LineTooLong
from .records import EMPTY_FILE, Origin, Rejected, Rejection, record_from_mapping

REQUIRED = ("title", "body")
# Python's csv refuses cells over 128 KiB; long articles are longer.
CELL_LIMIT = 16 * 1024 * 1024
_SURROGATE = re.compile("[\udc80-\udcff]")
NOT_UTF8 = "احفظ الملف بترميز UTF-8 وأعد استيراده."


def read(stream, name, limits):
    try:
        yield from _read(stream, name, limits)
    except LineTooLong:
        stopped = "توقفت القراءة عنده: صحّح الملف وأعد استيراد ما بعده."
        yield Rejection(Origin(name), f"{limits.too_long_line()}؛ {stopped}")


def _read(stream, name, limits):
    csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))
    bounded = io.BufferedReader(LineBounded(stream, limits.record_bytes))
    text = io.TextIOWrapper(bounded, encoding="utf-8-sig", errors="surrogateescape", newline="")
    rows = csv.DictReader(text)
    header = rows.fieldnames
    if not header:
        yield Rejection(Origin(name), EMPTY_FILE)
        return
    if any(map(_undecodable, header)):
        yield Rejection(Origin(name, 1), f"الترويسة فيها بايتات ليست بترميز UTF-8؛ {NOT_UTF8}")
        return
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        yield Rejection(
            Origin(name, 1),
            f"الترويسة ينقصها العمود «{'» و«'.join(missing)}»؛ أعمدتها: {'، '.join(header)}.",
        )
        return
    yield from _rows(rows, name, len(header))


def _rows(rows, name, width):
    start = rows.line_num + 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield Rejection(Origin(name, start), f"سطر CSV غير صالح: {error}.")
        else:
            yield _record(row, Origin(name, start), width)
        start = rows.line_num + 1


def _record(row, origin, width):
    cells = width + len(row.get(None, [])) - sum(value is None for value in row.values())
    if cells != width:
        return Rejection(origin, f"في هذا السطر {cells} حقول والترويسة {width} أعمدة.")
    garbled = [column for column, value in row.items() if _undecodable(value)]
    if garbled:
        return Rejection(origin, f"في العمود «{'» و«'.join(garbled)}» بايتات ليست بترميز UTF-8؛ {NOT_UTF8}")
    try:
        return record_from_mapping(row, origin)
    except Rejected as error:
        return Rejection(origin, error.reason)


def _undecodable(text):
    """Whether ``text`` holds a byte that was not UTF-8 (a surrogate left by ``surrogateescape``)."""
    return isinstance(text, str) and _SURROGATE.search(text) is not None
