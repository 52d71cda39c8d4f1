"""The JSON endpoints: search, tag suggestions and the OpenAPI description of both.

Every endpoint is read-only and public: ``read_only`` answers CORS (any
origin may read, preflights included), refuses other methods with a JSON
405, turns an ``ApiError`` into its 400 and gives each answer an ``ETag``
so a client that sends ``If-None-Match`` gets 304 when nothing changed.
"""
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import conditional_page

from archive.api import openapi
from archive.api.errors import UTF8_JSON, ApiError
from archive.api.params import FILTERS, search_request, suggest_query
from archive.search.archive_search import search_archive
from archive.search.form import SearchForm
from archive.search.links import QueryLinks
from archive.search.serialize import results_as_dict
from archive.search.tag_names import tag_names

READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def read_only(view):
    """CORS, JSON errors and conditional GETs around a read-only JSON view."""

    @conditional_page
    @wraps(view)
    def endpoint(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            add_headers(response, PREFLIGHT_HEADERS)
        elif request.method not in READ_METHODS:
            response = ApiError("method_not_allowed", "هذا العنوان يُقرأ فقط (GET).",
                                "This endpoint is read-only: use GET.", status=405).response()
            response["Allow"] = ", ".join(READ_METHODS)
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error.response()
        add_headers(response, CORS_HEADERS)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    endpoint.csrf_exempt = True  # nothing here changes state; a POST gets its JSON 405, not Django's HTML 403
    return endpoint


def add_headers(response, headers):
    for name, value in headers.items():
        response[name] = value


@read_only
def search(request):
    """``/api/search/``: one page of results, the request echoed, links to the pages around it."""
    wanted = search_request(request.GET)
    results = search_archive(wanted)
    results.notes[:0] = SearchForm.day_note(wanted.q)  # a day no search can filter on stays words: say why
    data = results_as_dict(results, absolute=request.build_absolute_uri)
    if results.page != wanted.page:
        # Past the last page the search shows the last one again, with a note, as a page should;
        # a client paging until the results run out needs the empty page it asked for.
        data["results"] = []
        data["notes"] = [note for note in data["notes"] if note != past_the_end_note(wanted.page, results.page)]
    data["page"] = wanted.page
    data["size"] = wanted.page_size
    data["query"] = echo(wanted)
    page_url = page_link(request, wanted.page, results.num_pages)
    data["next"] = page_url(wanted.page + 1) if wanted.page < results.num_pages else None
    data["prev"] = page_url(min(wanted.page - 1, max(results.num_pages, 1))) if wanted.page > 1 else None
    response = JsonResponse(data, json_dumps_params=UTF8_JSON)
    links = [f'<{data[rel]}>; rel="{rel}"' for rel in ("next", "prev") if data[rel]]
    if links:
        response["Link"] = ", ".join(links)
    return response


def past_the_end_note(wanted, last):
    """The note ``search_archive`` adds when it shows the last page instead of ``wanted``."""
    return f"لا توجد صفحة {wanted}؛ هذه الصفحة الأخيرة ({last})."


def page_link(request, page, num_pages):
    links = QueryLinks(request.GET)
    return lambda number: request.build_absolute_uri(request.path + links.replacing(page=number))


def echo(wanted):
    """The request as the search understood it: every parameter, defaults included."""
    return {
        "q": wanted.q,
        **{name: getattr(wanted, name) for name in FILTERS},
        "from": wanted.date_from.isoformat() if wanted.date_from else None,
        "to": wanted.date_to.isoformat() if wanted.date_to else None,
        "sort": wanted.sort,
        "page": wanted.page,
        "size": wanted.page_size,
    }


@read_only
def suggest(request):
    """``/api/suggest/``: tags whose name or alias starts with what was typed, for the search box."""
    typed = suggest_query(request.GET)
    suggestions = [
        {"name": e.name, "alias": e.alias, "kind": e.kind, "slug": e.slug, "count": e.count,
         "url": request.build_absolute_uri(reverse("archive:tag", kwargs={"slug": e.slug}))}
        for e in tag_names.suggest(typed)
    ]
    return JsonResponse({"query": typed, "suggestions": suggestions}, json_dumps_params=UTF8_JSON)


@read_only
def description(request):
    """``/api/openapi.json``: the API's contract, with this server as its server."""
    server = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(openapi.description(server), json_dumps_params={**UTF8_JSON, "indent": 1})
