"""How browsers and crawlers find the archive: OpenSearch, its suggestions, the favicon, robots.txt.

``/opensearch.xml`` lets a browser add the archive as a search engine: HTML
results, the RSS and Atom search feeds, and JSON suggestions (tag names,
then the index's frequent words that start with what was typed). It keeps to
OpenSearch 1.1's own attributes (``method`` is an extension, not 1.1) and
URL-encodes the example query, as the specification asks.
"""
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext

from archive.search import engine
from archive.search.tag_names import name_key, tag_names
from archive.templatetags.archive_pages import article_count

SUGGESTIONS = 10
EXAMPLE_QUERY = "لافروف"


def opensearch_description(request):
    absolute = request.build_absolute_uri
    context = {
        "short_name": gettext(settings.ARCHIVE_SITE_SHORT_NAME),
        "search_url": absolute(reverse("archive:search")),
        "rss_url": absolute(reverse("archive:search_rss")),
        "atom_url": absolute(reverse("archive:search_atom")),
        "suggest_url": absolute(reverse("archive:opensearch_suggest")),
        "home_url": absolute(reverse("archive:home")),
        "example_terms": quote(EXAMPLE_QUERY),
        "favicon_url": absolute(reverse("favicon")),
        "icon_url": absolute(static("icons/archive-64.png")),
    }
    return render(request, "discovery/opensearch.xml", context,
                  content_type="application/opensearchdescription+xml; charset=utf-8")


def opensearch_suggestions(request):
    """The OpenSearch suggestions format: [query, completions, descriptions, urls]."""
    typed = request.GET.get("q", "")[:100]
    entries = tag_names.suggest(typed, SUGGESTIONS)
    completions = [entry.name for entry in entries]
    descriptions = [article_count(entry.count) for entry in entries]
    urls = [request.build_absolute_uri(reverse("archive:tag", kwargs={"slug": entry.slug})) for entry in entries]
    for term in frequent_terms(typed, SUGGESTIONS - len(completions)):
        if term not in completions:
            completions.append(term)
            descriptions.append("")
            urls.append(request.build_absolute_uri(reverse("archive:search") + "?q=" + term))
    return JsonResponse([typed, completions, descriptions, urls], safe=False,
                        content_type="application/x-suggestions+json",
                        json_dumps_params={"ensure_ascii": False})


def frequent_terms(typed, limit):
    """The index's title words starting with ``typed`` (normalized), most frequent first."""
    prefix = name_key(typed)
    if limit <= 0 or len(prefix) < 2 or " " in prefix:
        return []
    return [word for word, _ in engine.title_words_starting(prefix, limit)]


def favicon(request):
    """``/favicon.ico``, where browsers and feed readers look for it whatever the page says."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404("favicon.ico")
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
