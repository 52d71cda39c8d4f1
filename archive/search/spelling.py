""""Did you mean": a better spelling of a query that finds little, taken from the index's own words.

Only words the index does not know are replaced, each by the nearest word
it does know (edit distance two at most, the engine's corrector), and never
a number (2015 is not a misspelling of 2018); the suggestion is offered only if it really finds more articles, with the
same filters. It costs one count, never a second search with facets. At most ``MAX_CORRECTIONS``
words are looked up, however long the query: each lookup walks the
index's word list.
"""
from dataclasses import replace

from archive.arabic.stopwords import is_stopword
from archive.arabic.tokenize import tokenize
from archive.search import engine
from archive.search.syntax import MAX_QUERY_CHARS

FEW_RESULTS = 3
MAX_CORRECTIONS = 4


def better_spelling(request, results):
    """A re-spelled query string that finds more than ``results``, or None."""
    if results.total >= FEW_RESULTS or not request.q.strip():
        return None
    corrected = _corrected(request.q[:MAX_QUERY_CHARS])
    if corrected is None:
        return None
    from archive.search.archive_search import count_matches

    return corrected if count_matches(replace(request, q=corrected)) > results.total else None


def _corrected(query):
    pieces, cursor, lookups = [], 0, 0
    for token in tokenize(query):
        if (is_stopword(token.text) or len(token.text) < 3 or _has_digit(token.text)
                or engine.knows_word(token.text)):
            continue
        if lookups == MAX_CORRECTIONS:
            break
        lookups += 1
        suggestion = engine.correct_word(token.text)
        if suggestion:
            pieces += [query[cursor:token.start], suggestion]
            cursor = token.end
    return "".join(pieces) + query[cursor:] if pieces else None


def _has_digit(word):
    """Western or Arabic-Indic digits alike (``str.isdigit`` knows both)."""
    return any(char.isdigit() for char in word)
