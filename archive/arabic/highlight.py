"""Highlighting and snippets that agree with the search.

A result page must light up exactly the words that made a document match.
The text is run through the same analysis as the index, a word is marked
when its surface or stem term is one of the query's terms, and the marks
are placed on the original characters: a query without diacritics marks
the vocalized word whole, ة/ه and أ/ا match, and قال never lights up the
inside of مقال (whole words only).

Everything from the article is HTML-escaped before ``<mark>`` tags are
added, so the output can be rendered as is (``|safe``) and nothing from an
article or a query is ever rendered as HTML.
"""

import html
import re
from bisect import bisect_right
from operator import itemgetter

from .analysis import analyze_word, analyzed_token, known_words, query_terms
from .normalize import in_step, normalize
from .stopwords import decided_by_context, stop_test
from .tokenize import Token, is_plain, normalized_words, split_word, words
from .variants import VariantTable, get_table

__all__ = ["Highlighter", "match_spans", "highlight", "snippet"]

_SPACES = re.compile(r"\s+")
ELLIPSIS = "…"
PASSAGE_CHARS = 120
# A word's verdict (``Highlighter._verdict``) when it is judged where it stands.
IN_PLACE = "in place"
# Up to this many pieces a query's words can be found by, each is looked for alone (``_Pieces``).
INSIDE_TESTS = 12


class Highlighter:
    """The marks of one query, for every text of a results page.

    The query is analysed once; each distinct word of the page's texts once
    (its verdict kept for the page), looked up among the words the process
    has analysed (:func:`analysis.known_words`):
    the per-word analysis was most of a search's time. A word that holds
    none of the query's terms, nor a spelling the variant table folds into
    one, cannot match and is not analysed at all: a process that has not
    yet seen most of an archive's words spent 80 ms a results page
    analysing them. A word whose stop-word status depends on
    where it stands (:func:`stopwords.decided_by_context`) and a span that
    is not one plain word are judged where they stand, every time.
    """

    def __init__(self, query, table: VariantTable | None = None):
        self.table = get_table() if table is None else table
        self.wanted = query_terms(query, self.table)
        self._pieces = _Pieces(self.wanted | self.table.forms_folded_into(self.wanted))
        self._verdicts = {}  # {normalized word: its _verdict}, for every text of the page

    def spans(self, text: str, reach: int | None = None) -> list:
        """Return sorted (start, end) spans of the words of ``text`` that match.

        The text is read a passage at a time (cut at white space, which no
        word holds), and a passage whose normalized text holds none of the
        pieces a match needs is not split into words at all: splitting was
        most of a snippet's cost, and the query's words are in few passages.
        With ``reach``, the passages starting more than ``reach`` characters
        after the first match are not read at all.
        """
        if not self.wanted:
            return []
        stopped = stop_test(text)
        found = []
        for start, end in _passages(text):
            if found and reach is not None and start > found[0][0] + reach:
                break
            passage = normalize(text[start:end])
            if self._pieces.inside(passage):
                found.extend(self._spans_in(text, start, end, stopped, passage))
        return found

    def _spans_in(self, text: str, start: int, end: int, stopped, normalized: str) -> list:
        """The spans that match among the words of ``text[start:end]`` (offsets in ``text``; ``normalized``:
        that passage normalized).

        Only the words holding one of the pieces can match (:meth:`_verdict`): where the passage is
        normalized a character for a character (:func:`normalize.in_step`), the words where the pieces are
        found are the only ones judged (a passage has about twenty words, and one or two hold a piece).
        """
        passage = text[start:end]
        if in_step(passage, normalized):
            spans = words(passage)
            held = {bisect_right(spans, at, key=itemgetter(0)) - 1 for at in self._pieces.starts(normalized)}
            spans = [spans[word] for word in sorted(held - {-1})]
            norms = [normalized[first:last] for first, last in spans]
        else:
            spans, norms = normalized_words(passage)
        verdicts, found = self._verdicts, []
        for (first, last), norm in zip(spans, norms, strict=True):
            verdict = verdicts.get(norm)
            if verdict is None:
                verdict = verdicts[norm] = self._verdict(norm, stopped)
            if verdict is True:
                found.append((first + start, last + start))
            elif verdict is IN_PLACE:
                first, last = first + start, last + start
                pieces = [(norm, first, last)] if is_plain(norm) else split_word(text, first, last)
                found.extend((a, b) for word, a, b in pieces if self._matches(Token(word, a, b, 0), stopped))
        return found

    def _verdict(self, norm, stopped):
        """Whether a word (normalized) matches wherever it stands (True, False), or ``IN_PLACE``: judged where it
        stands, every time."""
        if not self._pieces.inside(norm) and is_plain(norm):
            return False  # no query term can come out of its analysis (VariantTable.forms_folded_into)
        analysed = known_words(self.table).get(norm, False)
        if analysed is False:
            if not is_plain(norm) or decided_by_context(norm):
                return IN_PLACE
            # Away from context, a word is a stop word by its spelling alone.
            analysed = analyzed_token(Token(norm, 0, 0, 0), stopped, self.table)
        return bool(analysed) and (analysed[0] in self.wanted or not self.wanted.isdisjoint(analysed[1]))

    def _matches(self, token, stopped) -> bool:
        if stopped(token):
            return False
        surface, stems = analyze_word(token.text, self.table)
        return surface in self.wanted or not self.wanted.isdisjoint(stems)

    def highlight(self, text: str) -> str:
        """Return ``text`` HTML-escaped, with matching words in ``<mark>``."""
        return _render(text, self.spans(text), 0, len(text), False)

    def snippet(self, text: str, width: int = 200, first: bool = False) -> str:
        """Return the best ~``width``-character window of ``text``, escaped.

        The window holds the densest run of matching words, marked; it starts
        and ends on word boundaries, with "…" where text was cut and whitespace
        collapsed. Without a match it is the start of the text. With
        ``first``, the densest run among those within ``width`` of the first
        match: the text after them is never analysed (a results page's
        twenty bodies were read whole, for the densest run anywhere, in about
        a fifth of a search's time).
        """
        spans = self.spans(text, reach=width if first else None)
        if spans:
            first, last = _best_window(spans, width)
            spans = spans[first:last + 1]
            start, end = _widen(text, spans[0][0], spans[-1][1], width)
        else:
            start, end = _widen(text, 0, 0, width)
        body = _render(text, spans, start, end, True).strip()
        return ((ELLIPSIS if start > 0 else "") + body
                + (ELLIPSIS if end < len(text) else ""))


