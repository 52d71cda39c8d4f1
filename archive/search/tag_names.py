"""Tags found by what a reader types: suggestions as they type, and names in a query.

Every tag name and alias is kept normalized (the search's normalization:
hamza, ة/ه, diacritics and tatweel fold away), so مَاكْرون, ماكرون and
ماكرون all find إيمانويل ماكرون. The table is built once per process and
rebuilt when a tag or alias changes (see ``apps.py``) or after
``MAX_AGE`` seconds, which also picks up other processes' edits and fresh
article counts.
"""
import threading
import time
from dataclasses import dataclass

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
        self._built = 0.0

    def invalidate(self, *args, **kwargs):
        self._entries = None

    def entries(self):
        if self._entries is None or time.monotonic() - self._built > MAX_AGE:
            with self._lock:
                self._entries = self._build()
                self._built = time.monotonic()
        return self._entries

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
        """Tags whose whole name or alias appears, as words, in ``query``; longest names first."""
        padded = f" {name_key(query)} "
        if not padded.strip():
            return []
        found = {}
        for entry in sorted(self.entries(), key=lambda e: -len(e.key)):
            if f" {entry.key} " in padded and entry.tag_id not in found:
                found[entry.tag_id] = entry
        return list(found.values())


tag_names = TagNames()
