"""The article list's search box goes through the archive's search engine (:mod:`archive.search.staff`)."""
from archive.search.staff import staff_matches

URL_PREFIXES = ("http://", "https://", "www.")


class EngineSearchMixin:
    """A ``ModelAdmin`` whose search box finds what the public search finds, drafts and scheduled articles too.

    A pasted address is looked for in the articles' original URLs (the
    index does not hold them); a query with nothing to search for (only
    common words) finds nothing rather than everything.
    """

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.lower().startswith(URL_PREFIXES):
            return queryset.filter(url__icontains=term), False
        pks = staff_matches(term)
        return queryset.filter(pk__in=pks or []), False
