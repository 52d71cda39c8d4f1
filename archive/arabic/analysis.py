"""The one analysis pipeline: text in, index (or query) terms out.

normalize → tokenize → stop words → variants → light stem. The Whoosh
analyzer, the PostgreSQL engine's document vectors and queries, the
highlighter and the related-articles lookup all call :func:`analyze`, so a
word is reduced the same way wherever it is matched.

Every non-stop word yields its *surface* term (the normalized word, with
press variants folded) and, when different, its *stem* term at the same
position and with the same character offsets. An exactly spelled word thus
matches the surface term of the documents that contain it, and the stem
term of those with another inflection: exact matches rank first. Stop words
(decided on the word as written: :mod:`.stopwords`) yield nothing (unless
kept) but still use up their position.
"""

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from .stem import is_arabic, prefix_steps, strip_suffixes
from .stopwords import stop_test
from .tokenize import tokenize
from .variants import VariantTable, get_table

__all__ = ["Term", "SURFACE", "STEM", "analyze", "analyze_word", "query_terms"]

SURFACE = "surface"
STEM = "stem"


class Term(NamedTuple):
    """One index term: its text, position and span in the original text."""

    text: str
    position: int
    start: int
    end: int
    kind: str  # SURFACE or STEM


def analyze_word(word: str, table: VariantTable | None = None) -> tuple:
    """Return (surface, stems) for one normalized word; stems is a tuple.

    Tries the word and each form left by peeling a prefix (و, ال, بال, ب
    ...) against the variant table, directly and after suffix stripping;
    the first hit folds the word. Otherwise the stems are light10's for
    every reading of the word's prefixes (see :func:`_light_stems`).
    """
    table = get_table() if table is None else table
    return _analyze_word(word, table, table.version)


@lru_cache(maxsize=200_000)
def _analyze_word(word: str, table: VariantTable, version: int) -> tuple:
    """Cached body of :func:`analyze_word` (``version`` keys the cache)."""
    if not is_arabic(word):
        hit = table.lookup(word)
        return (hit[0], (hit[0],)) if hit else (word, (word,))
    steps = prefix_steps(word)
    for step in steps:
        prefix = word[:len(word) - len(step)]
        hit = table.lookup(step)
        if hit:
            return prefix + hit[0], (hit[1],)
        base = strip_suffixes(step)
        if base != step:
            hit = table.lookup(base)
            canonical = hit[0] if hit else table.lookup_stem(base)
            if canonical:
                return prefix + canonical + step[len(base):], (hit[1] if hit else canonical,)
    return word, _light_stems(steps)


def _light_stems(steps: list) -> tuple:
    """The light stem of each reading of a word's first letters.

    A first و, ب, ك, ل or ف may be a conjunction or preposition (وبشركات,
    فتيات's neighbour بفتيات) or part of the word (وحشي, فتيات). Light10
    must pick one reading, and picks wrong often enough that a reader's
    وبشركات misses بشركات. Every reading yields a stem instead; the two
    spellings then share one. An article (ال, بال, لل ...) is always
    peeled: a word that merely starts with ال is rare.
    """
    readings = steps[-1:] if _peeled_article(steps) else steps
    return tuple(dict.fromkeys(strip_suffixes(reading) for reading in reversed(readings)))


def _peeled_article(steps: list) -> bool:
    """Tell whether the last peel removed an article (two letters or more)."""
    return len(steps) > 1 and len(steps[-2]) - len(steps[-1]) >= 2


def analyze(text: str, table: VariantTable | None = None, *,
            removestops: bool = True, stems: bool = True,
            start_pos: int = 0) -> Iterator[Term]:
    """Yield the terms of ``text`` in order.

    Surface terms come before the stem term of the same word. With
    ``removestops=False`` stop words are yielded as surface terms; with
    ``stems=False`` no stem terms are yielded. The variant table defaults
    to the process-wide one, looked up at call time.
    """
    table = get_table() if table is None else table
    stopped = stop_test(text)
    for token in tokenize(text, start_pos):
        if stopped(token):
            if not removestops:
                yield Term(token.text, token.position, token.start, token.end, SURFACE)
            continue
        surface, word_stems = _analyze_word(token.text, table, table.version)
        yield Term(surface, token.position, token.start, token.end, SURFACE)
        if stems:
            for stem in word_stems:
                if stem != surface:
                    yield Term(stem, token.position, token.start, token.end, STEM)


def query_terms(query, table: VariantTable | None = None) -> frozenset:
    """Return the set of term texts (surfaces and stems) of a query.

    ``query`` is a string, or an iterable of words or of :class:`Term`.
    """
    if isinstance(query, str):
        query = [query]
    texts = set()
    for item in query:
        if isinstance(item, Term):
            texts.add(item.text)
        else:
            texts.update(t.text for t in analyze(item, table))
    return frozenset(texts)
