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
from .stopwords import decided_by_context, stop_test
from .tokenize import Token, is_plain, normalized_words, split_word
from .variants import VariantTable, get_table

__all__ = ["Term", "SURFACE", "STEM", "analyze", "analyze_word", "analysed_words", "analyzed_token", "known_words",
           "query_terms"]

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
    for word, position, start, end, text_ in analysed_words(text, table, start_pos):
        if word is None:
            if not removestops:
                yield Term(text_, position, start, end, SURFACE)
            continue
        surface, word_stems = word
        yield Term(surface, position, start, end, SURFACE)
        if stems:
            for stem in word_stems:
                if stem != surface:
                    yield Term(stem, position, start, end, STEM)


def analysed_words(text: str, table: VariantTable | None = None, start_pos: int = 0) -> Iterator[tuple]:
    """Yield (analysis, position, start, end, normalized word) for the words of ``text``, as
    :func:`tokenize` reads them; the analysis is (surface, stems), or None for a stop word.

    The loop of :func:`tokenize`, with a look-up of the words already
    analysed first: an index build spent more time making a token and a
    term per word than analysing them.
    """
    table = get_table() if table is None else table
    stopped, known = stop_test(text), known_words(table)
    spans, norms = normalized_words(text)
    position = start_pos
    for (start, end), norm in zip(spans, norms, strict=False):
        word = known.get(norm, False)
        if word is not False:  # only plain words are kept there
            yield word, position, start, end, norm
            position += 1
        elif is_plain(norm):
            yield analyzed_token(Token(norm, start, end, position), stopped, table), position, start, end, norm
            position += 1
        else:
            for piece, a, b in split_word(text, start, end):
                yield analyzed_token(Token(piece, a, b, position), stopped, table), position, a, b, piece
                position += 1


# Words analysed by this process: {normalized word: (surface, stems), or None for a stop word}, for one
# variant table. An article's words are mostly words seen before: one look-up replaces the stop-word
# test and the cached analysis's call (a quarter of an index build was analysis). Emptied past this
# many words (tens of megabytes at most).
KNOWN_WORDS = 200_000
_known = {"table": None, "version": None, "words": {}}


def known_words(table: VariantTable) -> dict:
    """The words this process has analysed with ``table`` (see :func:`analyzed_token`)."""
    if _known["table"] is not table or _known["version"] != table.version or len(_known["words"]) > KNOWN_WORDS:
        _known.update(table=table, version=table.version, words={})
    return _known["words"]


def analyzed_token(token, stopped, table: VariantTable):
    """(surface, stems) of a token, None for a stop word (``stopped``: :func:`stop_test` of its text).

    Kept in :func:`known_words` when the word is plain (:func:`tokenize.is_plain`), unless it is a
    stop word in some places only, which its text decides each time.
    """
    word = None if stopped(token) else _analyze_word(token.text, table, table.version)
    if is_plain(token.text) and not decided_by_context(token.text):
        known_words(table)[token.text] = word
    return word


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
