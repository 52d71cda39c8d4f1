"""The search page and its downloads (the JSON API is ``archive.api``).

Thin views: ``SearchForm`` reads the parameters, ``search_archive`` searches,
``links`` builds the links that change one parameter, templates render.
"""
import csv
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from archive.models import Tag
from archive.pages.paths import route_path, tag_path
from archive.search.archive_search import TAG_KINDS, search_archive
from archive.search.date_words import lone_year
from archive.search.form import SearchForm
from archive.search.links import QueryLinks, active_filters, facet_groups
from archive.search.serialize import results_as_dict
from archive.search.spelling import better_spelling
from archive.search.tag_names import tag_names
from archive.security.spreadsheet import safe_row

EXPORT_LIMIT = 1000


def run_search(request, export=False):
    search_request, notes = SearchForm(request.GET).to_request(page=request.GET.get("page"),
                                                               page_size=request.GET.get("size"))
    if export:
        search_request.page, search_request.page_size = 1, EXPORT_LIMIT
    results = search_archive(search_request, marked=not export)
    results.notes[:0] = notes
    return search_request, results


def search_page(request):
    search_request, results = run_search(request)
    suggestion = better_spelling(search_request, results)
    links = QueryLinks(request.GET)
    context = {
        "request_data": search_request,
        "results": results,
        "facet_groups": facet_groups(links, results),
        "active_filters": active_filters(links, results, search_request),
        "named_tags": named_tag_offers(links, search_request),
        "year_offer": year_offer(links, search_request),
        "filter_params": [(kind, getattr(search_request, kind)) for kind in (*TAG_KINDS, "source")],
        "suggestion": suggestion,
        "suggestion_url": links.replacing(q=suggestion, page=None) if suggestion else None,
        "previous_url": links.replacing(page=results.page - 1) if results.page > 1 else None,
        "next_url": links.replacing(page=results.page + 1) if results.page < results.num_pages else None,
        "export_query": links.replacing(page=None),
        "page_feeds": [search_feeds(links, search_request)],
    }
    return render(request, "archive/search.html", context)


def search_feeds(links, search_request):
    """This search as feeds (any page of it: the feed is always the newest items)."""
    query = links.replacing(page=None, size=None, sort=None)
    title = gettext("بحث: %(q)s") % {"q": search_request.q} if search_request.q else gettext("هذا البحث")
    return {"title": title, "rss": route_path("archive:search_rss") + query,
            "atom": route_path("archive:search_atom") + query}


def named_tag_offers(links, search_request):
    """Tags the query names (by name or alias): their page, and a link that filters by them."""
    offers = []
    for entry in tag_names.named_in(search_request.q)[:3]:
        if entry.slug in getattr(search_request, entry.kind):
            continue
        offers.append({
            "name": entry.name,
            "kind_label": Tag.Kind(entry.kind).label,
            "page_url": tag_path(entry.slug),
            "filter_url": links.adding(entry.kind, entry.slug),
        })
    return offers


def year_offer(links, search_request):
    """A number that may be a year (فعالية 2000, 2015) is searched as a word; offer its year as a filter.

    The link searches the other words (or browses, when the number was all)
    within that year, as a query naming a month and a year does at once.
    None when a date filter is set or the query names a date already.
    """
    if search_request.date_from or search_request.date_to:
        return None
    found = lone_year(search_request.q)
    if found is None:
        return None
    dates = {"from": found.first.isoformat(), "to": found.last.isoformat()}
    return {"year": found.label, "words": found.remaining,
            "url": links.replacing(q=found.remaining or None, page=None, **dates)}


def search_export(request, fmt):
    """The search's first ``EXPORT_LIMIT`` results as CSV or JSON: the API's rows, titles and passages unmarked."""
    _, results = run_search(request, export=True)
    rows = results_as_dict(results, absolute=request.build_absolute_uri)["results"]
    if fmt == "json":
        # A row a line: readable, and each row written by json's C encoder (``indent`` takes the slow Python one).
        rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        response = HttpResponse(f"[\n{rows}\n]", content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read the Arabic as UTF-8
        writer = csv.writer(response)
        writer.writerow(["id", "title", "published", "source", "tags", "url"])
        for row in rows:
            tags = "; ".join(tag["name"] for tag in row["tags"])
            # Cells an editor's spreadsheet would run as formulas (a title "=HYPERLINK(…)") stay text.
            writer.writerow(safe_row([row["id"], row["title"], row["published"] or "", row["source"] or "", tags,
                                      row["url"]]))
    response["Content-Disposition"] = f'attachment; filename="archive-search.{fmt}"'
    return response
