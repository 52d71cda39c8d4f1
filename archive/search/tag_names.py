"""Tags found by what a reader types: suggestions as they type, and names in a query.

Every tag name and alias is kept normalized (the search's normalization:
hamza, ة/ه, diacritics and tatweel fold away), so مَاكْرون, ماكرون and
ماكرون all find إيمانويل ماكرون. The table is built once per process and
rebuilt when a tag or alias changes (see ``apps.py``) or after
``MAX_AGE`` seconds, which also picks up other processes' edits and fresh
article counts. That periodic rebuild runs in a thread while readers keep
the old table: it counts every tag's published articles (at a million
articles, a GROUP BY over 5.8 million links took 1.15 s), which a reader's
request paid once every ``MAX_AGE`` in each process.
"""
import threading
import time
from dataclasses import dataclass

from django.db import connections

from archive.arabic.gazetteer import name_words

MAX_AGE = 300
SUGGESTIONS = 8


@dataclass(frozen=True)
class Entry:
    key: str  # the normalized name or alias
    tag_id: int
    name: str
    kind: str
    slug: str
    alias: str  # the alias as written, or "" for the canonical name
    count: int


def name_key(text):
    """The normalized words of ``text``, space-joined: how names are compared."""
    return " ".join(name_words(text or ""))


class TagNames:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = None
        self._by_key, self._longest = {}, 0
        self._built = 0.0
        self._changes = 0  # invalidations so far: a refresh begun before one must not install its table
        self._refreshing = False

    def invalidate(self, *args, **kwargs):
        self._changes += 1
        self._entries = None

    def entries(self):
        return self._table()[0]

    def _table(self):
        """The entries; the same entries by key, each with its place among them; the most words a key has.

        Built together and read together, so a reader never meets one table's entries and another's keys.
        """
        table = self._entries, self._by_key, self._longest
        if table[0] is None:
            with self._lock:
                table = self._install(self._changes)
        elif time.monotonic() - self._built > MAX_AGE and not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, name="tag-names", daemon=True).start()
        return table

    def _install(self, changes):
        """Build the table and make it current, unless a tag changed since ``changes`` was read."""
        entries, by_key = self._build(), {}
        for place, entry in enumerate(entries):
            by_key.setdefault(entry.key, []).append((place, entry))
        table = entries, by_key, max((key.count(" ") + 1 for key in by_key), default=0)
        if changes == self._changes:
            (self._entries, self._by_key, self._longest), self._built = table, time.monotonic()
        return table

    def _refresh(self):
        try:
            with self._lock:
                self._install(self._changes)
        finally:
            self._refreshing = False
            connections.close_all()  # this thread's own connections

    @staticmethod
    def _build():
        from archive.models import Tag

        tags = Tag.objects.prefetch_related("aliases").with_article_counts()
        entries = []
        for tag in tags:
            for written, alias in [(tag.name, ""), *[(a, a) for a in tag.alias_names]]:
                key = name_key(written)
                if key:
                    entries.append(Entry(key, tag.pk, tag.name, tag.kind, tag.slug, alias, tag.article_count))
        return entries

    def suggest(self, typed, limit=SUGGESTIONS):
        """Tags whose name or alias starts (or has a word starting) with ``typed``; busiest first."""
        prefix = name_key(typed)
        if not prefix:
            return []
        ranked = []
        for entry in self.entries():
            if entry.key.startswith(prefix):
                ranked.append((0, -entry.count, entry.alias != "", entry))
            elif f" {prefix}" in f" {entry.key}":
                ranked.append((1, -entry.count, entry.alias != "", entry))
        ranked.sort(key=lambda item: item[:3])
        seen, best = set(), []
        for *_, entry in ranked:
            if entry.tag_id not in seen:
                seen.add(entry.tag_id)
                best.append(entry)
        return best[:limit]

    def named_in(self, query):
        """Tags whose whole name or alias appears, as words, in ``query``; longest names first.

        Each run of the query's words is looked up as a key (a query has a few words, the archive
        thousands of names and aliases, which a search page used to sort and scan each time).
        """
        words = name_key(query).split()
        _, by_key, longest = self._table()
        runs = {" ".join(words[start:end]) for start in range(len(words))
                for end in range(start + 1, min(len(words), start + longest) + 1)}
        named = sorted((-len(key), place, entry) for key in runs for place, entry in by_key.get(key, ()))
        found = {}
        for *_, entry in named:
            found.setdefault(entry.tag_id, entry)
        return list(found.values())


tag_names = TagNames()
