"""Links that change one thing of the current search: add or drop a filter, go to a page.

Each keeps every other parameter, so a facet click or a page turn never
loses the query, the dates or the sort. A results page writes about eighty
of them: each works on a plain copy of the parameters (a ``QueryDict``'s
own copy is a deep one) and encodes only what it changed, the other
parameters' encoding being the one the page's previous links made.
"""
import calendar
import functools
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from archive.models import Tag

FACET_PARAMS = (*Tag.Kind.values, "source")


def _copy(query_dict):
    """{name: [values]} in the query's order, lists of their own."""
    return {name: list(values) for name, values in query_dict.lists()}


@functools.lru_cache(maxsize=256)
def _encoded(name, values):
    """One parameter's part of the query string ("" when all its values are empty)."""
    return urlencode([(name, value) for value in values if value != ""])


def _encode(params):
    return _joined({name: _encoded(name, tuple(values)) for name, values in params.items()})


def with_value(query_dict, name, value):
    params = _copy(query_dict)
    params.pop("page", None)
    if value not in params.get(name, ()):
        params.setdefault(name, []).append(value)
    return _encode(params)


def without_value(query_dict, name, value):
    params = _copy(query_dict)
    params.pop("page", None)
    params[name] = [item for item in params.get(name, ()) if item != value]
    return _encode(params)


def with_params(query_dict, **changes):
    """The search with some single-valued parameters replaced (``None`` drops one)."""
    params = _copy(query_dict)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = [str(value)]
    return _encode(params)


def month_range(month):
    """``2018-04`` → (first day, last day) as ISO strings, for the month facet's link."""
    year, number = (int(part) for part in month.split("-"))
    return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"


FACET_TITLES = [*((kind.value, kind.plural) for kind in Tag.Kind), ("source", _("المصادر")), ("month", _("الأشهر"))]
FACET_SHOWN = 12


def facet_groups(query_dict, results):
    """The facet lists of the page: each value with its count and the link that adds (or drops) it."""
    active = {name: {value for value, _ in results.filters.get(name, [])} for name in FACET_PARAMS}
    links_from = FacetLinks(query_dict)
    groups = []
    for name, title in FACET_TITLES:
        links = []
        for value in results.facets.get(name, [])[:FACET_SHOWN]:
            if name == "month":
                url, chosen = links_from.month(*month_range(value.value)), False
            elif value.value in active[name]:
                url, chosen = without_value(query_dict, name, value.value), True
            else:
                url, chosen = links_from.adding(name, value.value), False
            links.append({"label": value.label, "value": value.value, "count": value.count,
                          "url": url, "active": chosen})
        if links:
            groups.append({"name": name, "title": title, "links": links})
    return groups


class FacetLinks:
    """A page's facet links: the query's parameters (less its page) copied and encoded once, each link then
    encoding only the value it adds, where ``with_value`` and ``with_params`` copied and encoded them all for
    each of a page's seventy-odd links. The same links, parameter for parameter."""

    def __init__(self, query_dict):
        params = _copy(query_dict)
        params.pop("page", None)
        self.params = params
        self.parts = {name: _encoded(name, tuple(values)) for name, values in params.items()}
        self.undated = {name: part for name, part in self.parts.items() if name not in ("from", "to")}

    def adding(self, name, value):
        """``with_value(query_dict, name, value)``: ``value`` (never blank) after the parameter's own."""
        if value in self.params.get(name, ()):
            return _joined(self.parts)
        own, added = self.parts.get(name, ""), _encoded(name, (value,))  # a page's values are mostly met before
        return _joined({**self.parts, name: f"{own}&{added}" if own else added})

    def month(self, first, last):
        """``with_params(query_dict, page=None, from=first, to=last)``: the dates last, in that order."""
        return _joined({**self.undated, "from": _encoded("from", (first,)), "to": _encoded("to", (last,))})


def _joined(parts):
    return "?" + "&".join(part for part in parts.values() if part)


def active_filters(query_dict, results, request):
    """The filters in force, each with the link that removes it."""
    chips = [
        {"label": label, "url": without_value(query_dict, name, value)}
        for name in FACET_PARAMS
        for value, label in results.filters.get(name, [])
    ]
    for param, day, label in (("from", request.date_from, _("من %(day)s")), ("to", request.date_to, _("إلى %(day)s"))):
        if day:
            chips.append({"label": label % {"day": day.isoformat()},
                          "url": with_params(query_dict, page=None, **{param: None})})
    return chips
