"""The one door to the search engine: everything else in the archive asks here.

Searching, counting, spelling, related articles, title-word completion,
and keeping the index in step with the database (sync, remove, clear) all
go through these functions; only this package imports haystack's backend,
Whoosh or the PostgreSQL search code. The engine itself is the haystack
backend that ``HAYSTACK_CONNECTIONS`` names (``SEARCH_ENGINE``: Whoosh,
or PostgreSQL full-text search in the archive's own database).

Search results (ids, scores, totals, facet counts: never rendered pages)
are cached through Django's cache framework under the ``search`` alias,
keyed by the request and the index generation: a commit makes a new
generation, so an edit is visible to the next search and nothing stale is
served. Public results are keyed by one more thing, the moment the next
scheduled article becomes public (:func:`_visibility_key`): the index does
not change when an article's date comes, only the moment the engine filters
by does. Tag aliases join the analysis from here, before the engine
analyzes anything (:mod:`archive.search.engine.aliases`).

Behind the door: the index's shape (:mod:`.article_index`, :mod:`.fields`),
the signal processor and outbox that keep it level with the database
(:mod:`.signals`, :mod:`.outbox`), the request and result types
(:mod:`.query`), and each engine (``whoosh_*``, ``postgres_*``).
"""
import hashlib
from dataclasses import replace

from django.core.cache import caches
from django.utils import timezone
from haystack import connections
from haystack.utils import get_identifier

from archive.search.engine.aliases import ensure_tag_aliases
from archive.search.engine.query import (  # noqa: F401  (the door's types)
    PUBLIC,
    STAFF,
    EngineHit,
    EngineQuery,
    EngineResults,
    SearchTimeout,
)
from archive.slicing import slices

CACHE_ALIAS = "search"
# Articles a commit when syncing many (measured with Whoosh's writer on the corpus: 1,000 a batch 290 s and
# 477 MB, 2,000 178 s and 458 MB, 5,000 223 s and 623 MB).
CATCH_UP_BATCH = 2000
# Never-indexed articles a commit with Whoosh, which writes as many as a rebuild does, a segment per core: bounds
# the memory of the segments written at once and how long the index's lock is held (an editor's save meanwhile
# waits in the outbox). The corpus's 29,975: 21 s, each segment's process at 0.96-0.98 GB resident (0.8 GB
# proportional: the rest shared with the import), 135 MB of index; by 10,000, 0.52-0.56 GB but 189 MB of index
# (six segments, each with its term dictionary). By 2,000 they would each leave a segment of their own.
FRESH_BATCH = 30_000


def backend():
    """The configured engine, set up, with the tag aliases in its analysis."""
    ensure_tag_aliases()
    engine = connections["default"].get_backend()
    if not engine.setup_complete:
        engine.setup()
    return engine


def writes_in_transaction():
    """Whether the engine's documents are written in the transaction that changes the articles.

    True for PostgreSQL (its index is tables in the same database): the
    signal handlers write at once, and a rollback takes the documents back
    too. False for Whoosh, whose index is written after the commit.
    """
    return getattr(backend(), "transactional", False)


def search(engine_query):
    """``EngineResults`` for an ``EngineQuery``, from the cache when the index has not changed.

    A public query is judged as of now (``as_of``), and cached under the
    moment the next scheduled article becomes public as well as the index's
    generation.
    """
    engine = backend()
    index_generation = engine.generation()
    request_key = engine_query.cache_key()
    if engine_query.public:
        now = timezone.now()
        engine_query = replace(engine_query, as_of=wall_clock(now))
        request_key = f"{request_key}\n{_visibility_key(now, index_generation)}"
    key = _cache_key(index_generation, request_key)
    cache = caches[CACHE_ALIAS]
    found = cache.get(key)
    if found is None:
        try:
            found = engine.run(engine_query)
        except SearchTimeout:
            return EngineResults(timed_out=True)  # never cached: the next try may well finish
        cache.set(key, found)
    return found


def generation():
    """A value that changes whenever the index does (what cached results are keyed by)."""
    return backend().generation()


def knows_word(word):
    return backend().knows_word(word)


def correct_word(word):
    """The nearest word the index knows, or None."""
    return backend().correct_word(word)


def doc_frequencies(words):
    """{word: how many articles hold it}."""
    return backend().doc_frequencies(words)


def more_like(article, words, limit):
    """Ids of the public articles most like ``article``: sharing its ``words`` and its tags."""
    tags = [(tag.kind, tag.slug) for tag in article.tags.all()]
    return backend().more_like(get_identifier(article), words, tags, limit, wall_clock(timezone.now()))


def title_words_starting(prefix, limit):
    """(word, article count) of the ``limit`` most used title words starting with normalized ``prefix``,
    most used first: words of public articles only (a draft's title must not be offered to readers)."""
    return backend().title_words_starting(prefix, wall_clock(timezone.now()), limit)


def document_count():
    return backend().document_count()


