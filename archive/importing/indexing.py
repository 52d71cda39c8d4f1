"""Bring the search index up to date with articles written in bulk.

The importer and the tagger write with ``bulk_create`` and queryset
updates, which send no ``post_save`` or ``m2m_changed``: the realtime
signal processor (:mod:`archive.search.engine.signals`) would otherwise open an
index writer per article, minutes for a large file. Nothing global is
switched off, so an editor saving an article meanwhile is indexed as
usual. Once the records are committed, this module indexes them (drafts
too, for the editors' search) in batches, one index commit each.

Each batch is one ``engine.sync`` (``engine.sync_many``): one searcher
finds the old copies, and the articles the import created (``fresh``:
primary keys are never reused) are only looked up in the index's term
dictionary, under its lock (an editor who saved one meanwhile indexed it);
with Whoosh they go together, written as a rebuild writes them (a segment
per core).
"""
from archive.search import engine
from archive.search.engine.aliases import install_tag_aliases


def sync_index(pks, progress=None, fresh=frozenset()):
    """Index the articles among ``pks``, remove the deleted ones; ``progress(n)`` after each batch.

    ``fresh`` are the ones among ``pks`` that were never indexed.
    """
    pks = sorted(pks)
    if not pks:
        return
    install_tag_aliases()  # tags and aliases the import created join the spelling variants
    engine.sync_many(pks, fresh=fresh, progress=progress)
