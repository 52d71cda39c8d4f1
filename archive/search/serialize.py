"""Search results as plain data: one shape for every JSON consumer."""
from django.utils import timezone


def results_as_dict(results):
    """Search results as plain data, for JSON: the terminal's --json and the API."""
    return {
        "total": results.total,
        "page": results.page,
        "num_pages": results.num_pages,
        "notes": results.notes,
        "results": [
            {
                "id": hit.article.pk,
                "url": hit.article.get_absolute_url(),
                "title": hit.article.title,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                # In the site's time zone whatever the database hands back (PostgreSQL: UTC).
                "published": timezone.localtime(hit.article.published).isoformat() if hit.article.published else None,
                "source": hit.article.source.name if hit.article.source else None,
                "tags": [
                    {"kind": tag.kind, "name": tag.name, "slug": tag.slug} for tag in hit.article.tags.all()
                ],
                "score": hit.score,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
    }
