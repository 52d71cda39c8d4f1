"""The latest articles and an article's page: thin views over ``Article.objects.published()``.

An article's own page is the one exception: staff open drafts and
scheduled articles there too, as a preview (marked as such, never indexed
by crawlers nor kept by caches); for everyone else they do not exist (404).
"""
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from archive.models import Article
from archive.search.related import related_articles


def paginate(request, items, per_page=None, count=None):
    """The requested page; a missing, malformed or too-large number gives the nearest page.

    ``count``: how many ``items`` there are, when the caller knows it more cheaply than ``items.count()``.
    """
    paginator = Paginator(items, per_page or settings.ARCHIVE_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this is its value
    return paginator.get_page(request.GET.get("page"))


def public_articles():
    """Published articles newest first, with the source and dateline their cards show."""
    return card_relations(Article.objects.published().newest_first())


def card_relations(articles):
    """``articles`` with the source and dateline each card shows.

    Those two come in queries of their own rather than by a join: SQLite joins
    every row an OFFSET skips, which made page 1,000 read 20,000 articles.
    """
    return articles.prefetch_related("source", "dateline")


def home(request):
    return render(request, "archive/home.html", {"page": paginate(request, public_articles())})


def article_detail(request, pk):
    shown = Article.objects.visible_to(request.user).select_related("source", "dateline").prefetch_related("tags")
    article = get_object_or_404(shown, pk=pk)
    older, newer = article.neighbours()
    context = {
        "article": article,
        "preview": not article.is_public,
        "related": related_articles(article),
        "older": older,
        "newer": newer,
        "permalink": request.build_absolute_uri(article.get_absolute_url()),
    }
    response = render(request, "archive/article_detail.html", context)
    if context["preview"]:
        add_never_cache_headers(response)  # a shared cache must never hand an editor's preview to a reader
    return response
