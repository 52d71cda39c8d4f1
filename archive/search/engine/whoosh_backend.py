"""Haystack's Whoosh backend, taught Arabic, taught to share the index, and to search fast.

Haystack's stock backend gives every text field Whoosh's English
``StemmingAnalyzer`` and highlights with it too; ours gives them
``ArabicAnalyzer``. Keyword fields (tag slugs, source, month) are stored
unanalyzed so they facet and filter exactly. Every write waits for the index
lock instead of failing: haystack's ``remove()`` and ``clear()`` open a
writer that raises ``LockError`` the moment another process is writing
(haystack #680), and ``AsyncWriter`` can drop work when its process exits.

Searching bypasses haystack's ``SearchQuerySet`` (which opened two readers
per search and re-parsed a rendered query string): :meth:`run` evaluates
the parsed query tree over arrays (``whoosh_scoring``, ``whoosh_columns``)
with a searcher kept per thread, counting facets in the same pass.
"""
import logging
import os
from contextlib import contextmanager

import numpy as np
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.utils import get_identifier, get_model_ct
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh.columns import PickleColumn, VarBytesColumn
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, STORED, TEXT
from whoosh.index import LockError
from whoosh.reading import SegmentReader
from whoosh.util.filelock import try_for
from whoosh.writing import CLEAR

from archive.search.engine import whoosh_files, whoosh_lengths
from archive.search.engine.article_index import ArticleUnifiedIndex
from archive.search.engine.article_rows import prepared_articles
from archive.search.engine.fields import KeywordField, KeywordListField, StoredField
from archive.search.engine.query import LIST_FACETS, EngineHit, EngineResults
from archive.search.engine.whoosh_analysis import arabic_text_field
from archive.search.engine.whoosh_build import adding, build_beside, to_fold, write_segments
from archive.search.engine.whoosh_columns import IndexArrays
from archive.search.engine.whoosh_scoring import Evaluation, best_first

whoosh_files.install()
whoosh_lengths.install()

log = logging.getLogger(__name__)

RELATED_TITLE_BOOST = 2.0
RELATED_TAG_BOOST = 1.5
# Title-word completion: the most used words with the prefix are counted, this many times as many as wanted.
COMPLETION_CANDIDATES = 3

class _ListColumn(PickleColumn):
    """A column holding a list of values per document."""

    def stores_lists(self):
        return True


class KeywordList(KEYWORD):
    """Tag slugs: searchable keywords, and a list column per document.

    Facet counting with Whoosh's overlapping categorizer otherwise walks the
    posting list of every slug on every search (half of a query's time on
    30,000 articles); with the column it reads the list of the matching
    documents only. Haystack hands multi-valued fields over comma-joined.
    """

    def __init__(self):
        super().__init__(stored=False, commas=True, scorable=False)
        self.column_type = _ListColumn(VarBytesColumn())

    def to_column_value(self, value):
        return [item.strip() for item in value.split(",") if item.strip()] if value else []


# How long a writer waits for another process to finish writing, in seconds: well
# under a web worker's timeout (30 s); a write that cannot wait stays in the outbox.
LOCK_TIMEOUT = 10.0
LOCK_RETRY_DELAY = 0.05
# From how many never-indexed articles a sync writes them as a rebuild does, a segment per core: from 4,000 that
# is no more segments here (two cores) than Whoosh's writer leaves, one for each import batch of 2,000. Fewer go
# through this process's Whoosh writer, into one segment.
SEGMENTS_FROM = 4000
# "Did you mean": a word the index lacks is replaced by a word it knows at most this many edits away.
MAX_EDITS = 2


class ArabicWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            replacement = self._arabic_field(field_class, schema[name])
            if replacement is not None:
                schema.remove(name)
                schema.add(name, replacement)
        return content_field_name, schema

    @staticmethod
    def _arabic_field(field_class, built):
        if isinstance(field_class, StoredField):
            return STORED()
        if isinstance(field_class, KeywordListField):
            return KeywordList()
        if isinstance(field_class, KeywordField):
            return WHOOSH_ID(stored=field_class.stored, sortable=True)
        if isinstance(built, TEXT):  # phrases are looked for in the document field alone (title, lead and body)
            return arabic_text_field(phrase=field_class.document, stored=field_class.stored,
                                     field_boost=field_class.boost)
        return None

    def setup(self):
        super().setup()
        self._searcher = None
        self._searcher_key = ""
        self._arrays = None
        self._segment_arrays = {}

    def searcher(self):
        """This process's searcher, reopened only when the index has a new generation.

        Opening one reads every segment's term dictionary: keeping it makes
        a search cost what its matches cost. Haystack keeps a backend per
        thread, so each thread has its own searcher. A rebuild swaps in
        another folder, whose generation numbers start again: the folder is
        part of the check. The searcher's arrays (``whoosh_columns``) are
        renewed with it, reusing those of unchanged segments.
        """
        key = self.generation()
        if key == self._searcher_key:
            return self._searcher
        if self._searcher is None or key.rpartition(":")[0] != self._searcher_key.rpartition(":")[0]:
            self._searcher = self.index.searcher()
        else:
            self._searcher = self._searcher.refresh()
        self._arrays = IndexArrays(self._searcher, self.schema, self._segment_arrays)
        self._searcher_key = key
        return self._searcher

    def generation(self):
        """A value that changes whenever the index does: its folder, and its commit's generation.

        Asked three times a search (the results cache's key, the searcher, the facets' tag names). The folder
        is where the index's link points (``whoosh_build``), read with one ``readlink``:
        ``os.path.realpath`` looked at every part of the path, about 35 µs of a 50 µs check.
        """
        if not self.setup_complete:
            self.setup()
        return f"{_folder(self.path)}:{self.index.latest_generation()}"

    def stamps(self, pks=None):
        """{article pk: its ``stamp`` when indexed} for every document in the index, or for those of ``pks``."""
        searcher = self.searcher()
        if pks is None:
            documents = searcher.all_stored_fields()
        else:  # articles are the index's only model: their pk is their document's key
            documents = (searcher.stored_fields(number) for pk in pks
                         for number in searcher.document_numbers(**{DJANGO_ID: str(pk)}))
        return {int(fields[DJANGO_ID]): fields.get("stamp") for fields in documents}

    def rebuild(self, progress=None):
        """Index every article into a new index beside this one and swap it in (``whoosh_build``).

        The articles are read as rows (``article_rows``: what the article index would prepare from each article,
        without making a model object of each).
        """
        if not self.setup_complete:
            self.setup()
        build_beside(self.path, self.schema, map(self._fields, prepared_articles()), progress)
        self.index = self.storage.open_index(schema=self.schema)

    def run(self, engine_query):
        """Answer an ``EngineQuery`` with ``EngineResults``: one pass over whole arrays (``whoosh_scoring``)."""
        searcher = self.searcher()
        evaluation = Evaluation(searcher, self.schema, self._arrays)
        hit, score, undated = evaluation.matches(engine_query)
        if not engine_query.limit and not engine_query.facets:
            return EngineResults(total=int(hit.sum()), undated=undated)
        page = evaluation.order(hit, score, engine_query.sort, engine_query.offset + engine_query.limit)
        page = page[engine_query.offset:]
        scored = any(engine_query.clauses)
        hits = [EngineHit(pk=pk, score=round(float(score[doc]), 4) if scored else None)
                for doc, pk in zip(page.tolist(), self._arrays.pks(page.tolist()), strict=True)]
        facets = evaluation.facets(hit) if engine_query.facets else {}
        return EngineResults(total=int(hit.sum()), hits=hits, facets=facets, undated=undated)

    def correct_word(self, word):
        """The nearest word the index knows (two edits at most, the same first letter), the most used of equals,
        or None: as the PostgreSQL engine's.

        Whoosh's corrector walks the word list with a Levenshtein automaton
        built in Python: 0.3 to 2.3 s a word on the corpus, the longer the
        word the slower (a search page whose query was one word of 666
        letters took 55 s). Here each segment's words of the first letter
        are read once and measured against the word in C (rapidfuzz): 1 to 8 ms.
        """
        if not word:
            return None
        searcher = self.searcher()
        near = {}
        for reader, _, part in self._arrays.leaves:
            for found, edits, _ in process.extract(word, part.words_starting(reader, "text", word[0]),
                                                   scorer=Levenshtein.distance, score_cutoff=MAX_EDITS, limit=None):
                near[found] = edits
        near.pop(word, None)
        ranked = sorted((edits, -searcher.doc_frequency("text", found), found) for found, edits in near.items())
        return next((found for _, minus_docs, found in ranked if minus_docs < 0), None)

    def doc_frequency(self, word):
        return self.searcher().doc_frequency("text", word)

    def doc_frequencies(self, words):
        """{word: number of documents with it}, with one look at the index's generation."""
        searcher = self.searcher()
        return {word: searcher.doc_frequency("text", word) for word in words}

    def knows_word(self, word):
        return bool(self.doc_frequency(word))

    def more_like(self, identifier, words, tags, limit, as_of):
        """Ids of the documents public at ``as_of`` sharing most of ``words`` (title words count double) and
        ``tags``."""
        searcher = self.searcher()
        evaluation = Evaluation(searcher, self.schema, self._arrays)
        score = evaluation.related(words, [(kind, slug) for kind, slug in tags if kind in LIST_FACETS],
                                   RELATED_TITLE_BOOST, RELATED_TAG_BOOST, as_of)
        own = int(identifier.rpartition(".")[2])
        best = self._arrays.pks(best_first(np.flatnonzero(score > 0), score, limit + 1).tolist())
        return [pk for pk in best if pk != own][:limit]

    def title_words_starting(self, prefix, as_of, limit):
        """(word, public documents with it in their title) of the ``limit`` most used title words starting
        with ``prefix``. The term list holds drafts' words too: the most used words are counted again over
        the documents public at ``as_of``, and those found in none are dropped."""
        searcher = self.searcher()
        words = [term.decode("utf-8") if isinstance(term, bytes) else term
                 for term in searcher.reader().expand_prefix("title", prefix)]
        frequent = sorted(words, key=lambda word: -searcher.doc_frequency("title", word))
        frequent = frequent[:limit * COMPLETION_CANDIDATES]
        public = self._arrays.live & Evaluation(searcher, self.schema, self._arrays).public(as_of)
        counted = [(word, int(public[self._arrays.postings("title", word)[0]].sum())) for word in frequent]
        return sorted(((word, count) for word, count in counted if count), key=lambda pair: -pair[1])[:limit]

    def document_count(self):
        return self.searcher().doc_count()

    @contextmanager
    def _writing(self, **commit_options):
        """A writer under the index lock, committed at the end; the lock is always released.

        The lock is taken here, not by Whoosh's writer: when the writer
        cannot start (a read-only folder, a full disk) Whoosh raises from
        its constructor with the lock still held, and every later write of
        this process would wait for it and fail. On any failure the writer
        is abandoned quietly and the error goes to the caller (the outbox
        keeps the work for a retry).
        """
        lock = self.index.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=LOCK_TIMEOUT, delay=LOCK_RETRY_DELAY):
            raise LockError("the search index is being written by another process")
        writer = None
        try:
            writer = self.index.writer(_lk=False)
            yield writer
            writer.commit(**commit_options)
        except BaseException:
            if writer is not None:
                _abandon(writer)
            raise
        finally:
            lock.release()

    def update(self, index, iterable, commit=True):
        self.write(index, list(iterable))

    def write(self, index, objects=(), removed=()):
        """Index ``objects`` and delete the ``removed`` identifiers, in one commit.

        Whoosh's ``update_document`` opens a reader of the whole index for
        every document to delete its old copy, and each reader copies the
        segments' files into memory: a batch costs documents × index size
        (minutes per thousand articles once the index holds thousands).
        Here one searcher per batch finds every old copy.
        """
        if not self.setup_complete:
            self.setup()
        with self._writing() as writer:
            self._put(writer, index, objects, removed)

    def sync(self, index, pks, fresh=frozenset(), workers=None):
        """Index the public objects among ``pks`` (``index.index_queryset()`` decides) and
        delete the rest, in one commit. ``fresh`` are pks the caller believes were never indexed (a bulk
        import's new rows): no old copy is looked for, but whether the index holds them, which an editor's save
        or the outbox may have done since the caller looked. (``workers``, an import's, are the PostgreSQL
        engine's: Whoosh's writer analyses in its own process.)

        The database is read while this process holds the index lock: a change
        committed after the read is synced after this write, never before it,
        so an older copy can never overwrite a newer one (two writers raced
        that way: a document left for an unpublished article).
        """
        if not self.setup_complete:
            self.setup()
        model = index.get_model()
        with self._writing() as writer:
            fresh = fresh.intersection(pks)
            self._delete(writer, [get_identifier(model(pk=pk)) for pk in fresh], mostly_absent=True)
            if len(pks) >= SEGMENTS_FROM and fresh.issuperset(pks):
                self._add_segments(writer, pks)
                return
            public = list(index.index_queryset().filter(pk__in=pks))
            hidden = set(pks) - {obj.pk for obj in public}
            self._put(writer, index, public, [get_identifier(model(pk=pk)) for pk in hidden], fresh)

    def _add_segments(self, writer, pks):
        """Index articles never indexed before as a rebuild does (``whoosh_build``: read as rows, a segment per
        core written in parallel), their segments added to the index's in ``writer``'s commit.

        Whoosh's writer took 2 to 2.5 minutes for the corpus imported into an
        empty archive (one commit each 2,000 articles; this takes 21 s), and left 15 segments
        (245 MB, where the rebuild's two hold 135 MB: each segment has a
        term dictionary of its own), which every search then walked. The
        index's segments no larger than the new ones are written again with
        them, from the database (``whoosh_build.to_fold``), so that imports
        do not pile segments up either.
        """
        folded = to_fold(writer.segments, len(pks))
        documents = map(self._fields, prepared_articles(sorted(_pks_in(writer, folded).union(pks))))
        writer.mergetype = adding(write_segments(self.index, documents), instead_of=folded)

    def _put(self, writer, index, objects, removed, fresh=frozenset()):
        """Delete the old copies (none looked for those in ``fresh``) and the ``removed`` identifiers, add
        ``objects``' documents."""
        documents = [self._document(index, obj) for obj in objects]
        self._delete(writer, [*removed, *(get_identifier(obj) for obj in objects if obj.pk not in fresh)])
        for document in documents:
            writer.add_document(**document)

    @staticmethod
    def _delete(writer, identifiers, mostly_absent=False):
        """Delete the documents of ``identifiers`` in ``writer``, with one searcher. ``mostly_absent``: most of
        them are expected absent, so each is first looked up in the term dictionary, which is cheaper."""
        if not identifiers:
            return
        with writer.searcher() as searcher:
            reader = searcher.reader()
            for identifier in identifiers:
                if mostly_absent and (ID, identifier) not in reader:
                    continue
                for number in searcher.document_numbers(**{ID: identifier}):
                    writer.delete_document(number)

    def _document(self, index, obj):
        return self._fields(index.full_prepare(obj))

    def _fields(self, document):
        """A prepared document as Whoosh takes it."""
        document.pop("boost", None)  # Whoosh 2.5+ has no document boosts
        return {key: self._from_python(value) for key, value in document.items()}

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        with self._writing() as writer:
            writer.delete_by_term(ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        if models is None:
            self.delete_index()
            return
        with self._writing() as writer:
            for model in models:
                writer.delete_by_term(DJANGO_CT, get_model_ct(model))

    def delete_index(self):
        """Empty the index in one commit under the write lock.

        Haystack deletes the folder, which pulls the index from under any
        other process that is reading or writing it at that moment.
        """
        if not self.setup_complete:
            self.setup()
        with self._writing(mergetype=CLEAR):
            pass


def _folder(path):
    """The folder the index's link at ``path`` points to; ``path`` itself when it is a plain folder (an index
    from before the links) or missing."""
    try:
        return os.readlink(path)
    except OSError:
        return path


def _pks_in(writer, segments):
    """The pks of the live documents of ``segments`` (as ``writer`` sees them: its deletions count)."""
    pks = set()
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            pks.update(int(fields[DJANGO_ID]) for fields in reader.all_stored_fields())
        finally:
            reader.close()
    return pks


def _abandon(writer):
    """Cancel a failed writer; its clean-up may fail too (the folder that failed the write)."""
    try:
        writer.cancel()
    except Exception:
        log.warning("Cleaning up a failed search index write failed too", exc_info=True)


class ArabicWhooshEngine(WhooshEngine):
    unified_index = ArticleUnifiedIndex
    backend = ArabicWhooshSearchBackend
    query = WhooshSearchQuery