def sync(pks, fresh=frozenset(), workers=None):
    """Index the articles among ``pks`` (drafts too: see ``archive.search.engine.article_index``), remove the deleted
    ones, in one commit.

    ``fresh`` are primary keys never indexed before (a bulk import's new rows). ``workers`` (an import's
    :class:`archive.importing.workers.Workers`) analyse the documents where they are written in the
    transaction (:func:`writes_in_transaction`).
    """
    backend().sync(_article_index(), pks, fresh=fresh, workers=workers)


def remove(identifier):
    """Remove one document by its haystack identifier (``archive.article.<pk>``)."""
    backend().remove(identifier)


def clear():
    backend().clear()


def rebuild(progress=None):
    """Index every article into a new index and swap it in; then catch up with edits made meanwhile."""
    backend().rebuild(progress)
    catch_up()


def catch_up(progress=None):
    """Make the index equal the database: (re)index what is missing or changed, remove what was deleted.

    Compares each article's change stamp with the one indexed, so it costs
    what changed. When most of the archive is missing (a new or emptied
    index), builds the whole index instead, which is faster. Returns the
    number of articles (re)indexed or removed.
    """
    from archive.models import Article

    wanted = _stamps(Article.objects.all())
    indexed = backend().stamps()
    if len(wanted) > 2 * CATCH_UP_BATCH and len(indexed) < len(wanted) / 2:
        rebuild(progress)
        return len(wanted)
    todo = _differing(wanted, indexed)
    sync_many(todo, fresh=frozenset(todo) - indexed.keys(), progress=progress)
    return len(todo)


def sync_many(pks, fresh=frozenset(), progress=None):
    """:func:`sync` ``pks`` a batch at a time, ``progress(n)`` after each: with Whoosh the never-indexed ones
    (``fresh``) together, up to ``FRESH_BATCH`` a commit, the rest ``CATCH_UP_BATCH`` a commit. (PostgreSQL
    analyses and writes each batch in its transaction: ``CATCH_UP_BATCH`` at a time, whatever they are.)"""
    at_once = CATCH_UP_BATCH if writes_in_transaction() else FRESH_BATCH
    new = [pk for pk in pks if pk in fresh]
    known = [pk for pk in pks if pk not in fresh]
    for batch in slices(new, at_once) + slices(known, CATCH_UP_BATCH):
        sync(batch, fresh=fresh)
        if progress:
            progress(len(batch))


def unindexed(pks):
    """The articles among ``pks`` whose document is missing, or older than the article (as ``catch_up`` judges).

    Costs a look-up per article, not a read of the whole index: an import asks
    it about the duplicates it skipped.
    """
    from archive.models import Article

    pks = sorted(pks)
    wanted, indexed = {}, {}
    for batch in slices(pks, CATCH_UP_BATCH):
        wanted |= _stamps(Article.objects.filter(pk__in=batch))
        indexed |= backend().stamps(batch)
    return _differing(wanted, indexed)


def _stamps(articles):
    """{pk: the change stamp its document must carry} of the ``articles`` queryset."""
    from archive.search.engine.article_index import change_stamp

    rows = articles.values_list("pk", "updated", "status")
    return {pk: change_stamp(updated, status) for pk, updated, status in rows}


def _differing(wanted, indexed):
    """The pks to sync so the ``indexed`` stamps become the ``wanted`` ones: missing, changed or deleted."""
    return sorted({pk for pk, stamp in wanted.items() if indexed.get(pk) != stamp} | (indexed.keys() - wanted.keys()))


def _article_index():
    from archive.models import Article

    return connections["default"].get_unified_index().get_index(Article)


def wall_clock(moment):
    """``moment`` as the index keeps dates: naive, in the site's time zone."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _visibility_key(now, index_generation):
    """Until when public results computed ``now`` stay true: the date of the next scheduled article.

    Between two searches the index may be unchanged (same generation) while
    an article's date has come: the second search must show it. Results
    judged at ``now`` hold until the earliest date still to come among
    published articles; keyed by that date, the cache serves them up to it
    and never after, and a new scheduled article changes the generation
    anyway. (A fixed time bucket would show an article up to a bucket late,
    or miss the cache all the time.) One read of the public order index,
    kept for the searches that follow while the generation is the same and
    that date has not come (the read was a tenth of a search's time).
    """
    global _next_due
    from archive.models import Article

    known_generation, read_at, due = _next_due
    if known_generation != index_generation or now < read_at or (due is not None and now >= due):
        due = Article.objects.next_due(now)
        _next_due = (index_generation, now, due)
    return f"due:{due.isoformat() if due else 'none'}"


# (index generation, when read, the next scheduled article's date or None), read by ``_visibility_key``.
_next_due = (None, None, None)


def _cache_key(index_generation, request_key):
    digest = hashlib.sha1(f"{index_generation}\n{request_key}".encode()).hexdigest()
    return f"search:{digest}"
