"""Articles most alike an article: by its rarest words and by the tags they share.

Whoosh's ``more_like`` needs stored text or term vectors, which would double
the index; instead the article's own title and opening are analyzed as the
index analyzes them, the rarest of its words (by document frequency) and its
tags make an OR query, and the engine's BM25 ranks the rest.
"""
from archive.arabic.analysis import SURFACE, analyze
from archive.models import Article
from archive.search import engine

KEY_WORDS = 12
OPENING_CHARS = 1500


def related_articles(article, limit=5):
    words = _key_words(f"{article.title}\n{article.lead}\n{article.body[:OPENING_CHARS]}")
    pks = engine.more_like(article, words, limit)
    found = Article.objects.select_related("source").published_in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


def _key_words(text):
    """The text's surface words the index knows, rarest first."""
    words = {term.text for term in analyze(text) if term.kind == SURFACE and len(term.text) > 2}
    known = [(frequency, word) for word, frequency in engine.doc_frequencies(words).items()]
    return [word for frequency, word in sorted(known) if frequency > 1][:KEY_WORDS]