def _passages(text: str):
    """(start, end) of pieces of ``text`` about ``PASSAGE_CHARS`` long, cut where white space starts."""
    start = 0
    while start < len(text):
        space = _SPACES.search(text, start + PASSAGE_CHARS)
        end = space.start() if space else len(text)
        yield start, end
        start = end


class _Pieces:
    """The pieces a match needs (a query's terms and the forms that fold into them), looked for inside texts.

    Up to ``INSIDE_TESTS`` pieces (a query's words and their forms: three for
    most queries), each is looked for with ``in`` and ``str.find``: a regular
    expression of them is compiled anew for every search (140 µs for three
    pieces, a tenth of highlighting a page) and then reads a passage twice as
    slowly as the ``in`` tests do. More pieces, one regular expression: the
    tests would cost more than its compiling.
    """

    def __init__(self, pieces):
        self.pieces = tuple(pieces)
        self._pattern = re.compile("|".join(re.escape(piece) for piece in sorted(pieces, key=len, reverse=True))) \
            if len(self.pieces) > INSIDE_TESTS else None

    def inside(self, text: str) -> bool:
        if self._pattern is not None:
            return self._pattern.search(text) is not None
        for piece in self.pieces:
            if piece in text:
                return True
        return False

    def starts(self, text: str) -> list:
        """Where pieces start in ``text``: one at least in each word that holds one (a piece has no white space
        or punctuation, so it never runs from one word into the next)."""
        if self._pattern is not None:
            return [match.start() for match in self._pattern.finditer(text)]
        found = []
        for piece in self.pieces:
            at = text.find(piece)
            while at >= 0:
                found.append(at)
                at = text.find(piece, at + len(piece))
        return found


def match_spans(text: str, query, table: VariantTable | None = None) -> list:
    """Return sorted (start, end) spans of the words of ``text`` that match.

    ``query`` is a query string, a list of words or a list of analysis
    ``Term`` objects; a word matches when its surface or stem is one of
    the query's terms.
    """
    return Highlighter(query, table).spans(text)


def _render(text: str, spans: list, start: int, end: int, squash: bool) -> str:
    """Escape ``text[start:end]`` and wrap ``spans`` (inside it) in marks."""
    clean = _squashed if squash else (lambda s: s)
    out, cursor = [], start
    for a, b in spans:
        out.append(html.escape(clean(text[cursor:a])))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        cursor = b
    out.append(html.escape(clean(text[cursor:end])))
    return "".join(out)


def _squashed(text: str) -> str:
    """``text`` with each run of white space made one space: ``_SPACES.sub(" ", text)``, by ``str.split``,
    which cuts where ``\\s`` matches (``str.isspace``), in about a third of the time (a tenth of a snippet's)."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def highlight(text: str, query, table: VariantTable | None = None) -> str:
    """Return ``text`` HTML-escaped, with matching words in ``<mark>``."""
    return Highlighter(query, table).highlight(text)


def _best_window(spans: list, width: int) -> tuple:
    """Return (first, last) indexes of the densest run of spans in ``width``."""
    best, best_count, last = (0, 0), 0, 0
    for first, (start, _) in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - start <= width:
            last += 1
        if last - first + 1 > best_count:
            best, best_count = (first, last), last - first + 1
    return best


def _widen(text: str, start: int, end: int, width: int) -> tuple:
    """Grow [start, end) to about ``width`` chars, centred, cut at spaces.

    The cuts never move inside [start, end), so marked words stay whole.
    """
    spare = max(0, width - (end - start))
    left = max(0, start - spare // 2)
    right = min(len(text), max(end, left + width))
    left = max(0, min(left, right - width))
    if left > 0:
        space = _SPACES.search(text, left, start)
        left = space.end() if space else left
    if right < len(text):
        right = _last_spaces(text, end, right)
    return left, right


def _last_spaces(text: str, start: int, end: int) -> int:
    """Where the last run of white space in ``text[start:end]`` begins (``end`` when there is none).

    Read backwards from ``end``: over the last word, then the spaces before it. Every run of the window
    found by a regular expression (about 40 a snippet) was a tenth of a snippet's time. ``str.isspace``
    is the test ``\\s`` makes.
    """
    at = end
    while at > start and not text[at - 1].isspace():
        at -= 1
    if at == start:
        return end
    while at > start and text[at - 1].isspace():
        at -= 1
    return at


def snippet(text: str, query, width: int = 200,
            table: VariantTable | None = None) -> str:
    """Return the best ~``width``-character window of ``text`` (:meth:`Highlighter.snippet`)."""
    return Highlighter(query, table).snippet(text, width)
