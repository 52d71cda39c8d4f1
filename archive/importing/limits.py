"""How much one file may make the archive read: an upload can be small and decompress to gigabytes.

A 1 MB ``.jsonl.gz`` of zeros is a gigabyte of one "line"; read whole it
took a web worker to 2.4 GB. So nothing is ever read whole unless it is
small: JSON Lines and CSV are read a line at a time with each line
bounded (``record_bytes``), feeds and text files (parsed whole by
feedparser and the text parser) only up to ``whole_file_bytes``.

An upload is also measured before anything is written (:meth:`Limits.problem`):
one pass decompressing a megabyte at a time that stops as soon as the file
is past ``total_bytes``, or holds more than ``records`` lines, or a CSV line
longer than a record may be — so a bomb is refused with nothing written,
not halfway through. The settings (``IMPORT_MAX_*``, README) have defaults
far above any real batch of news and far below what hurts a worker.
"""
import io
from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024
CHUNK = MB
WHOLE_FILE_FORMATS = {"feed", "text"}


def size_text(count):
    """A size as an editor reads it: «5 ميغابايت», «4 كيلوبايت»."""
    return f"{count / MB:,.0f} ميغابايت" if count >= MB else f"{count / 1024:,.0f} كيلوبايت"


class LineTooLong(Exception):
    """A line longer than a record may be, in a format that cannot skip it (CSV: a cell may span lines)."""


@dataclass(frozen=True)
class Limits:
    record_bytes: int  # one line of JSON Lines or CSV
    whole_file_bytes: int  # a feed or a text file, parsed whole
    total_bytes: int | None = None  # a file after decompression
    records: int | None = None  # records (lines) in one file

    @classmethod
    def for_uploads(cls):
        """The admin's uploads: every limit, from the settings."""
        return cls(record_bytes=settings.IMPORT_MAX_RECORD_KB * 1024,
                   whole_file_bytes=settings.IMPORT_MAX_WHOLE_FILE_MB * MB,
                   total_bytes=settings.IMPORT_MAX_MB * MB, records=settings.IMPORT_MAX_RECORDS)

    @classmethod
    def for_command(cls):
        """``import_articles``: the operator's own files, as large as they are, but still read in bounded pieces."""
        return cls(record_bytes=settings.IMPORT_MAX_RECORD_KB * 1024,
                   whole_file_bytes=settings.IMPORT_MAX_WHOLE_FILE_MB * MB)

    def too_long_record(self):
        return f"السجل أطول من الحد ({size_text(self.record_bytes)} للسجل الواحد)؛ تُرك دون قراءته."

    def too_long_line(self):
        return f"في الملف سطر أطول من الحد ({size_text(self.record_bytes)} للسجل الواحد)"

    def too_long_file(self, format):
        kind = "الموجز" if format == "feed" else "النص"
        return (f"{kind} أطول من الحد ({size_text(self.whole_file_bytes)} بعد فك الضغط)؛ "
                "قسّمه على عدة ملفات.")

    def problem(self, item, stream):
        """Why ``item`` (read from its decompressed ``stream``) is too large to import, or None.

        Reads the stream once, a megabyte at a time, and stops at the first limit passed.
        """
        whole = item.format in WHOLE_FILE_FORMATS
        most = self.whole_file_bytes if whole else self.total_bytes
        size = lines = carried = 0
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if most is not None and size > most:
                return self.too_long_file(item.format) if whole else (
                    f"الملف بعد فك ضغطه أكبر من الحد ({size_text(most)})؛ قسّمه على عدة ملفات، "
                    "أو تأكد أنه ليس ملفًا تالفًا أو مفخخًا يتضخم عند فك ضغطه.")
            if whole:
                continue
            lines += chunk.count(b"\n")
            if self.records is not None and lines > self.records:
                return f"في الملف أكثر من {self.records:,} سطر، وهو الحد للملف الواحد؛ قسّمه على عدة ملفات."
            longest, carried = _line_lengths(chunk, carried)
            if item.format == "csv" and max(longest, carried) > self.record_bytes:
                return f"{self.too_long_line()}؛ صحّح الملف وأعد رفعه."
        return None


def _line_lengths(chunk, carried):
    """(the longest line ``chunk`` ends, the length of the line it leaves open); ``carried`` bytes began it."""
    parts = chunk.split(b"\n")
    if len(parts) == 1:
        return 0, carried + len(chunk)
    return max([carried + len(parts[0]), *map(len, parts[1:-1])]), len(parts[-1])


def bounded_lines(stream, most):
    """``(number, line)`` for each line of ``stream``; a line over ``most`` bytes is ``None``, skipped unread."""
    number = 0
    while line := stream.readline(most + 1):
        number += 1
        if len(line) > most and not line.endswith(b"\n"):
            while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            line = None
        yield number, line


class LineBounded(io.RawIOBase):
    """A binary stream that raises :class:`LineTooLong` once a line runs past ``most`` bytes."""

    def __init__(self, stream, most):
        self.stream, self.most, self.since_newline = stream, most, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        first, last = data.find(b"\n"), data.rfind(b"\n")
        ended = self.since_newline + first if first >= 0 else 0
        self.since_newline = len(data) - last - 1 if last >= 0 else self.since_newline + len(data)
        if max(ended, self.since_newline) > self.most:
            raise LineTooLong
        buffer[:len(data)] = data
        return len(data)
