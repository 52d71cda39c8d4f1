"""The yardstick of bench/speed.py: plain Whoosh with a light10 analysis, nothing else.

What a developer would build in an afternoon with the same engine: a
title/body schema, Whoosh's ``RegexTokenizer`` (marks kept inside words),
one filter that folds the usual letter variants and peels light10's
prefixes and suffixes (Larkey et al.), one writer, one commit. The archive
should beat it or come near; it must not import ``archive.arabic``, or it
would stop being an independent reference.

The filter lives at module level because Whoosh pickles the schema into
the index.
"""
import re
import time
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.qparser import MultifieldParser

MARK_RANGES = "\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed"  # harakat, Quranic signs, tatweel
MARKS = re.compile(f"[{MARK_RANGES}]")
FOLD = str.maketrans("أإآٱىةؤئ", "اااايهوي")
PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # ية and ة: folded to يه and ه first


def light10(word):
    """Larkey's light10: و when 3 letters stay, one article when 2 stay, then suffixes while 2 stay."""
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
    word = next((word[len(p):] for p in PREFIXES if word.startswith(p) and len(word) - len(p) > 1), word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) > 1:
            word = word[:-len(suffix)]
    return word


class Light10Filter(Filter):
    """Strip marks and tatweel, fold hamza/alef maqsura/ta marbuta, lowercase, stem."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = light10(MARKS.sub("", token.text).translate(FOLD).lower())
            if token.text:
                yield token


def analyzer():
    return RegexTokenizer(rf"[\w{MARK_RANGES}]+") | Light10Filter()


def schema():
    return fields.Schema(pk=fields.ID(stored=True, unique=True),
                         title=fields.TEXT(analyzer=analyzer()), body=fields.TEXT(analyzer=analyzer()))


def build(folder, articles):
    """Index ``(pk, title, body)`` rows in ``folder`` with one writer and one commit; return (count, seconds)."""
    started = time.perf_counter()
    writer = index.create_in(folder, schema()).writer()
    count = 0
    for pk, title, body in articles:
        writer.add_document(pk=str(pk), title=title, body=body)
        count += 1
    writer.commit()
    return count, time.perf_counter() - started


def search_times(folder, queries):
    """Milliseconds of each query over title and body, through one kept searcher (its best case)."""
    ix = index.open_dir(folder)
    parser = MultifieldParser(["title", "body"], ix.schema)
    timings = []
    with ix.searcher() as searcher:
        for text in queries:
            started = time.perf_counter()
            searcher.search(parser.parse(text), limit=20)
            timings.append(1000 * (time.perf_counter() - started))
    return timings


def folder_mb(folder):
    """Size on disk of an index folder, or of the one it links to (the archive swaps a link on rebuild)."""
    return round(sum(f.stat().st_size for f in Path(folder).resolve().rglob("*") if f.is_file()) / 2**20, 1)
