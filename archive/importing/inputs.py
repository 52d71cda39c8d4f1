"""Which files to read, in which format, and reading them with progress.

A path is a file or a folder (read recursively, in name order, files of
known formats only). The format comes from the name — ``.txt`` text,
``.jsonl``/``.ndjson``/``.json`` JSON Lines, ``.csv``, ``.xml``/``.rss``/
``.atom`` feeds — after a ``.gz`` or ``.xz`` suffix, which is decompressed
on the fly; ``--format`` names it for every file instead. Progress is
counted in bytes of the files as stored, the only total known before
reading. Every reader reads within :class:`~.limits.Limits`.
"""
import gzip
import lzma
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import csvfiles, feeds, jsonlines, textfiles
from .limits import Limits
from .records import Origin, Rejection

READERS = {"text": textfiles.read, "jsonl": jsonlines.read, "csv": csvfiles.read, "feed": feeds.read}
EXTENSIONS = {
    ".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
DECOMPRESS = {".gz": lambda raw: gzip.GzipFile(fileobj=raw), ".xz": lzma.LZMAFile}
# What a damaged or mislabelled compressed file raises while it is read.
BROKEN_FILE = (OSError, EOFError, lzma.LZMAError, zlib.error)


@dataclass(frozen=True)
class Input:
    path: Path
    format: str | None  # None: unknown, the file is rejected
    name: str  # as reports show it
    compression: str = ""

    @classmethod
    def of(cls, path, format=None, name=None):
        path = Path(path)
        suffixes = [suffix.lower() for suffix in path.suffixes[-2:]]
        compression = suffixes.pop() if suffixes and suffixes[-1] in DECOMPRESS else ""
        guessed = EXTENSIONS.get(suffixes[-1]) if suffixes else None
        return cls(path, format or guessed, name or str(path), compression)

    @property
    def size(self):
        return self.path.stat().st_size if self.path.is_file() else 0

    def problem(self):
        """Why this input cannot be read at all, or None."""
        if not self.path.is_file():
            return "لا يوجد ملف بهذا الاسم."
        if self.format is None:
            return f"صيغة الملف غير معروفة من امتداده؛ سمِّها بـ --format ({'، '.join(READERS)})."
        return None


def find_inputs(paths, format=None):
    """The files to read under ``paths``; a folder gives its files of known formats."""
    inputs = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            inputs += [item for item in (Input.of(p, format) for p in files) if item.format]
        else:
            inputs.append(Input.of(path, format))
    return inputs


def read_inputs(inputs, progress=None, limits=None):
    """Yield the records and rejections of every input; ``progress(n)`` hears of ``n`` more bytes read.

    Past ``limits.records`` results in one file, the rest of it is left with a rejection that says so.
    """
    limits = limits or Limits.for_command()
    for item in inputs:
        problem = item.problem()
        if problem:
            yield Rejection(Origin(item.name), problem)
            continue
        with open(item.path, "rb") as raw:
            done = 0
            for count, result in enumerate(_read(item, raw, limits), 1):
                if limits.records is not None and count > limits.records:
                    yield Rejection(Origin(item.name), f"توقفت القراءة بعد {limits.records:,} سجل، "
                                                       "وهو الحد للملف الواحد؛ قسّمه على عدة ملفات.")
                    break
                yield result
                if progress:
                    progress(raw.tell() - done)
                    done = raw.tell()
        if progress:
            progress(max(item.size - done, 0))


def too_large(item, limits):
    """Why ``item`` is past ``limits`` (read once, decompressed, nothing kept), or None."""
    try:
        with decompressed(item) as stream:
            return limits.problem(item, stream)
    except BROKEN_FILE as error:
        return f"تعذّرت قراءة الملف: {error}."


@contextmanager
def decompressed(item):
    with open(item.path, "rb") as raw:
        yield _decompress(item, raw)


def _decompress(item, raw):
    return DECOMPRESS[item.compression](raw) if item.compression else raw


def _read(item, raw, limits):
    try:
        yield from READERS[item.format](_decompress(item, raw), item.name, limits)
    except BROKEN_FILE as error:
        yield Rejection(Origin(item.name), f"تعذّرت قراءة الملف (أو بقيته): {error}.")
