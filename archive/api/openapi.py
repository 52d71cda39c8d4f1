"""The API's contract as OpenAPI 3.1, built from the same constants the API enforces.

Limits (page size, page depth, query length, filters per kind) and
vocabularies (tag kinds, sorts) are imported, not copied, so the description
cannot drift from what ``params`` accepts. ``tests/test_api_contract.py``
fuzzes the live API against it with schemathesis.
"""
from archive.api.params import FILTERS, MAX_SUGGEST_CHARS
from archive.models import Tag
from archive.search.archive_search import FACET_FIELDS, MAX_PAGE, SORTS
from archive.search.form import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_VALUES
from archive.search.syntax import MAX_QUERY_CHARS

VERSION = "1.1.0"
ERROR_CODES = [
    "unknown_parameter", "repeated_parameter", "query_too_long", "invalid_date", "date_out_of_range",
    "reversed_dates", "invalid_sort", "invalid_number", "page_out_of_range", "size_out_of_range",
    "too_many_values", "unknown_tag", "unknown_source", "method_not_allowed",
]
DAY_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties, required=None):
    return {"type": "object", "properties": properties, "required": required or list(properties),
            "additionalProperties": False}


def filter_parameter(name):
    what = "a source's name" if name == "source" else f"a {name} tag's slug (as in /tags/<slug>/)"
    return {
        "name": name, "in": "query", "style": "form", "explode": True,
        "description": f"Only articles with {what}; repeat for several (all required). "
                       "A value the archive does not know is refused "
                       f"(400 `unknown_{'source' if name == 'source' else 'tag'}`).",
        "schema": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": MAX_VALUES},
    }


SEARCH_PARAMETERS = [
    {"name": "q", "in": "query", "description": "The query: words (any spelling or vocalization), \"a phrase\", "
     "OR / أو, -word or NOT word. A date typed among the words filters by date (see `notes`).",
     "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS}},
    *[filter_parameter(name) for name in FILTERS],
    *[{"name": name, "in": "query", "description": f"{label} date, inclusive (YYYY-MM-DD, years 1000 to 9999).",
       "schema": {"type": "string", "format": "date", "pattern": DAY_PATTERN}} for name, label in
      (("from", "First"), ("to", "Last"))],
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"}},
    {"name": "page", "in": "query", "description": f"A page past the last gives an empty `results` and the true "
     f"`total`; deeper than {MAX_PAGE}, narrow the search by date instead.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "size", "in": "query", "description": "Results per page.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}},
]

