"""Articles most alike an article: by its rarest words and by the tags they share.

Whoosh's ``more_like`` needs stored text or term vectors, which would double
the index; instead the article's own title and opening are analyzed as the
index analyzes them, the rarest of its words (by document frequency) and its
tag slugs make an OR query, and Whoosh's BM25 ranks the rest.
"""
from haystack import connections
from haystack.utils import get_identifier
from whoosh import query as wq

from archive.arabic.analysis import SURFACE, analyze
from archive.models import Article, Tag

KEY_WORDS = 12
OPENING_CHARS = 1500
TAG_BOOST = 1.5
TITLE_BOOST = 2.0


def related_articles(article, limit=5):
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    with backend.index.refresh().searcher() as searcher:
        words = _key_words(searcher, f"{article.title}\n{article.lead}\n{article.body[:OPENING_CHARS]}")
        clauses = [wq.Term("text", word) for word in words]
        clauses += [wq.Term("title", word, boost=TITLE_BOOST) for word in words]
        clauses += [wq.Term(tag.kind, tag.slug, boost=TAG_BOOST) for tag in article.tags.all()
                    if tag.kind in Tag.Kind.values]
        if not clauses:
            return []
        hits = searcher.search(wq.Or(clauses), limit=limit + 1,
                               mask=wq.Term("id", get_identifier(article)))
        pks = [int(hit["django_id"]) for hit in hits][:limit]
    found = Article.objects.published().select_related("source").in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


def _key_words(searcher, text):
    """The text's surface words the index knows, rarest first."""
    words = {term.text for term in analyze(text) if term.kind == SURFACE and len(term.text) > 2}
    known = [(searcher.doc_frequency("text", word), word) for word in words]
    return [word for frequency, word in sorted(known) if frequency > 1][:KEY_WORDS]
