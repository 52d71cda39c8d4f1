"""Articles most alike an article: by its rarest words and by the tags they share.

Whoosh's ``more_like`` needs stored text or term vectors, which would double
the index; instead the article's own title and opening are analyzed as the
index analyzes them, the rarest of its words (by document frequency) and its
tags make an OR query, and the engine's BM25 ranks the rest.

An opening has a hundred-odd distinct words, and asking the index how many
articles hold each was a third of the related articles' cost (about 130
term look-ups over the index's segments). Most of them are common words that
every other article's opening asks for again, so the counts are kept for the
index generation they were read under (:class:`WordCounts`): a new
generation, made by any change to the index, starts them afresh.
"""
import threading

from archive.arabic.analysis import SURFACE, analyze
from archive.models import Article
from archive.search import engine

KEY_WORDS = 12
OPENING_CHARS = 1500
KEPT_WORDS = 100_000  # counts kept at most (a few megabytes); emptied past it
# What the article page lists of each related article (and what tells it is public): never its body.
LISTED = ("title", "published", "status", "source__name")


def related_articles(article, limit=5):
    words = _key_words(f"{article.title}\n{article.lead}\n{article.body[:OPENING_CHARS]}")
    pks = engine.more_like(article, words, limit)
    found = Article.objects.select_related("source").only(*LISTED).published_in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


def _key_words(text):
    """The text's surface words the index knows, rarest first."""
    words = {term.text for term in analyze(text, stems=False) if term.kind == SURFACE and len(term.text) > 2}
    known = [(frequency, word) for word, frequency in word_counts.frequencies(words).items()]
    return [word for frequency, word in sorted(known) if frequency > 1][:KEY_WORDS]


class WordCounts:
    """How many articles of the index hold each word, kept while the index's generation stays the same."""

    def __init__(self):
        self._lock = threading.Lock()
        self._generation = None
        self._counts = {}

    def frequencies(self, words):
        """{word: number of documents with it} for each of ``words``."""
        generation = engine.generation()
        with self._lock:
            if generation != self._generation or len(self._counts) > KEPT_WORDS:
                self._generation, self._counts = generation, {}
            counts = self._counts
        missing = [word for word in words if word not in counts]
        if missing:
            counts.update(engine.doc_frequencies(missing))
        return {word: counts[word] for word in words}


word_counts = WordCounts()
