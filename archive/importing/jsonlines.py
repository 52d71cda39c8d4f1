"""Reader for JSON Lines: one article a line, as the corpus and ``export_articles`` write them.

Each line is decoded and parsed on its own, so a line with broken JSON or
bytes that are not UTF-8 is rejected with its number and the lines around
it are still read. Lines are read bounded (:mod:`.limits`): one longer than
a record may be is rejected without ever being held in memory. Blank lines are skipped; their numbers still count, so
a reported line number is the one an editor's text editor shows.
"""
import json

from .limits import bounded_lines
from .records import EMPTY_FILE, Origin, Rejected, Rejection, record_from_mapping, undecodable


def read(stream, name, limits):
    found = False
    for number, raw in bounded_lines(stream, limits.record_bytes):
        if raw is not None and not raw.strip():
            continue
        found = True
        origin = Origin(name, number)
        if raw is None:
            yield Rejection(origin, limits.too_long_record())
            continue
        try:
            yield record_from_mapping(json.loads(raw.decode("utf-8-sig").strip()), origin)
        except UnicodeDecodeError as error:
            yield Rejection(origin, undecodable(error))
        except json.JSONDecodeError as error:
            yield Rejection(origin, f"ليس JSON صالحًا: {error.msg} (العمود {error.colno}).")
        except Rejected as error:
            yield Rejection(origin, error.reason)
    if not found:
        yield Rejection(Origin(name), EMPTY_FILE)
