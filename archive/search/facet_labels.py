"""The names of a results page's facet tags, kept for the index generation they were read under.

A page names up to ``FACET_VALUES`` tags of each kind (about 130 on a
one-word search over 30,000 articles): one query with every slug cost 2–7 ms
of each search, most of it the ORM preparing the long ``IN`` list. A tag's
name changes only with the tag, and renaming a tag re-indexes its articles
(``engine.signals``): a new generation. So the names read under one
generation are kept until the index has another, and each slug is read once
per generation, when a page first needs it.
"""
import threading

from archive.models import Tag
from archive.search import engine


class TagLabels:
    def __init__(self):
        self._lock = threading.Lock()
        self._generation = None
        self._names = {}  # slug: name, or None for a slug no tag has

    def names(self, slugs):
        """{slug: name} of the tags of ``slugs`` (an unknown slug is left out)."""
        generation = engine.generation()
        with self._lock:
            if generation != self._generation:
                self._generation, self._names = generation, {}
            names = self._names
        missing = [slug for slug in slugs if slug not in names]
        if missing:
            found = dict(Tag.objects.filter(slug__in=missing).values_list("slug", "name"))
            names.update({slug: found.get(slug) for slug in missing})
        return {slug: names[slug] for slug in slugs if names.get(slug) is not None}


tag_labels = TagLabels()