SCHEMAS = {
    "Error": {
        **obj({
            "code": {"type": "string", "enum": ERROR_CODES},
            "message": obj({"ar": {"type": "string"}, "en": {"type": "string"}}),
            "param": nullable({"type": "string"}),
        }),
        "description": "Why a request was refused; `param` names the parameter at fault.",
    },
    "TagRef": obj({
        "kind": {"type": "string", "enum": Tag.Kind.values},
        "name": {"type": "string"},
        "slug": {"type": "string"},
    }),
    "Hit": obj({
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "description": "The article's page in the archive."},
        "source_url": nullable({"type": "string", "description": "Where the outlet published it."}),
        "title": {"type": "string"},
        "title_html": {"type": "string", "description": "Escaped title, <mark> around the matching words."},
        "snippet_html": {"type": "string", "description": "Escaped passage, <mark> around the matching words."},
        "published": nullable({"type": "string", "format": "date-time"}),
        "source": nullable({"type": "string"}),
        "tags": {"type": "array", "items": ref("TagRef")},
        "score": nullable({"type": "number"}),
    }),
    "FacetValue": obj({"value": {"type": "string"}, "label": {"type": "string"},
                       "count": {"type": "integer", "minimum": 1}}),
    "Query": {
        **obj({
            "q": {"type": "string"},
            **{name: {"type": "array", "items": {"type": "string"}} for name in FILTERS},
            "from": nullable({"type": "string", "format": "date"}),
            "to": nullable({"type": "string", "format": "date"}),
            "sort": {"type": "string", "enum": list(SORTS)},
            "page": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 1},
        }),
        "description": "The request as searched: every parameter, defaults filled in.",
    },
    "SearchResults": obj({
        "total": {"type": "integer", "minimum": 0,
                  "description": "Matching articles, on every page: exact, unless `total_is_lower_bound`."},
        "total_is_lower_bound": {
            "type": "boolean",
            "description": "True when the engine stopped counting at `total` (PostgreSQL counts up to 10,000, as "
                           "Elasticsearch's track_total_hits does, and fewer in an archive of more than 100,000 "
                           "articles: 1,000 from a million): there are more than `total` matches, and "
                           "`num_pages` counts only the pages of those. Always false on Whoosh, which counts all."},
        "page": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 1},
        "num_pages": {"type": "integer", "minimum": 0},
        "notes": {"type": "array", "items": {"type": "string"},
                  "description": "In Arabic: what was reinterpreted "
                                 "(a date read from the query, words too common to search)."},
        "undated_excluded": nullable({
            "type": "integer", "minimum": 0,
            "description": "With a date filter (`from`, `to`, or a date in `q`): the articles matching everything "
                           "else that it leaves out for having no date (a note says so too); null without one, or "
                           "when more than the engine counts (PostgreSQL: `SEARCH_TRACK_TOTAL_HITS`)."}),
        "results": {"type": "array", "items": ref("Hit")},
        "facets": obj({name: {"type": "array", "items": ref("FacetValue")} for name in FACET_FIELDS}),
        "facets_counted_over": nullable({
            "type": "integer", "minimum": 0,
            "description": "When the facets' counts cover only part of the matches (those the engine counted: "
                           "`total_is_lower_bound`), how many; null when they cover every match."}),
        "phrases_checked_in": nullable({
            "type": "integer", "minimum": 0,
            "description": "When a phrase was looked for only in the newest articles holding its words, how many "
                           "(PostgreSQL, as many as it counts matches: `SEARCH_TRACK_TOTAL_HITS`): `total` counts "
                           "the matches among them, older articles may match too (a note says so); null when "
                           "every article holding them was read."}),
        "query": ref("Query"),
        "next": nullable({"type": "string", "format": "uri"}),
        "prev": nullable({"type": "string", "format": "uri"}),
    }),
    "Suggestion": obj({
        "name": {"type": "string"},
        "alias": {"type": "string", "description": "The alias that matched, or \"\" for the name."},
        "kind": {"type": "string", "enum": Tag.Kind.values},
        "slug": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "url": {"type": "string", "format": "uri"},
    }),
    "Suggestions": obj({"query": {"type": "string"}, "suggestions": {"type": "array", "items": ref("Suggestion")}}),
    "OpenSearchSuggestions": {
        "type": "array", "minItems": 4, "maxItems": 4,
        "items": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "description": "OpenSearch suggestions: [typed, completions, descriptions, urls].",
    },
}


def json_content(schema):
    return {"application/json": {"schema": schema}}


def responses(ok_schema, description, refusable=True, content_type="application/json"):
    answers = {
        "200": {"description": description, "headers": {"ETag": {"schema": {"type": "string"}}},
                "content": {content_type: {"schema": ok_schema}}},
        "304": {"description": "Not modified: the If-None-Match ETag is still current."},
    }
    if refusable:
        answers["400"] = {"description": "A parameter the API cannot honour.", "content": json_content(ref("Error"))}
    return answers


def description(server):
    """The whole description, with ``server`` (scheme and host) as the API's base."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Arabic news archive API",
            "version": VERSION,
            "description": "Read-only JSON over the archive's search. UTF-8, never \\u-escaped. Every answer has an "
                           "ETag (send If-None-Match for a 304) and `Access-Control-Allow-Origin: *`. Refused "
                           "requests get HTTP 400 and an `Error` naming the parameter.",
            "license": {"name": "Open source"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/search/": {"get": {
                "operationId": "search",
                "summary": "Search the archive: one page of articles, facet counts, "
                           "links to the next and previous pages.",
                "parameters": SEARCH_PARAMETERS,
                "responses": responses(ref("SearchResults"), "A page of results (empty past the last page)."),
            }},
            "/api/suggest/": {"get": {
                "operationId": "suggest",
                "summary": "Tags whose name or alias starts with what was typed, busiest first.",
                "parameters": [{"name": "q", "in": "query",
                                "schema": {"type": "string", "maxLength": MAX_SUGGEST_CHARS}}],
                "responses": responses(ref("Suggestions"), "Up to ten tags."),
            }},
            "/api/opensearch/suggest/": {"get": {
                "operationId": "opensearchSuggest",
                "summary": "Suggestions in the OpenSearch format, for a browser's search bar.",
                "parameters": [{"name": "q", "in": "query", "description": "Read up to its first 100 characters.",
                                "schema": {"type": "string"}}],
                "responses": responses(ref("OpenSearchSuggestions"), "Tag names, then frequent words.",
                                       refusable=False, content_type="application/x-suggestions+json"),
            }},
            "/api/openapi.json": {"get": {
                "operationId": "openapi",
                "summary": "This description.",
                "responses": responses({"type": "object"}, "OpenAPI 3.1", refusable=False),
            }},
        },
        "components": {"schemas": SCHEMAS},
    }
