""""Did you mean": a better spelling of a query that finds little, taken from the index's own words.

Only words the index does not know are replaced, each by the nearest word
it does know (edit distance two at most, Whoosh's corrector), and the
suggestion is offered only if it really finds more articles.
"""
from dataclasses import replace

from haystack import connections

from archive.arabic.stopwords import is_stopword
from archive.arabic.tokenize import tokenize

FEW_RESULTS = 3
FIELD = "text"


def better_spelling(request, results):
    """A re-spelled query string that finds more than ``results``, or None."""
    from archive.search.archive_search import search_archive

    if results.total >= FEW_RESULTS or not request.q.strip():
        return None
    corrected = _corrected(request.q)
    if corrected is None:
        return None
    better = search_archive(replace(request, q=corrected, page=1, page_size=1))
    return corrected if better.total > results.total else None


def _corrected(query):
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    pieces, cursor, changed = [], 0, False
    with backend.index.refresh().searcher() as searcher:
        corrector = searcher.corrector(FIELD)
        for token in tokenize(query[:500]):
            if is_stopword(token.text) or len(token.text) < 3 or searcher.doc_frequency(FIELD, token.text):
                continue
            suggestions = corrector.suggest(token.text, limit=1, maxdist=2, prefix=1)
            if suggestions:
                pieces += [query[cursor:token.start], suggestions[0]]
                cursor, changed = token.end, True
    return "".join(pieces) + query[cursor:] if changed else None
