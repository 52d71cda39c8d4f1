"""Search results as plain data: one shape for every JSON consumer."""
from django.utils import timezone

from archive.search.archive_search import FACET_FIELDS
from archive.search.page_articles import shown_tags


def results_as_dict(results, absolute=str):
    """Search results as plain data, for JSON: the terminal's --json, the downloads and the API.

    ``absolute`` turns a path into a full URL (``request.build_absolute_uri``);
    the terminal has no request, so its ``url`` stays a path.
    """
    return {
        "total": results.total,
        "total_is_lower_bound": results.total_is_lower_bound,  # more than ``total`` match: the engine stopped counting
        "page": results.page,
        "num_pages": results.num_pages,
        "notes": results.notes,
        "undated_excluded": results.undated_excluded,
        "results": [
            {
                "id": hit.article.pk,
                "url": absolute(hit.article.get_absolute_url()),
                "source_url": hit.article.url or None,  # where the outlet published it
                "title": hit.article.title,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                # In the site's time zone whatever the database hands back (PostgreSQL: UTC).
                "published": timezone.localtime(hit.article.published).isoformat() if hit.article.published else None,
                "source": hit.article.source.name if hit.article.source else None,
                "tags": [
                    {"kind": tag.kind, "name": tag.name, "slug": tag.slug} for tag in shown_tags(hit.article)
                ],
                "score": hit.score,
            }
            for hit in results.hits
        ],
        # Every facet, even for a search that never ran (a query of stop words only): one shape always.
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in results.facets.get(name, [])]
            for name in FACET_FIELDS
        },
        "facets_counted_over": results.facets_counted_over,
        "phrases_checked_in": results.phrases_checked_in,  # the total counts a phrase's matches among these only
    }
