"""Reader for CSV with a header row; the columns are the keys of the JSON Lines records.

``title`` and ``body`` are required; a file whose header lacks one is
rejected whole, naming the missing column. A row with fewer or more cells
than the header is rejected with its line number (the line it starts on,
since a quoted cell may span lines); the other rows are still read. Tag
columns (``person``, ``place``, ``organisation``, ``topic``) hold names
separated by ``|`` or ``؛``.
"""
import csv
import io

from .records import EMPTY_FILE, Origin, Rejected, Rejection, record_from_mapping

REQUIRED = ("title", "body")
# Python's csv refuses cells over 128 KiB; long articles are longer.
CELL_LIMIT = 16 * 1024 * 1024


def read(stream, name):
    csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))
    # Bytes that are not UTF-8 survive as surrogates and reject their row only.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    rows = csv.DictReader(text)
    header = rows.fieldnames
    if not header:
        yield Rejection(Origin(name), EMPTY_FILE)
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
    try:
        return record_from_mapping(row, origin)
    except Rejected as error:
        return Rejection(origin, error.reason)
