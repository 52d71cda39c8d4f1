"""PostgreSQL full-text search behind the archive's search door, with the archive's own Arabic analysis.

Chosen with ``SEARCH_ENGINE=postgres`` (``HAYSTACK_CONNECTIONS`` names
:class:`PostgresSearchEngine`). The index is three tables in the archive's
own database (:mod:`postgres_models`): a document per article, with its status,
whose ``tsvector`` is built in Python by :mod:`postgres_vectors` (surfaces,
stems, variants and tag aliases as lexemes; title, tags and body weighted A,
B and D) and searched through a GIN index; a word table counting the
documents that hold each word; and a generation counter that a trigger
raises on every change of the documents.

**Index == database.** The document is written by the signal handlers in
the transaction that changes the article or its tags
(:attr:`PostgresSearchBackend.transactional`): it commits or rolls back
with them; a deleted article takes its document with it (a trigger on the
articles, migration 0011). Writers take one transaction-scoped advisory
lock, so the word counts stay exact and two writers never deadlock over
them; readers take no lock and see the last committed state, whole.

**Searching** compiles the parsed query tree into ``tsquery`` text (words
as ``surface | stem``, phrases with their distances, OR, NOT). Ranking is
Whoosh's idea in PostgreSQL's terms: for each scored term, ``ts_rank`` of
the document with the fields' weights, times the term's inverse document
frequency, summed. Facets are counted in the same statement over the
matched set (``unnest`` of the documents' keys). Every search runs under
``statement_timeout``. A reader's search keeps the documents public at its
``as_of`` (published status, undated or dated by then); the editors' search
(``audience=STAFF``) keeps every document.

**Reads** (searches, word counts, the generation) go to the database the
router gives the current request (:func:`archive.serving.replicas.reading_alias`):
a replica for a reader's page, the primary for an editor, a command or a
transaction; writes always go to the primary (``DATABASE``).
"""
import datetime
import gc
import logging
import multiprocessing
import os
import signal
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured
from django.db import connections as databases
from django.db import transaction
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery
from haystack.utils import get_identifier

from archive.answers import Done
from archive.copying import COPY_ROWS, copying
from archive.search.engine.aliases import follow_tag_aliases, installed_tag_aliases
from archive.search.engine.article_index import ArticleUnifiedIndex
from archive.search.engine.postgres_articles import articles_among, ids_newest_first
from archive.search.engine.postgres_rebuild import Replacement
from archive.search.engine.postgres_text import (
    NEWEST_FIRST,
    compile_query,
    ranked_candidates,
    ranked_page,
    ranked_rows,
    score_sql,
)
from archive.search.engine.postgres_tiers import (
    INDEX_NAMES_SQL,
    tier_conditions,
    tier_place,
    tier_starts,
    warn_of_former_tiers,
)
from archive.search.engine.postgres_vectors import BinaryVectorDumper, WordTally, counted_vectors, quote
from archive.search.engine.query import (
    LIST_FACETS,
    NEWEST,
    OLDEST,
    PUBLISHED_STATUS,
    RELEVANCE,
    SINGLE_FACETS,
    EngineHit,
    EngineResults,
    SearchTimeout,
)
from archive.search.syntax import Group, Not, Phrase
from archive.serving.replicas import PRIMARY, reading_alias
from archive.slicing import shares, slices

log = logging.getLogger(__name__)

DOCUMENTS = "archive_searchdocument"
WORDS = "archive_searchword"
GENERATION = "archive_searchgeneration"
# pg_advisory_xact_lock key of the index writers (any constant the archive owns).
WRITE_LOCK = 0x61726368697665  # "archive"
STATEMENT_TIMEOUT_MS = 5000
# Matches are counted exactly up to this many, then "more than" (Elasticsearch's track_total_hits default), in an
# archive of up to COUNT_IN_FULL_UP_TO documents; a larger one counts fewer (counted_matches), down to
# MIN_TRACK_TOTAL_HITS, unless SEARCH_TRACK_TOTAL_HITS sets the cap.
TRACK_TOTAL_HITS = 10_000
COUNT_IN_FULL_UP_TO = 100_000
MIN_TRACK_TOTAL_HITS = 1_000
# A phrase is looked for among fewer of the documents holding its words in a larger archive (phrase_checks).
MIN_PHRASE_CHECKS = 500
# Facets are counted over the first this many matches found (unnesting 10,000 documents' keys took 0.2 s).
FACET_HITS = 2000
# A ranked page ranks at most twice this many candidates (postgres_text.ranked_page): ts_rank reads each one's
# whole vector. Where fewer matches are counted (counted_matches), fewer: a tenth of them, MIN_RANK_CANDIDATES at
# least (a million's search ranked 300 to 400 candidates in 16 to 38 ms, reading their vectors out of TOAST;
# known-item quality on 10,000 articles did not move with 10 a kind: README).
RANK_CANDIDATES = 200
MIN_RANK_CANDIDATES = 100
# An index of the documents' vectors with their words' positions (RUM, Debian's postgresql-15-rum), made by hand
# where the extension can be installed (README): GIN keeps no positions, so a phrase of common words had every
# document holding its words read and tested whole (14,531 vectors for 101 matches at a million documents);
# this one answers the phrase from the index. Used when it exists, for phrases alone: its condition (true of
# every document) is written only in a phrase's search, so the planner cannot take it for words, where GIN is
# as fast and smaller. It reads every posting of the phrase's words, GIN reads the documents holding them all:
# a phrase goes through it when each of its words is in at least PHRASE_POSITIONS_MIN_DOCS documents and the
# rarest in at least a PHRASE_POSITIONS_SHARE of their sum (at 100,000 articles, «"وسائل إعلام"» took 376 ms
# through GIN and 103 through it; «"أمريكية وخطيبها"», one word 55 times rarer, 21 and 65).
PHRASE_INDEX = "searchdocument_vector_positions"
PHRASE_POSITIONS_MIN_DOCS = 500
PHRASE_POSITIONS_SHARE = 0.1
PHRASE_INDEX_CONDITION = "stamp IS NOT NULL"
PHRASE_INDEX_SQL = (f"CREATE INDEX {PHRASE_INDEX} ON {DOCUMENTS} USING rum (vector rum_tsvector_ops) "
                    f"WHERE {PHRASE_INDEX_CONDITION}")
# A search's memory for sorting and for the bitmap of matching rows: past PostgreSQL's default (4 MB) the
# bitmap of a word found in a third of a million documents turns lossy, and every row of a lossy page has its
# whole vector tested again.
SEARCH_WORK_MEM = "32MB"
# A search's plan runs in its own process. A parallel plan ran the date tiers' parts at once, in any order
# (Parallel Append): the first matches were no longer the newest, and every tier's bitmap was read (two words at
# a million: the oldest tier's 8,241 postings read for a count the newer tiers alone reached); starting workers
# costs milliseconds a search does not win back. (No search's plan reaches jit_above_cost, so JIT stays as set.)
SEARCH_PLAN_SETTINGS = {"max_parallel_workers_per_gather": "0"}
# Related articles: a shared tag counts as much as this share of a word matched in a title.
RELATED_TAG_WEIGHT = 0.3
WRITE_BATCH = 500
# An import's workers analyse a batch's documents in parts of this many, written as each is done (_Analysed).
STREAMED_ROWS = 250
# rebuild_index reads, analyzes and copies in documents this many at a time (WRITE_BATCH first).
REBUILD_BATCH = 2000
# For a rebuild's transaction: its index builds and sorts.
BULK_SETTINGS = {"work_mem": "256MB", "maintenance_work_mem": "512MB"}
# Title-word completion: the most used words with the prefix are checked, this many times as many as wanted.
COMPLETION_CANDIDATES = 3
KEY_SEPARATOR = "\x1f"  # never in a slug, a source's name or a month
# Processes that analyze documents for rebuild_index (the analysis is pure Python: one per core).
ANALYSIS_WORKERS = os.cpu_count() or 1


