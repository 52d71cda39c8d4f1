"""Word tokenizer that yields normalized words with offsets into the original.

Python's ``\\w`` does not match harakat, superscript alef or ZWNJ, so a plain
``\\w+`` cuts مُحَمَّدٌ into letters. Here combining marks and invisible
joiners count as part of the word they sit in; each word is then normalized,
and its start/end stay offsets into the text as written, which is what the
highlighter needs to put ``<mark>`` around the vocalized word.

A run of digits glued to Arabic letters (٢٠١٨م, بـ20) is split in two words,
so a search for 2018 finds it. Every word gets the next position, stop
words included (the analysis drops them later without renumbering).
"""

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from .normalize import DIACRITICS, JOINERS, normalize

__all__ = ["Token", "tokenize", "words", "written_words", "WRITTEN_WORD", "normalized_words", "is_plain", "split_word"]


class Token(NamedTuple):
    """A normalized word and where it sits in the original text."""

    text: str
    start: int
    end: int
    position: int


def _mask_table():
    """Map combining marks, joiners and every character that normalization
    drops (Quranic signs included) to a letter, keeping lengths."""
    codes = [*range(0x20000), *range(0xE0100, 0xE01F0)]  # where marks live
    marks = [chr(c) for c in codes if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    return str.maketrans({c: "a" for c in marks + list(JOINERS + DIACRITICS)})


_MASK = _mask_table()
_WORD = re.compile(r"[^\W_]+")
_PAST_BMP = re.compile("[\U00010000-\U0010ffff]")


def _written_word_pattern():
    """``_WORD`` as it matches masked text, as a pattern for the text as written: the characters of the
    Basic Multilingual Plane that are a word's once masked (letters, digits, marks, joiners), in one class
    (a bitmap to the regular expression engine, as fast as ``_WORD``)."""
    masked = "".join(map(chr, range(0x10000))).translate(_MASK)
    ranges = [(a, b - 1) for a, b in (m.span() for m in _WORD.finditer(masked))]
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]+")


WRITTEN_WORD = _written_word_pattern()
_PLAIN = re.compile(r"[^\W\d_]+|\d+")
_MIXED = re.compile(r"[0-9][\u0621-\u064a]|[\u0621-\u064a][0-9]")
_DIGITS_OR_NOT = re.compile(r"[0-9]+|[^0-9]+")


def words(text: str) -> list:
    """Return the (start, end) spans of the words of ``text`` (marks inside).

    A text within the Basic Multilingual Plane (nearly all) is read by
    ``WRITTEN_WORD`` as it is, without masking it first: ``str.translate``
    takes about 90 ns a character, a tenth of highlighting a page. Whether
    a character lies past it is asked of a regular expression: ``max(text)``
    made a string of every character.
    """
    if _PAST_BMP.search(text):
        return [m.span() for m in _WORD.finditer(text.translate(_MASK))]
    return [m.span() for m in WRITTEN_WORD.finditer(text)]


def written_words(text: str) -> list:
    """The words of ``text`` as written: ``text[start:end]`` for each span of :func:`words`.

    One regular expression over the text as it is, where :func:`words` masks
    it first and makes a span per word: a fifth of the time. Text with
    characters past the Basic Multilingual Plane (their UTF-16 is longer
    than two bytes a character; rare) takes :func:`words`.
    """
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
        return [text[start:end] for start, end in words(text)]
    return WRITTEN_WORD.findall(text)


def _pieces(word: str) -> list:
    """Split a normalized word where digits meet Arabic letters."""
    if not _MIXED.search(word):
        return [(0, len(word))]
    return [m.span() for m in _DIGITS_OR_NOT.finditer(word)]


def _char_map(original: str) -> tuple:
    """Normalize ``original`` char cluster by char cluster.

    Returns the normalized string and, for each of its characters, the
    (start, end) in ``original`` of the cluster it came from; dropped marks
    extend the span of the character before them.
    """
    out, spans = [], []
    for start, end in _clusters(original):
        piece = normalize(original[start:end])
        if piece:
            out.append(piece)
            spans.extend([(start, end)] * len(piece))
        elif spans:
            spans[-1] = (spans[-1][0], end)
    return "".join(out), spans


def _clusters(text: str) -> Iterator[tuple]:
    """Yield (start, end) of each base character with its combining marks."""
    start = 0
    for i in range(1, len(text)):
        if not unicodedata.combining(text[i]):
            yield start, i
            start = i
    if text:
        yield start, len(text)


def split_word(text: str, start: int, end: int) -> Iterator[tuple]:
    """Yield (word, start, end) for the words of a span that is not one plain word."""
    norm, spans = _char_map(text[start:end])
    for a, b in words(norm):
        for c, d in _pieces(norm[a:b]):
            yield norm[a + c:a + d], start + spans[a + c][0], start + spans[a + d - 1][1]


def normalized_words(text: str) -> tuple:
    """Return the (start, end) spans of ``text``'s words and each span normalized.

    All spans are normalized in one call (joined by newlines, which no span
    contains and normalization never creates). A normalized span that is
    not one plain word (:func:`is_plain`) holds several words or none:
    :func:`split_word` reads it. (Where ``normalize(text)`` has a character
    for each of the text's, :func:`normalize.in_step`, the same forms are
    cut from it: the highlighter does so.)
    """
    spans = words(text)
    if not spans:
        return spans, []
    return spans, normalize("\n".join([text[start:end] for start, end in spans])).split("\n")


def is_plain(norm: str) -> bool:
    """Tell whether a normalized span is one word: letters only, or digits only.

    Letters (``str.isalpha``) or decimal digits (``str.isdecimal``, which is
    ``\\d``) alone are ``_PLAIN``'s without the regular expression: nearly
    every word is, and the highlighter asks of each distinct word of a
    passage. Anything else (other numerals, marks, an empty span) is asked
    of ``_PLAIN``.
    """
    return norm.isalpha() or norm.isdecimal() or _PLAIN.fullmatch(norm) is not None


def tokenize(text: str, start_pos: int = 0) -> Iterator[Token]:
    """Yield the normalized words of ``text`` with offsets and positions.

    ``start``/``end`` index the original ``text``; positions count from
    ``start_pos`` and advance by one per word. Only spans that are not one
    plain word take the slow, character-mapped path.
    """
    spans, norms = normalized_words(text)
    position = start_pos
    for (start, end), norm in zip(spans, norms, strict=False):
        if _PLAIN.fullmatch(norm):
            yield Token(norm, start, end, position)
            position += 1
            continue
        for word, a, b in split_word(text, start, end):
            yield Token(word, a, b, position)
            position += 1
