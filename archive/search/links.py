"""Links that change one thing of the current search: add or drop a filter, go to a page.

Each keeps every other parameter, so a facet click or a page turn never
loses the query, the dates or the sort. A results page writes about eighty
of them: each works on a plain copy of the parameters (a ``QueryDict``'s
own copy is a deep one), made once a page (:class:`QueryLinks`), and
encodes only what it changes.
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


def month_range(month):
    """``2018-04`` → (first day, last day) as ISO strings, for the month facet's link."""
    year, number = (int(part) for part in month.split("-"))
    return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"


FACET_TITLES = [*((kind.value, kind.plural) for kind in Tag.Kind), ("source", _("المصادر")), ("month", _("الأشهر"))]
FACET_SHOWN = 12


def facet_groups(links, results):
    """The facet lists of the page: each value with its count and the link (from ``links``, a ``QueryLinks``)
    that adds (or drops) it."""
    active = {name: {value for value, _ in results.filters.get(name, [])} for name in FACET_PARAMS}
    groups = []
    for name, title in FACET_TITLES:
        shown = []
        for value in results.facets.get(name, [])[:FACET_SHOWN]:
            if name == "month":
                first, last = month_range(value.value)
                url, chosen = links.replacing(page=None, **{"from": first, "to": last}), False
            elif value.value in active[name]:
                url, chosen = links.dropping(name, value.value), True
            else:
                url, chosen = links.adding(name, value.value), False
            shown.append({"label": value.label, "value": value.value, "count": value.count,
                          "url": url, "active": chosen})
        if shown:
            groups.append({"name": name, "title": title, "links": shown})
    return groups


class QueryLinks:
    """The links of one page's query: its parameters copied and each encoded once, where copying and encoding
    them all for each of a page's eighty-odd links was most of their cost; a link then encodes only what it
    changes. Parameters keep their order: a changed one stays in place, a replaced one goes last."""

    def __init__(self, query_dict):
        self.params = _copy(query_dict)
        self.parts = {name: _encoded(name, tuple(values)) for name, values in self.params.items()}
        self.unpaged = {name: part for name, part in self.parts.items() if name != "page"}

    def adding(self, name, value):
        """The query, less its page, with ``value`` after the parameter's own values (unless among them)."""
        own = self.parts.get(name, "")
        if value in self.params.get(name, ()):
            return self._changed(name, own)
        return self._changed(name, "&".join(part for part in (own, _encoded(name, (value,))) if part))

    def dropping(self, name, value):
        """The query, less its page, without ``value`` among the parameter's values."""
        return self._changed(name, _encoded(name, tuple(item for item in self.params.get(name, ()) if item != value)))

    def replacing(self, **changes):
        """The query with single-valued parameters replaced, each put last (``None`` drops one)."""
        parts = dict(self.parts)
        for name, value in changes.items():
            parts.pop(name, None)
            if value is not None:
                parts[name] = _encoded(name, (str(value),))
        return _joined(parts)

    def _changed(self, name, part):
        return _joined({**self.unpaged, name: part})


def _joined(parts):
    return "?" + "&".join(part for part in parts.values() if part)


def active_filters(links, results, request):
    """The filters in force, each with the link (from ``links``, a ``QueryLinks``) that removes it."""
    chips = [
        {"label": label, "url": links.dropping(name, value)}
        for name in FACET_PARAMS
        for value, label in results.filters.get(name, [])
    ]
    for param, day, label in (("from", request.date_from, _("من %(day)s")), ("to", request.date_to, _("إلى %(day)s"))):
        if day:
            chips.append({"label": label % {"day": day.isoformat()},
                          "url": links.replacing(page=None, **{param: None})})
    return chips
