"""Bring the search index up to date with articles written in bulk.

The importer and the tagger write with ``bulk_create`` and queryset
updates, which send no ``post_save`` or ``m2m_changed``: the realtime
signal processor (:mod:`archive.search.engine.signals`) would otherwise open an
index writer per article, minutes for a large file. Nothing global is
switched off, so an editor saving an article meanwhile is indexed as
usual. Once the records are committed, this module indexes them (drafts
too, for the editors' search) in batches, one index commit each.

Each batch is one ``engine.sync``: one searcher finds
the old copies, and the articles the import created (``fresh``: never
indexed, primary keys are never reused) skip even that. The fresh ones go
to the engine together, up to ``FRESH_BATCH`` at a time: Whoosh's engine
writes many at once as a rebuild does (a segment per core), where batches
of 2,000 would each have left a segment of their own.
"""
from archive.search import engine
from archive.search.engine.aliases import install_tag_aliases

# Measured on the corpus: 1,000 a batch 290 s and 477 MB, 2,000 178 s and 458 MB,
# 5,000 223 s and 623 MB (Whoosh merges segments at each commit).
BATCH = 2000
# Fresh articles at a time: bounds the memory of the segments written at once and how long the index's lock is
# held (an editor's save meanwhile waits in the outbox). The corpus's 29,975: 21 s, each segment's process at
# 0.96-0.98 GB resident (0.8 GB proportional: the rest shared with the import), 135 MB of index; by 10,000,
# 0.52-0.56 GB but 189 MB of index (six segments, each with its term dictionary).
FRESH_BATCH = 30_000


def sync_index(pks, progress=None, fresh=frozenset()):
    """Index the articles among ``pks``, remove the deleted ones; ``progress(n)`` after each batch.

    ``fresh`` are the ones among ``pks`` that were never indexed.
    """
    pks = sorted(pks)
    if not pks:
        return
    install_tag_aliases()  # tags and aliases the import created join the spelling variants
    new = [pk for pk in pks if pk in fresh]
    known = [pk for pk in pks if pk not in fresh]
    for batch in _batches(new, FRESH_BATCH) + _batches(known, BATCH):
        engine.sync(batch, fresh=fresh)
        if progress:
            progress(len(batch))


def _batches(pks, size):
    return [pks[start:start + size] for start in range(0, len(pks), size)]