class PostgresSearchBackend(BaseSearchBackend):
    #: The signal handlers write documents inside the changing transaction, not after it.
    transactional = True

    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.database = options.get("DATABASE", "default")
        self.statement_timeout = int(options.get("STATEMENT_TIMEOUT_MS", STATEMENT_TIMEOUT_MS))
        cap = options.get("TRACK_TOTAL_HITS")
        self.track_total_hits = int(cap) if cap else None  # None: counted_matches of the archive's size
        self.facet_hits = int(options.get("FACET_HITS", FACET_HITS))
        self.rank_candidates = int(options.get("RANK_CANDIDATES", RANK_CANDIDATES))
        self.phrase_positions_min_docs = int(options.get("PHRASE_POSITIONS_MIN_DOCS", PHRASE_POSITIONS_MIN_DOCS))
        self.setup_complete = False

    def setup(self):
        vendor = databases[self.database].vendor
        if vendor != "postgresql":
            raise ImproperlyConfigured(
                f"SEARCH_ENGINE=postgres searches the archive's own database, but database "
                f"{self.database!r} is {vendor}: set DATABASE_URL=postgres://user:password@host/name "
                f"(or leave SEARCH_ENGINE unset to use the embedded Whoosh index).")
        self.setup_complete = True

    def _cursor(self):
        """A cursor on the primary, for writes and for what writers read."""
        return databases[self.database].cursor()

    def _read_alias(self):
        alias = reading_alias()
        return self.database if alias == PRIMARY else alias

    def _reading(self):
        """A cursor on the database this request reads (a replica for a reader's page)."""
        return databases[self._read_alias()].cursor()

    # -- writing -------------------------------------------------------------------

    def update(self, index, iterable, commit=True):
        self.write(index, list(iterable))

    def sync(self, index, pks, fresh=frozenset(), workers=None):
        """Index the articles among ``pks`` that exist (``index.index_queryset()`` holds them all, read here in
        SQL: ``postgres_articles``), delete the rest; ``workers`` (an import's ``Workers``) analyse them, if
        given."""
        pks = list(pks)
        if not pks:
            return
        with transaction.atomic(using=self.database), self._cursor() as cursor:
            self._lock(cursor)  # before reading the articles: what is read is what the last writer committed
            analysed = _Analysed([_document_fields(pk, data) for pk, data in articles_among(cursor, pks)], workers)
            self._write(analysed, removed=set(pks) - set(analysed.pks))

    def write(self, index, objects=(), removed=()):
        """Write the documents of ``objects`` and delete those of the ``removed`` pks, in one transaction."""
        objects = {obj.pk: obj for obj in objects}.values()
        self._write(_Analysed([_document_fields(obj.pk, index.full_prepare(obj)) for obj in objects]), removed)

    def _write(self, analysed, removed):
        """Write the documents an ``_Analysed`` makes, and delete the documents of the ``removed`` pks."""
        removed = sorted(set(removed) - set(analysed.pks))
        if not (analysed.pks or removed):
            return
        counts = analysed.counts
        with transaction.atomic(using=self.database), self._cursor() as cursor:
            self._lock(cursor)
            cursor.execute(
                f"SELECT article_id, tsvector_to_array(ts_filter(vector, '{{d}}')), "
                f"tsvector_to_array(ts_filter(vector, '{{a}}')) FROM {DOCUMENTS} WHERE article_id = ANY(%s)",
                [analysed.pks + removed])
            indexed = set()
            for pk, text_words, title_words in cursor.fetchall():
                counts.add(text_words, title_words, -1)
                indexed.add(pk)
            if removed:
                cursor.execute(f"DELETE FROM {DOCUMENTS} WHERE article_id = ANY(%s)", [removed])
            if analysed.binary:
                _insert_copied(cursor, analysed.rows(), new=indexed.issubset(removed), ordered=analysed.ordered)
            elif analysed.pks:
                # One statement for the batch (keys travel joined: arrays of arrays must be rectangular).
                pks, vectors, published, keys, stamps, statuses = zip(*analysed.rows(), strict=True)
                cursor.execute(
                    f"INSERT INTO {DOCUMENTS} (article_id, vector, published, keys, stamp, status) "
                    f"SELECT pk, vector::tsvector, published, string_to_array(keys, %s), stamp, status "
                    f"FROM unnest(%s::bigint[], %s::text[], %s::timestamp[], %s::text[], %s::text[], %s::text[]) "
                    f"AS batch (pk, vector, published, keys, stamp, status) ORDER BY pk {_UPSERT_DOCUMENT}",
                    [KEY_SEPARATOR, list(pks), list(vectors), list(published),
                     [KEY_SEPARATOR.join(row_keys) for row_keys in keys], list(stamps), list(statuses)])
            counts.save(cursor)

    def remove(self, obj_or_string, commit=True):
        identifier = get_identifier(obj_or_string)
        self.write(None, removed=[int(identifier.rpartition(".")[2])])

    def clear(self, models=None, commit=True):
        with transaction.atomic(using=self.database), self._cursor() as cursor:
            self._lock(cursor)
            cursor.execute(f"DELETE FROM {DOCUMENTS}")
            cursor.execute(f"DELETE FROM {WORDS}")

    def rebuild(self, progress=None):
        """Write every document anew into new tables, swapped in when complete, in one transaction: readers see
        the old index until it commits.

        The articles are read here in SQL (``postgres_articles``, what the article index would prepare from
        each article), a batch at a time, newest first (``ids_newest_first``: the physical order searches take
        their first matches in), and copied (``COPY``) into a new documents table with no
        index yet (``postgres_rebuild.Replacement``). The first, small batch is analyzed here; from the second
        on, the analysis runs in worker processes (one per core), which also count the words of their shares,
        while this one reads the next batch and copies the previous one in. Then the new documents table gets its
        indexes (built at once), constraints and triggers, while the workers' word counts are gathered; the word
        table is written afresh from them, into a new table as well, and completed; the new tables take the live
        ones' places.
        """
        with transaction.atomic(using=self.database), self._cursor() as cursor, _Analysts() as analysts:
            self._lock(cursor)
            self._bulk_settings(cursor)
            documents, words = Replacement(cursor, DOCUMENTS), Replacement(cursor, WORDS)
            pending, total = None, 0
            for batch in _batches(ids_newest_first(cursor)):
                fields = [_document_fields(pk, data) for pk, data in articles_among(cursor, batch)]
                analysed = analysts.analyze(fields) if fields else None  # queued behind the last one: see _Analysts
                if pending is not None:
                    total += self._copy(cursor, documents.name, pending.get(), progress)
                pending = analysed
            if pending is not None:
                total += self._copy(cursor, documents.name, pending.get(), progress)
            counting = analysts.counts()  # gathered while the server builds the documents' indexes
            documents.complete()
            counting.get().copy_into(cursor, words.name)
            words.complete()
            for table in (documents, words):
                table.swap()
            self._count_generation(cursor, total)

    @staticmethod
    def _bulk_settings(cursor):
        """Memory for this transaction's index builds and sorts (4 MB and 64 MB by default): the corpus's GIN
        index of vectors took 29 s to build with 16 MB, 11 to 13 s with 64 to 512 MB (under load)."""
        for name, value in BULK_SETTINGS.items():
            cursor.execute(f"SET LOCAL {name} = '{value}'")

    @staticmethod
    def _count_generation(cursor, documents):
        """A new generation holding ``documents``: the trigger counts the rows each statement changes, and the
        old table's rows went with the table, not by a statement."""
        cursor.execute(
            f"INSERT INTO {GENERATION} (id, value, xid, documents) "
            f"VALUES (1, 1, pg_current_xact_id()::text::bigint, %s) "
            f"ON CONFLICT (id) DO UPDATE SET value = {GENERATION}.value + 1, xid = EXCLUDED.xid, "
            f"documents = EXCLUDED.documents", [documents])

    @staticmethod
    def _copy(cursor, table, rows, progress):
        """Copy analyzed rows into ``table`` (created in this transaction: its rows are written frozen, with no
        later pass to mark them visible), in binary (the vectors as ``counted_vectors`` gives them with
        ``binary``); returns how many."""
        _copy_binary(cursor, table, rows, freeze=True)
        if progress:
            progress(len(rows))
        return len(rows)

    def _lock(self, cursor=None):
        """Wait for other index writers; held until this transaction ends."""
        if cursor is None:
            with self._cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        else:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])

    # -- the state of the index ------------------------------------------------------

    def generation(self):
        """Changes with every committed change of the documents (the trigger's counter and transaction id), and
        with the bounds of counting and ranking: cached results were counted and ranked under them."""
        with self._reading() as cursor:
            cursor.execute(f"SELECT xid, value FROM {GENERATION} WHERE id = 1")
            found = cursor.fetchone()
        state = f"{found[0]}:{found[1]}" if found else "0:0"
        return f"postgres:{state}:{self.track_total_hits or 'auto'}:{self.facet_hits}:{self.rank_candidates}"

    def stamps(self, pks=None):
        with self._cursor() as cursor:
            if pks is None:
                cursor.execute(f"SELECT article_id, stamp FROM {DOCUMENTS}")
            else:
                cursor.execute(f"SELECT article_id, stamp FROM {DOCUMENTS} WHERE article_id = ANY(%s)", [list(pks)])
            return dict(cursor.fetchall())

    def document_count(self):
        with self._reading() as cursor:
            return self._document_total(cursor)

    # -- searching -------------------------------------------------------------------

    def run(self, engine_query):
        """One statement counts (and facets), one reads the page; each costs a bounded amount of work.

        The count stops at ``track_total_hits`` matches (``counted_matches``
        of the archive's size by default), and facets are
        counted over the first ``facet_hits`` (``_count``); so do the undated
        matches the dates leave out, when asked (``count_undated``). A date-sorted
        page of words or tags is taken from the matches the count found when
        they hold it (``_page_of_counted``), else read off the date index
        (``_dated_page``); a ranked page ranks a bounded set of candidates, in
        the statement that counts (``_count``).
        """
        compiled = compile_query(engine_query.clauses)
        results = EngineResults()
        scored = compiled.tsquery is not None and any(engine_query.clauses)
        ranked = bool(engine_query.limit) and scored and engine_query.sort == RELEVANCE
        # Words and keys are found through the GIN indexes, tier by tier where there are tiers; dates alone through
        # the date indexes.
        keyed = bool(engine_query.tags or engine_query.sources)
        searching = self._searching(words=compiled.tsquery is not None or keyed, counting=True)
        with searching as cursor:
            cap = self.track_total_hits or counted_matches(searching.documents)
            window = max(min(self.rank_candidates, max(cap // 10, MIN_RANK_CANDIDATES)),
                         engine_query.offset + engine_query.limit) if ranked else 0
            frequencies = self._frequencies(cursor, compiled) if scored else None
            has_phrase, positions = scored and _has_phrase(engine_query.clauses), False
            if has_phrase:
                positions = self._positions_pay(compiled, frequencies) \
                    and self._prefer_positions(cursor, searching.index_names)
            where, params = self._conditions(engine_query, compiled, positions=positions)
            counted, phrase = (where, params), None
            if has_phrase and not positions:  # a phrase: looked for among the newest with its words
                words = replace(compiled, tsquery=compile_query(engine_query.clauses, positions=False).tsquery)
                if words.tsquery != compiled.tsquery:
                    counted = self._conditions(engine_query, words)
                    phrase = compiled.tsquery, phrase_checks(cap, searching.documents)
            undated = None
            if engine_query.count_undated and (engine_query.start or engine_query.end):
                undated = self._conditions(engine_query, compiled, dates=False, positions=positions)
            tiers = ()
            if searching.tier_starts and not positions:
                tiers = tier_conditions(searching.tier_starts, engine_query.start, engine_query.end)
            page = dated = None
            if ranked:
                page = (*self._score(cursor, compiled, frequencies), engine_query.limit, engine_query.offset)
            elif engine_query.limit and phrase is None and (compiled.tsquery is not None or keyed):
                dated = _ORDER[OLDEST if engine_query.sort == OLDEST else NEWEST], \
                    engine_query.offset + engine_query.limit
            ranked_hits, counted_page = self._count(cursor, *counted, engine_query.facets, results,
                                                    compiled.tsquery, window, cap, undated, tiers, phrase, page,
                                                    dated)
            if ranked:
                results.hits = ranked_hits
            elif engine_query.limit:
                results.hits = _page_of_counted(counted_page, results, searching.tier_starts if tiers else [],
                                                engine_query)
                if results.hits is None:
                    narrow = (compiled.tsquery is not None or keyed) and not results.total_is_lower_bound
                    results.hits = self._dated_page(cursor, engine_query, where, params, walk=not narrow)
                if scored:
                    self._add_scores(cursor, compiled, results.hits, frequencies)
        return results

    def _count(self, cursor, where, params, facets, results, tsquery, window, cap, undated=None, tiers=(),
               phrase=None, page=None, dated=None):
        """The total, exact up to ``cap`` (past it, a lower bound), and the facets over the first
        ``facet_hits`` matches found (``facets_counted_over`` when more match); returns (the ranked page's
        hits, the ``CountedPage``). With ``page`` (the score's SQL
        and parameters, the page's limit and offset), the ranked page's hits: the best of the
        candidates of ``window`` (``postgres_text.ranked_candidates``). With ``dated`` (an order of the
        dates, ``_ORDER``'s, and a number), the ``CountedPage`` of the matches found first: the number first
        of them in that order, and the oldest day found. With ``undated``
        (the query's conditions without its dates, ``_conditions``), ``results.undated`` too. With ``tiers``
        (``postgres_tiers.tier_conditions``), the matches are looked for tier by tier, newest first. With
        ``phrase`` (the query's ``tsquery`` and a number, ``phrase_checks``; ``where`` then finds the documents
        holding its words anywhere), the matches are looked for among that number first of those
        (``_phrase_checked``).

        One scan of the matches serves them all: the rows it reads for the
        count are kept (``found``), and the facets and the candidates (their
        vectors too, read out of TOAST for their scores) are read from them,
        never from the table again: a ranked page is one statement. With words, the matches
        are found through the GIN index alone (a bitmap of the matching
        rows, read until enough are found): an index scan in some other
        order would test each row's whole vector. The undated matches are
        none of those rows: they are counted in the same statement, by a
        scan of their own (``_undated_part``).

        The candidates are gathered into an array once and each match tested
        against it, not joined: a phrase's matches are estimated at one row
        (the planner cannot guess a phrase's share), and the join it chose
        for one row, a nested loop, deduplicated the candidates again for
        each match («"سد النهضة"» at a million: 989 times, 15 to 20 ms of 50).
        """
        sample = min(self.facet_hits, cap)
        parts, values = [], []
        if undated is not None:
            part, part_params = self._undated_part(*undated, cap)
            parts.append(part)
            values += part_params
        if not (facets or window or phrase or dated):  # a count alone keeps no row
            matching, matching_params = _matching("article_id", [], where, params, tiers)
            cursor.execute(" UNION ALL ".join([
                f"SELECT 1, NULL, count(*), NULL::float8 FROM (SELECT FROM ({matching}) AS m LIMIT %s) AS c",
                *parts]), [*matching_params, cap + 1, *values])
            return self._read_counts(cursor.fetchall(), facets, results, cap, sample, None), None
        columns, column_params = ["article_id"], []
        if facets:
            columns.append("keys")
        if window or dated:
            columns.append("published")
        if window:
            columns.append("head @@ %s::tsquery AS titled")
            column_params.append(tsquery)
        if page:
            columns.append("vector")
        holding, holding_params = "", []
        if phrase:
            holding, holding_params, matching, matching_params = self._phrase_checked(
                columns, column_params, where, params, tiers, *phrase)
            parts.append("SELECT 5, NULL, count(*), NULL::float8 FROM holding")
        else:
            matching, matching_params = _matching(", ".join(columns), column_params, where, params, tiers)
        parts.append("SELECT 1, NULL, count(*), NULL::float8 FROM (SELECT FROM found LIMIT %s) AS counted")
        values.append(cap + 1)
        if facets:
            parts.append("SELECT 2, key, count(*), NULL::float8 FROM (SELECT keys FROM found LIMIT %s) AS sampled, "
                         "unnest(sampled.keys) AS key GROUP BY key")
            values.append(sample)
        if page:
            candidates, candidate_params = ranked_candidates("found", window)
            best, best_params = ranked_rows(f"SELECT article_id AS candidate, vector FROM found "
                                            f"WHERE article_id = ANY(ARRAY({candidates}))", candidate_params, *page)
            parts.append(f"SELECT 3, NULL, candidate, score FROM ({best}) AS best")
            values += best_params
        if dated:
            order, first = dated
            parts += [f"SELECT 6, published::date::text, article_id, NULL::float8 FROM (SELECT article_id, "
                      f"published FROM found ORDER BY {order} LIMIT %s) AS first",
                      "SELECT 7, min(published)::date::text, count(*) - count(published), NULL::float8 FROM found"]
            values.append(first)
        cursor.execute(f"WITH {holding}found AS MATERIALIZED (SELECT * FROM ({matching}) AS m LIMIT %s) "
                       + " UNION ALL ".join(parts),
                       [*holding_params, *matching_params, max(cap + 1, window), *values])
        rows = cursor.fetchall()
        counted = CountedPage([(_day(day), pk) for part, day, pk, _ in rows if part == 6],
                              *next(((_day(day), undated) for part, day, undated, _ in rows if part == 7),
                                    (None, 0))) if dated else None
        return self._read_counts(rows, facets, results, cap, sample, phrase and phrase[1]), counted

    @staticmethod
    def _phrase_checked(columns, column_params, where, params, tiers, phrase, checked):
        """(SQL and parameters of ``holding``, a CTE of the first ``checked`` + 1 documents ``where`` finds,
        holding a phrase's words anywhere, newest first with ``tiers``; SQL and parameters of ``columns`` of the
        matches of ``phrase`` among its first ``checked``).

        GIN holds no positions: each document holding a phrase's words is
        read whole (its vector, out of TOAST) to find where they are, and a
        phrase of common words had tens of thousands read for a few hundred
        matches («"داعش شرقي"»: 30,000 at a million, 0.8 s). The documents
        are found by their words alone, which the index answers without
        reading a vector, and only the first ``checked`` of them are read.
        Whether more held the words is counted in ``holding`` too, which
        keeps each vector as a pointer into TOAST: read once, by the
        phrase's test (the documents holding the words were found twice, a
        fifth of the time of «"سد النهضة"» at a million).
        """
        names = ", ".join(column.rpartition(" AS ")[2] for column in columns)
        read = columns if "vector" in columns else [*columns, "vector"]
        candidates, candidate_params = _matching(", ".join(read), column_params, where, params, tiers)
        return (f"holding AS MATERIALIZED (SELECT * FROM ({candidates}) AS words LIMIT %s), ",
                [*candidate_params, checked + 1],
                f"SELECT {names} FROM (SELECT * FROM holding LIMIT %s) AS candidate WHERE vector @@ %s::tsquery",
                [checked, phrase])

    @staticmethod
    def _undated_part(where, params, cap):
        """The part of ``_count``'s statement counting the matches with no date (``where``: the query's other
        conditions), up to ``cap`` + 1. Found through the date index (its undated rows come last) and, with
        words, the GIN index, bitmaps ANDed: only undated matches are read."""
        return (f"SELECT 4, NULL, count(*), NULL::float8 FROM (SELECT FROM {DOCUMENTS} WHERE {where} "
                f"AND published IS NULL LIMIT %s) AS undated", [*params, cap + 1])

    @staticmethod
    def _read_counts(rows, facets, results, cap, sample, checked):
        """``_count``'s rows into ``results`` (total, facets, undated, and the documents a phrase was
        ``checked`` in); returns the ranked page's hits."""
        counts = {name: {} for name in (*SINGLE_FACETS, *LIST_FACETS)} if facets else {}
        best = []
        for part, key, number, score in rows:
            if part == 1:
                results.total = min(number, cap)
                results.total_is_lower_bound = number > cap
            elif part == 3:
                best.append((-score, number))
            elif part == 4:  # like the total, exact up to the cap; past it, not reported (how many is unknown)
                results.undated = number if number <= cap else None
            elif part == 5:  # more documents held the phrase's words than were read (none when it was capped)
                results.phrases_checked_in = checked if number > checked else None
            elif part in (6, 7):  # the CountedPage's (_count)
                continue
            else:
                name, _, value = key.partition(":")
                if name in counts:
                    counts[name][value] = number
        results.facets = counts
        if facets and (results.total_is_lower_bound or results.total > sample):
            results.facets_counted_over = sample
        return [EngineHit(pk=pk, score=round(-score, 4)) for score, pk in sorted(best)]

    def _dated_page(self, cursor, engine_query, where, params, walk):
        """Newest or oldest first (browsing sorts newest). With ``walk``, an index in that order is walked and
        left after the page, however many documents match: for browsing, dates alone, and words or tags found
        in more documents than the count's cap, where the page's matches come soon. Otherwise (no more
        matches than the cap) they are all taken from the indexes that find them and sorted: walking the
        date index would test row after row for a rare word or tag, each word test reading a whole vector
        (a word in 25 of 100,000 documents, newest first, took 864 ms that way)."""
        cursor.execute("SELECT set_config('enable_indexscan', %s, true), set_config('enable_bitmapscan', 'on', true)",
                       ["on" if walk else "off"])
        order = _ORDER[OLDEST if engine_query.sort == OLDEST else NEWEST]
        cursor.execute(f"SELECT article_id FROM {DOCUMENTS} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                       [*params, engine_query.limit, engine_query.offset])
        return [EngineHit(pk=pk, score=None) for (pk,) in cursor.fetchall()]

    def _add_scores(self, cursor, compiled, hits, frequencies=None):
        """A date-sorted page's scores, as a ranked one shows them: computed for the page's documents only
        (``frequencies`` as :meth:`_score` takes them, when the search has read them)."""
        if not hits:
            return
        score, score_params = self._score(cursor, compiled, frequencies)
        cursor.execute(*ranked_page(DOCUMENTS, [hit.pk for hit in hits], score, score_params, len(hits), 0))
        scores = dict(cursor.fetchall())
        for hit in hits:
            hit.score = round(scores[hit.pk], 4)

    def _conditions(self, engine_query, compiled, dates=True, positions=False):
        """SQL (and parameters) of the documents ``engine_query`` finds; without ``dates``, ignoring its dates;
        with ``positions``, through the positions index (``PHRASE_INDEX``)."""
        where, params = ["true"], []
        if compiled.tsquery is not None:
            where.append("vector @@ %s::tsquery")
            params.append(compiled.tsquery)
        if positions:
            where.append(PHRASE_INDEX_CONDITION)
        keys = [f"{name}:{value}" for name, value in (*engine_query.tags, *engine_query.sources)]
        if keys:
            where.append("keys @> %s::text[]")
            params.append(keys)
        if dates and engine_query.start:
            where.append("published >= %s")
            params.append(engine_query.start)
        if dates and engine_query.end:
            where.append("published <= %s")
            params.append(engine_query.end)
        if engine_query.public:
            public, public_params = _public(engine_query.as_of)
            where.append(public)
            params.extend(public_params)
        return " AND ".join(where), params

    def _score(self, cursor, compiled, frequencies=None):
        """SQL summing, over the scored terms, ts_rank × the term's inverse document frequency (``_frequencies``,
        read here unless given)."""
        frequencies = dict(frequencies or self._frequencies(cursor, compiled))
        return score_sql(compiled.scored, frequencies, frequencies.pop(None, 0))

    @staticmethod
    def _frequencies(cursor, compiled):
        """{lexeme: documents holding it} of the scored terms, and {None: the number of documents}, in one
        statement."""
        lexemes = list(dict.fromkeys(lexeme for word in compiled.scored for lexeme in word))
        cursor.execute(f"SELECT word, docs FROM {WORDS} WHERE word = ANY(%s) "
                       f"UNION ALL SELECT NULL, documents FROM {GENERATION} WHERE id = 1", [lexemes])
        return dict(cursor.fetchall())

    def _positions_pay(self, compiled, frequencies):
        """Whether the positions index finds this phrase for less than GIN would (``PHRASE_POSITIONS_SHARE``):
        each word (its lexemes' documents summed) common, and the rarest not much rarer than the rest."""
        words = [sum(frequencies.get(lexeme, 0) for lexeme in word) for word in compiled.scored]
        return bool(words) and min(words) >= self.phrase_positions_min_docs \
            and min(words) >= PHRASE_POSITIONS_SHARE * sum(words)

    @staticmethod
    def _prefer_positions(cursor, index_names):
        """Keep this search to index scans, which only the positions index offers for words, where there is one
        among ``index_names`` (the documents table's, ``_Searching``); returns whether there is."""
        if PHRASE_INDEX not in index_names:
            return False  # the bitmap scans of the GIN index, as ``_Searching`` set them for words
        cursor.execute("SELECT set_config('enable_indexscan', 'on', true), "
                       "set_config('enable_bitmapscan', 'off', true)")
        return True

    def _document_total(self, cursor):
        """The number of documents (for inverse document frequencies), as the trigger keeps it."""
        cursor.execute(f"SELECT documents FROM {GENERATION} WHERE id = 1")
        found = cursor.fetchone()
        return found[0] if found else 0

    def _searching(self, words=False, counting=False):
        return _Searching(self, words, counting)

    # -- words -------------------------------------------------------------------------

    def doc_frequency(self, word):
        with self._reading() as cursor:
            cursor.execute(f"SELECT docs FROM {WORDS} WHERE word = %s", [word])
            found = cursor.fetchone()
        return found[0] if found else 0

    def doc_frequencies(self, words):
        """{word: how many documents hold it} for ``words``, in one query."""
        words = list(dict.fromkeys(words))
        if not words:
            return {}
        with self._reading() as cursor:
            cursor.execute(f"SELECT word, docs FROM {WORDS} WHERE word = ANY(%s)", [words])
            known = dict(cursor.fetchall())
        return {word: known.get(word, 0) for word in words}

    def knows_word(self, word):
        return self.doc_frequency(word) > 0

    def correct_word(self, word):
        """The nearest word the index knows (two edits at most, the same first letter), the most used of equals."""
        if not word:
            return None
        with self._searching() as cursor:
            cursor.execute(
                f"SELECT word FROM (SELECT word, docs, levenshtein_less_equal(word, %s, 2) AS distance FROM {WORDS} "
                f"  WHERE word LIKE %s AND docs > 0 AND word <> %s AND length(word) BETWEEN %s AND %s) AS near "
                f"WHERE distance <= 2 ORDER BY distance, docs DESC, word LIMIT 1",
                [word, _like_prefix(word[0]), word, len(word) - 2, len(word) + 2])
            found = cursor.fetchone()
        return found[0] if found else None

    def title_words_starting(self, prefix, as_of, limit):
        """(word, documents with it in their title) of the ``limit`` most used title words starting with
        ``prefix``, among words in the title of an article public at ``as_of`` (the word table counts drafts
        too: a draft's words must not be offered to readers)."""
        public, public_params = _public(as_of)
        with self._searching() as cursor:
            cursor.execute(
                f"SELECT word, title_docs FROM ("
                f"  SELECT word, title_docs FROM {WORDS} WHERE word LIKE %s AND title_docs > 0 "
                f"  ORDER BY title_docs DESC, word LIMIT %s) AS frequent "
                f"WHERE EXISTS (SELECT 1 FROM {DOCUMENTS} "
                f"  WHERE vector @@ (quote_literal(word) || ':A')::tsquery AND {public}) "
                f"ORDER BY title_docs DESC, word LIMIT %s",
                [_like_prefix(prefix), limit * COMPLETION_CANDIDATES, *public_params, limit])
            return cursor.fetchall()

    def more_like(self, identifier, words, tags, limit, as_of):
        """Ids of the documents public at ``as_of`` sharing most of ``words`` (in titles most) and ``tags``."""
        keys = [f"{kind}:{slug}" for kind, slug in tags if kind in LIST_FACETS]
        if not (words or keys):
            return []
        either = " | ".join(quote(word) for word in words) or None
        pk = int(identifier.rpartition(".")[2])
        public, public_params = _public(as_of)
        with self._searching() as cursor:
            cursor.execute(
                f"SELECT article_id FROM {DOCUMENTS} "
                f"WHERE article_id <> %s AND (vector @@ %s::tsquery OR keys && %s::text[]) AND {public} "
                f"ORDER BY ts_rank('{{0.1, 0.1, 0.4, 1.0}}', vector, %s::tsquery) * %s "
                f"  + {RELATED_TAG_WEIGHT} "
                f"* cardinality(ARRAY(SELECT unnest(keys) INTERSECT SELECT unnest(%s::text[]))) "
                f"DESC, article_id LIMIT %s",
                [pk, either or "", keys, *public_params, either or "", len(words), keys, limit])
            return [row[0] for row in cursor.fetchall()]


# The orders of the indexes searchdocument_newest and searchdocument_published (postgres_models).
_ORDER = {
    NEWEST: NEWEST_FIRST,
    OLDEST: "published ASC NULLS LAST, article_id",
}


def counted_matches(documents):
    """How many matches a search counts in an archive of ``documents`` (when ``SEARCH_TRACK_TOTAL_HITS`` is not
    set): ``TRACK_TOTAL_HITS`` up to ``COUNT_IN_FULL_UP_TO`` documents, then fewer in proportion as the archive
    grows (in thousands), ``MIN_TRACK_TOTAL_HITS`` from a million on.

    Each match counted is a row read, nearly each on a page of its own, in
    a table that outgrows memory; the rest of a search (the index's
    postings, the candidates ranked) grows with the archive too. At a
    million documents, counting to 10,000 read 9,929 pages, 60 to 90 ms of a
    search aimed at 50; to 1,000 about a tenth. The reader is told
    «أكثر من 1٬000 نتيجة» and gets 50 pages of 20, the facets counted over
    those 1,000 (and told so).
    """
    if documents <= COUNT_IN_FULL_UP_TO:
        return TRACK_TOTAL_HITS
    scaled = TRACK_TOTAL_HITS * COUNT_IN_FULL_UP_TO // documents // 1000 * 1000
    return max(MIN_TRACK_TOTAL_HITS, scaled)


@dataclass
class CountedPage:
    """The matches a search's count found first in the page's order (``_count`` with ``dated``): ``first``,
    (day or None, id) of each; and of all it found, the ``oldest`` day and how many were ``undated``."""

    first: list
    oldest: datetime.date | None
    undated: int


def _page_of_counted(counted, results, starts, engine_query):
    """The page's hits taken from the matches the count found (``counted``, a ``CountedPage``) with no other
    scan of them; None when the page may hold a match the count did not find.

    Every match is among them when the total is exact. Past the cap, the
    count found them tier by tier, newest first (``starts``: the tiers'
    first days, ``tier_starts``), so every match of a tier newer than the
    oldest found's was found: a newest-first page whose last document is in
    such a tier is theirs. A person in 1,107 of a million documents had its
    page read off the date index instead, 16,575 rows walked for 20 (45 ms).
    """
    if counted is None:
        return None
    page = [EngineHit(pk=pk, score=None) for _day, pk in counted.first[engine_query.offset:]]
    if not results.total_is_lower_bound:
        return page
    if not starts or engine_query.sort == OLDEST or len(page) < engine_query.limit:
        return None
    found_from = tier_place(starts, None if counted.undated else counted.oldest)
    return page if tier_place(starts, counted.first[-1][0]) < found_from else None


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def phrase_checks(cap, documents):
    """How many of the documents holding a phrase's words are read to find where they are (``_phrase_checked``),
    in an archive of ``documents`` whose count stops at ``cap``: as many up to ``COUNT_IN_FULL_UP_TO``
    documents, then fewer in proportion as the archive grows, ``MIN_PHRASE_CHECKS`` at least.

    A counted match reads a row; a checked one reads its whole vector out
    of TOAST (4 to 5 pages at a million) and decompresses it: the phrases
    whose words 1,000 documents held spent 30 to 65 ms of a search aimed at
    50 there, reading them.
    """
    if documents <= COUNT_IN_FULL_UP_TO:
        return cap
    return min(cap, max(MIN_PHRASE_CHECKS, cap * COUNT_IN_FULL_UP_TO // documents))


def _has_phrase(nodes):
    """Whether the parsed query holds a phrase of two words or more (anywhere in its tree)."""
    for node in nodes:
        if isinstance(node, Phrase) and len(node.words_) > 1:
            return True
        if isinstance(node, Group) and _has_phrase(node.items) or isinstance(node, Not) and _has_phrase([node.item]):
            return True
    return False


def _matching(columns, column_params, where, params, tiers):
    """SQL (and parameters) of ``columns`` of the documents matching ``where``: with ``tiers``, one part per
    tier, newest first, which PostgreSQL reads in turn until a ``LIMIT`` around them is reached."""
    if not tiers:
        return f"SELECT {columns} FROM {DOCUMENTS} WHERE {where}", [*column_params, *params]
    parts = [f"(SELECT {columns} FROM {DOCUMENTS} WHERE {where} AND {tier})" for tier in tiers]
    return " UNION ALL ".join(parts), [*column_params, *params] * len(tiers)


def _public(as_of):
    """SQL (and parameters) of "public at ``as_of``" on a document: ``Article.objects.published()``'s rule."""
    return "(status = %s AND (published IS NULL OR published <= %s))", [PUBLISHED_STATUS, as_of]


def _like_prefix(prefix):
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _Searching:
    """A cursor whose statements PostgreSQL cancels after the backend's ``statement_timeout``.

    ``set_config(…, true)`` (``SET LOCAL``) lasts until the transaction ends,
    and a savepoint released keeps it: so the search runs in a transaction
    (a savepoint when one is open) that is rolled back at its end, which the
    settings do not outlive; it writes nothing, so nothing else is undone.
    They are made in one statement, one round trip.
    A cancelled search raises :class:`SearchTimeout`. With ``words`` (words
    or keys to find), the planner is kept to the GIN indexes (to the positions index for a phrase,
    ``PostgresSearchBackend._prefer_positions``), and the documents table's
    indexes are read in the same statement (``index_names``): the positions
    index and the date tiers of the GIN indexes (``tier_starts``: none when
    there are none), where there are.
    """

    def __init__(self, backend, words=False, counting=False):
        self.backend, self.words, self.counting = backend, words, counting
        self.index_names, self.tier_starts, self.documents = (), [], 0

    def __enter__(self):
        alias = self.backend._read_alias()
        self.atomic = transaction.atomic(using=alias)
        self.atomic.__enter__()
        self.cursor = databases[alias].cursor()
        settings = {"statement_timeout": str(int(self.backend.statement_timeout)), "work_mem": SEARCH_WORK_MEM,
                    **SEARCH_PLAN_SETTINGS}
        if self.words:
            # A GIN index serves every word: reading the whole table and decompressing each vector to test it
            # never pays, but the planner prices ``@@`` as cheap and would (0.9 s for 10,000 matches); an index
            # scan in another order would test each row's whole vector too. Keys are found the same way (the tiers
            # hold them with the words).
            settings |= {"enable_seqscan": "off", "enable_indexscan": "off", "enable_bitmapscan": "on"}
        statement = "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in settings)
        values = [value for pair in settings.items() for value in pair]
        if self.words:  # the positions index and the date tiers of the GIN indexes, when there are (postgres_tiers)
            statement += f", ({INDEX_NAMES_SQL})"
            values.append(DOCUMENTS)
        if self.counting:
            statement += f", (SELECT documents FROM {GENERATION} WHERE id = 1)"
        self.cursor.execute(statement, values)
        row = self.cursor.fetchone()[len(settings):]
        if self.words:
            self.index_names, row = row[0] or (), row[1:]
            self.tier_starts = tier_starts(self.index_names)
            if not self.tier_starts:
                warn_of_former_tiers(self.index_names)
        if self.counting:
            self.documents = row[0] or 0
        return self.cursor

    def __exit__(self, kind, error, traceback):
        self.cursor.close()
        transaction.set_rollback(True, using=self.atomic.using)
        self.atomic.__exit__(kind, error, traceback)
        cause = getattr(error, "__cause__", None)
        if cause is not None and type(cause).__name__ == "QueryCanceled":
            raise SearchTimeout(str(cause).strip()) from error
        return False


def _document_fields(pk, data):
    """(pk, title, tag names, text, published, keys, stamp, status): what the index keeps of the article ``pk``
    whose ``full_prepare`` is ``data``, not yet analyzed."""
    keys = [f"{kind}:{slug}" for kind in LIST_FACETS for slug in data.get(kind) or ()]
    keys += [f"{name}:{data[name]}" for name in SINGLE_FACETS if data.get(name)]
    return (pk, data.get("title") or "", data.get("tag_names") or "", data.get("text") or "",
            data.get("published"), [key.replace(KEY_SEPARATOR, " ") for key in keys], data.get("stamp") or "",
            data.get("status") or PUBLISHED_STATUS)


def _batches(ids):
    """``ids`` in rebuild batches: a first of ``WRITE_BATCH`` (it warms the analysis here), then of
    ``REBUILD_BATCH``."""
    return [ids[:WRITE_BATCH], *slices(ids[WRITE_BATCH:], REBUILD_BATCH)]


class _Analysed:
    """The rows of a list of ``_document_fields``' tuples and the ``_WordCounts`` of their words (complete once
    :meth:`rows` is read through), analysed here or by ``workers`` (``archive.importing.workers.Workers``), with
    the tag aliases installed here.

    A batch that ``_write`` copies in (``COPY_ROWS``) has its vectors in binary form (``counted_vectors``'
    ``binary``), a smaller one as text. The workers analyse it in parts of ``STREAMED_ROWS``, each shared among
    them, and :meth:`rows` gives a part's rows as soon as it is done: the server writes the first documents (their
    GIN entries about 0.4 ms of its CPU each) while the workers analyse the next, where it waited for the whole
    batch.
    """

    def __init__(self, batch, workers=None):
        self.pks = [fields[0] for fields in batch]
        self.ordered = self.pks == sorted(self.pks)
        self.binary = len(batch) >= COPY_ROWS
        self.counts = _WordCounts()
        if workers is None:
            self.parts = [(batch, Done([_analyzed_share(_texts(batch), self.binary)]))]
        else:
            aliases = installed_tag_aliases()
            self.parts = [(part, workers.map(_analyzed_share, _texts(part), self.binary, aliases))
                          for part in slices(batch, STREAMED_ROWS)]

    def rows(self):
        """Each row, in the batch's order, a part at a time as the workers finish it; the counts meanwhile."""
        for part, analysed in self.parts:
            vectors = []
            for share_vectors, share_counts in analysed.get():
                if self.binary:
                    self.counts.copied.append(share_counts)
                else:
                    self.counts.merge(*share_counts)
                vectors += share_vectors
            yield from _with_vectors(part, vectors)


def _analyzed_share(texts, binary, aliases=None):
    """(vectors, the counts of their words) of a share of ``_Analysed``'s batch's ``_texts``: what a worker reads
    and makes, as a rebuild's ``_Analysts`` send and take (the rest of each row stays with the batch, not pickled
    there and back). In a worker, with the importing process's tag aliases (``aliases``,
    :func:`installed_tag_aliases`). The counts are ``WordTally.counts()``, or for a batch copied in (``binary``),
    the ``COPY`` text of their rows (``_WordCounts.copied``)."""
    if aliases is not None:
        follow_tag_aliases(aliases)
    tally = WordTally()
    vectors = counted_vectors(texts, tally, binary=binary)
    if not binary:
        return vectors, tally.counts()
    text_docs, title_docs = tally.counts()
    return vectors, "".join([*(_count_line(word, docs, 0) for word, docs in text_docs.items()),
                             *(_count_line(word, 0, docs) for word, docs in title_docs.items())])


# What COPY's text format escapes in a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _count_line(word, docs, titles):
    """One word's counts as a line of the word table's ``COPY`` text."""
    return f"{_copy_value(word)}\t{docs}\t{titles}\n"


def _copy_value(word):
    """``word`` as a value of COPY's text format. Letters and digits alone (every word but the rare one) need no
    escape: translating each word was two thirds of writing a share's counts (69 -> 25 ms for the 18,800 words of
    125 articles), which py-spy put at a tenth of an analyst's time."""
    return word if word.isalnum() else word.translate(_COPY_ESCAPES)


# The documents' columns a rebuild copies in, and their types (the binary COPY writes each as its type).
_COPIED_COLUMNS = "article_id, vector, published, keys, stamp, status"
_COPIED_TYPES = ["bigint", "tsvector", "timestamp", "text[]", "text", "text"]


def _rows(batch, tally, binary=True):
    """The binary ``COPY`` rows (tuples of its columns) of a list of ``_document_fields``' tuples, their words counted
    into ``tally`` (a ``WordTally``); without ``binary``, the vectors as text."""
    return _with_vectors(batch, counted_vectors(_texts(batch), tally, binary=binary))


def _texts(batch):
    """What the analysis reads of a list of ``_document_fields``' tuples: (title, tag names, text) of each."""
    return [(title, tag_names, text) for _pk, title, tag_names, text, *_rest in batch]


def _with_vectors(batch, vectors):
    """The ``COPY`` rows of a list of ``_document_fields``' tuples, given their vectors."""
    return [(pk, vector, published, keys, stamp, status)
            for (pk, _title, _tags, _text, published, keys, stamp, status), vector in zip(batch, vectors,
                                                                                          strict=True)]


class _Analysts:
    """Worker processes that analyze batches of documents, started only for a second batch.

    Forked, so they share the analysis' tables (tag aliases included) as
    they are now, and the words the first batch analysed here (workers
    started cold spent half as much again on 8,000 articles); they never
    touch the database. Where processes cannot be forked, or on one core,
    batches are analyzed here. Each worker analyses one share of every
    batch and counts its words until the end (``WordTally``): the counts
    come back once, not a batch at a time (merging them here cost this
    process seconds). A thread a worker (its carrier) carries its shares'
    texts there and their vectors back in turn, as a ``Pool``'s threads do
    (the rest of each row stays here: pickling it there and back cost
    about a second of CPU over the corpus): this process reads the next
    batch and copies the last one meanwhile, not waiting on a pipe that
    takes a few megabytes 64 KB at a time, a worker's turn on the CPU each.
    A batch is given before the last one's rows are taken: a worker done
    with its share starts on its next at once, not when the slower one and
    this process are done with theirs.
    """

    def __enter__(self):
        self.workers, self.batches, self.tally = [], 0, WordTally()
        return self

    def analyze(self, batch):
        """Something whose ``get()`` gives the batch's ``COPY`` rows."""
        self.batches += 1
        if self.batches == 2 and ANALYSIS_WORKERS > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.workers = [_Analyst() for _worker in range(ANALYSIS_WORKERS)]
        if not self.workers:
            return Done(_rows(batch, self.tally))
        return _Shares([(part, worker.ask(_texts(part)))
                        for worker, part in zip(self.workers, shares(batch, len(self.workers)), strict=False)])

    def counts(self):
        """Something whose ``get()`` gives the ``_WordCounts`` of every batch analyzed. With workers, they send
        their counts and a carrier thread merges and writes them out while the caller goes on: the documents'
        index builds run in the server on one core, and the counts (1 to 2 s of waiting under load) take the
        other."""
        if not self.workers:
            return Done(self._merged([]))
        answers = [worker.ask(None) for worker in self.workers]
        return _Later(self.workers[0].carrier.submit(self._merged, answers))  # once that worker's counts are in

    def _merged(self, answers):
        counts = _WordCounts()
        counts.merge(*self.tally.counts())
        for answer in answers:
            counts.merge(*answer.result())
        return counts.written_out()

    def __exit__(self, *exc):
        for worker in self.workers:  # a carrier waiting on its pipe meets its end
            worker.process.terminate()
            worker.process.join()
        for worker in self.workers:  # what a carrier was still asked to send finds no worker: it is dropped
            worker.carrier.shutdown(cancel_futures=True)
            worker.pipe.close()
        return False


class _Analyst:
    """One worker process of ``_Analysts``, the pipe to it and its carrier thread."""

    def __init__(self):
        self.pipe, theirs = multiprocessing.get_context("fork").Pipe()
        self.process = multiprocessing.get_context("fork").Process(target=_analyst, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        self.carrier = ThreadPoolExecutor(1)

    def ask(self, texts):
        """A future of the worker's answer to ``texts``, sent once it has answered those asked before."""
        return self.carrier.submit(self._exchange, texts)

    def _exchange(self, texts):
        """The worker's answer to ``texts``: their vectors (None: its counts)."""
        try:
            self.pipe.send(texts)
            answer = self.pipe.recv()
        except (EOFError, OSError) as error:
            raise RuntimeError(f"an analysis worker ended (exit code {self.process.exitcode})") from error
        if isinstance(answer, _Failed):
            raise RuntimeError(f"an analysis worker failed:\n{answer.traceback}")
        return answer


def _analyst(pipe):
    """A worker's life: the binary vectors of each share of texts it receives (``_texts``: the rest of a row
    stays in the rebuild's process, not pickled there and back), then (at None) its words' counts."""
    gc.freeze()  # what it inherited lives as long as it does: as the import's workers (importing.workers._started)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the rebuild's to handle: it ends the workers
    tally = WordTally()
    try:
        while (texts := pipe.recv()) is not None:
            pipe.send(counted_vectors(texts, tally, binary=True))
        pipe.send(tally.counts())
    except Exception:  # noqa: BLE001 - sent to the rebuild, which raises it
        pipe.send(_Failed(traceback.format_exc()))


@dataclass
class _Failed:
    traceback: str


class _Shares:
    """The rows of a batch's shares, as the workers' carriers bring their vectors back: (share, future) pairs."""

    def __init__(self, answers):
        self.answers = answers

    def get(self):
        return [row for share, answer in self.answers for row in _with_vectors(share, answer.result())]


class _Later:
    """What a carrier thread is making (``get()`` waits for it)."""

    def __init__(self, future):
        self.future = future

    def get(self):
        return self.future.result()


_UPSERT_DOCUMENT = ("ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, published = EXCLUDED.published, "
                    "keys = EXCLUDED.keys, stamp = EXCLUDED.stamp, status = EXCLUDED.status")


def _staged(cursor, name, columns):
    """An empty temporary table of this session's, to ``COPY`` a batch into (emptied at commit, and here)."""
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({columns}) ON COMMIT DELETE ROWS")
    cursor.execute(f"TRUNCATE {name}")
    return name


def _insert_copied(cursor, rows, new, ordered=False):
    """Write a large batch of documents (binary ``COPY`` rows) through a binary ``COPY``: the statement's arrays,
    quoted in Python by the driver, took a tenth of an import's time, and parsing the vectors' text a tenth of
    the server's. ``new`` documents (none of their articles has one) are copied in, in article order (``rows``
    are in it if ``ordered``, and are then copied as they come); others into a staging table, then upserted."""
    if new:
        _copy_binary(cursor, DOCUMENTS, rows if ordered else sorted(rows, key=itemgetter(0)))
        return
    staged = _staged(cursor, "archive_staged_documents", "article_id bigint, vector tsvector, published timestamp, "
                                                         "keys text[], stamp text, status text")
    _copy_binary(cursor, staged, rows)
    cursor.execute(f"INSERT INTO {DOCUMENTS} ({_COPIED_COLUMNS}) SELECT * FROM {staged} ORDER BY article_id "
                   f"{_UPSERT_DOCUMENT}")


def _copy_binary(cursor, table, rows, freeze=False):
    """``COPY`` binary rows into ``table`` (``freeze``: frozen, into a table this transaction made)."""
    cursor.cursor.adapters.register_dumper(None, BinaryVectorDumper)
    options = "FORMAT BINARY, FREEZE" if freeze else "FORMAT BINARY"
    with copying(cursor, f"COPY {table} ({_COPIED_COLUMNS}) FROM STDIN ({options})") as copy:
        copy.set_types(_COPIED_TYPES)
        for row in rows:
            copy.write_row(row)


class _WordCounts:
    """Changes to the word table: documents gained (+1) or lost (-1) per word, written in word order."""

    def __init__(self):
        self.changes = {}
        # COPY text of more changes, rows of (word, docs, title_docs) a word may have several of: an import's
        # workers write their shares' counts so, this process does not add them up word by word.
        self.copied = []

    def add(self, text_words, title_words, sign):
        for word in text_words:
            docs, titles = self.changes.get(word, (0, 0))
            self.changes[word] = (docs + sign, titles)
        for word in title_words:
            docs, titles = self.changes.get(word, (0, 0))
            self.changes[word] = (docs, titles + sign)

    def merge(self, text_docs, title_docs):
        """Add documents counted by word: holding it in their text, in their title (``WordTally.counts``)."""
        changes = self.changes
        for word, count in text_docs.items():
            docs, titles = changes.get(word, (0, 0))
            changes[word] = (docs + count, titles)
        for word, count in title_docs.items():
            docs, titles = changes.get(word, (0, 0))
            changes[word] = (docs, titles + count)

    def written_out(self):
        """These counts, their changes written as ``COPY`` text (``copied``): by a rebuild's carrier thread, while
        the server builds the documents' indexes, not after (its word table's ``COPY`` then only sends it)."""
        self.copied.append("".join([_count_line(word, docs, titles)
                                    for word, (docs, titles) in self.changes.items() if docs or titles]))
        self.changes = {}
        return self

    def save(self, cursor):
        # One statement in word order: two writers lock the rows they share in the same order.
        upsert = ("ORDER BY 1 ON CONFLICT (word) DO UPDATE SET docs = known.docs + EXCLUDED.docs, "
                  "title_docs = known.title_docs + EXCLUDED.title_docs")
        if self.copied or len(self.changes) >= COPY_ROWS * 20:  # a batch's words: copied in (see _insert_copied)
            staged = _staged(cursor, "archive_staged_words", "word text, docs int, title_docs int")
            self.copy_into(cursor, staged, freeze=False)
            cursor.execute(f"INSERT INTO {WORDS} AS known (word, docs, title_docs) "
                           f"SELECT word, sum(docs), sum(title_docs) FROM {staged} GROUP BY word "
                           f"HAVING sum(docs) <> 0 OR sum(title_docs) <> 0 {upsert}")
            return
        changed = sorted((word, docs, titles) for word, (docs, titles) in self.changes.items() if docs or titles)
        if not changed:
            return
        words, docs, titles = zip(*changed, strict=True)
        cursor.execute(
            f"INSERT INTO {WORDS} AS known (word, docs, title_docs) "
            f"SELECT * FROM unnest(%s::text[], %s::int[], %s::int[]) {upsert}",
            [list(words), list(docs), list(titles)])

    def copy_into(self, cursor, table, freeze=True):
        """Every count, into the empty word table ``table``, as ``COPY`` text (``copied``: an import's workers
        wrote theirs, a rebuild's carrier thread its merged counts, ``written_out`` the rest); with ``freeze``, a
        table created in this transaction (copied in frozen); else a staging table."""
        self.written_out()
        options = " (FREEZE)" if freeze else ""
        with copying(cursor, f"COPY {table} (word, docs, title_docs) FROM STDIN{options}") as copy:
            for text in self.copied:
                copy.write(text)


class PostgresSearchEngine(BaseEngine):
    unified_index = ArticleUnifiedIndex
    backend = PostgresSearchBackend
    query = BaseSearchQuery
