"""The editors' search: the admin's search box asks the engine, as readers do, and sees every article.

Django's admin search is ``icontains`` over columns: it knows nothing of
diacritics, letter variants (امريكا / أمريكا), stems or tag aliases, and
scans every body (seconds on thousands of articles). Here the editor's
words are parsed and analyzed exactly as the public search does
(:func:`archive.search.syntax.parse_query`, the same engine), with
``audience=STAFF``: drafts and scheduled articles are found too, and for
published ones the matches are those a reader's search counts.
"""
from archive.search import engine
from archive.search.engine import outbox
from archive.search.syntax import parse_query

# Enough for any list an editor pages through; a word found in more is better narrowed with the filters.
MAX_MATCHES = 30_000


def staff_matches(text):
    """Primary keys of every article ``text`` finds, best first; None when it has nothing to search for."""
    outbox.retry_if_due()  # as a reader's search does: an index write that failed is retried
    parsed = parse_query(text)
    if not parsed.searchable:
        return None
    query = engine.EngineQuery(clauses=tuple(parsed.clauses), limit=MAX_MATCHES, facets=False,
                               audience=engine.STAFF)
    return [hit.pk for hit in engine.search(query).hits]
