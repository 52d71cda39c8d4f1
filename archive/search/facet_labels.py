"""The names of a results page's facet tags, kept for the index generation they were read under.

A page names up to ``FACET_VALUES`` tags of each kind (about 130 on a
one-word search over 30,000 articles): one query with every slug cost 2–7 ms
of each search, most of it the ORM preparing the long ``IN`` list. A tag's
name changes only with the tag, and renaming a tag re-indexes its articles
(``engine.signals``): a new generation. So the names read under one
generation are kept until the index has another. They are read all at once,
when a page first needs one: the archive has about a thousand tags (1,094 at
a million articles), one plain read of them all costs what one page's ``IN``
list did, and a page naming tags not yet read (most pages, until hundreds of
searches had read most slugs) then costs no query at all.
"""
import threading

from archive.models import Tag
from archive.search import engine


class TagLabels:
    def __init__(self):
        self._lock = threading.Lock()
        self._generation = None
        self._names = {}  # every tag's slug: its name, once read under this generation

    def names(self, slugs):
        """{slug: name} of the tags of ``slugs`` (an unknown slug is left out)."""
        generation = engine.generation()
        with self._lock:
            if generation != self._generation:
                self._generation, self._names = generation, None
            names = self._names
        if names is None:
            names = dict(Tag.objects.values_list("slug", "name"))
            with self._lock:
                if self._generation == generation:
                    self._names = names
        return {slug: names[slug] for slug in slugs if slug in names}


tag_labels = TagLabels()
