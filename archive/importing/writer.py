"""Records become articles: duplicates, dates, sources, datelines and tags, a batch in one go when it can.

The rule of :meth:`Article.save` — never the same URL or the same
normalized text twice — is applied here from maps of every stored URL and
fingerprint, read once, and kept up to date as records are written, so a
file that repeats itself is caught too; the unique constraints guard the
rest. A repeat is skipped, or with ``update`` rewrites the stored article:
the fields the record gives replace the stored ones, the ones it leaves
empty stay, and its tags join the article's (or replace them, when the
record's tags are complete, as ``export_articles`` writes them). Tags the
file names are an editor's (or as the file says, from an export); tags the
gazetteer finds are the gazetteer's, and on update its tags the new text
no longer supports are removed. Each rewrite is kept as a version of the
article (:mod:`archive.revisions`).

Records are written in transactions of ``BATCH`` (the first smaller). What can be made of a
record without the database (checks, dates, fingerprints, the gazetteer's
names) is made first (:mod:`.preparing`), by worker processes from the
second batch on (:mod:`.workers`), while the batch before is written. A batch of new articles is written
together: its new tags in two statements, its articles and their tag
links each in one (:mod:`.inserting`), in one savepoint (a round trip per
record was most of an import's time on PostgreSQL); refused records and
repeats are counted on the way. When the batch holds more than that (an
update, a record rejected on the way by the database's rules, a conflict
with what another writer stored), the savepoint rolls back and the batch is
written again a record at a time, each record in a savepoint of its own: a
bad record rolls back alone and the rest of its batch stays.
Articles are inserted as ``bulk_create`` inserts them (no ``post_save``), and the
caller indexes ``to_index`` in batches afterwards (:mod:`.indexing`), the
``fresh`` among them (created here) with a cheaper look for old copies; an engine that
indexes inside transactions (PostgreSQL) gets each batch's documents in
the batch's own transaction instead. Otherwise each batch's articles are
recorded in the index's outbox in the batch's transaction, as tasks of the
import's job (:mod:`.jobs`), so if its process dies before
:meth:`Importer.index`, the outbox indexes what it committed. The stored
articles a file repeats are skipped, but those the index lacks (or holds
an older copy of) are indexed with the rest: a file imported again makes
the index whole whatever happened to the first run. A dry run does all
the work in one transaction and rolls it back.
"""
from contextlib import nullcontext
from dataclasses import replace
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils import timezone

from archive import revisions
from archive.models import Article, ArticleTag, Source
from archive.search import engine
from archive.search.engine import outbox
from archive.search.engine.aliases import install_tag_aliases

from .indexing import sync_index
from .inserting import insert, insert_rows
from .preparing import Preparer, article_of, prepare_share, preparing
from .records import Rejected, Rejection, check_fields
from .summary import Summary
from .tagging import Tagger
from .workers import Workers

# Records a transaction writes. The server's work an article falls with larger batches (a word a batch's
# articles share is counted in the word table once: 1.25 -> 0.97 ms of the server's CPU an article from 500 to
# 2,000); the first is smaller (FIRST_BATCH), as it is prepared and analysed here alone, the workers starting
# only for the second.
BATCH = 2000
FIRST_BATCH = 500
# The next batch's preparation runs at this much more niceness than the analysis of the batch being written,
# which this process waits for: on two cores, four workers shared them evenly, and this process waited a third of
# its time for the analysis.
PREPARING_NICE = 5
UPDATED = "حُدِّث بالاستيراد (تحديث المقالات الموجودة)"
# Fields a record may leave empty, keeping the stored value on update.
OPTIONAL_FIELDS = ("lead", "published", "source", "dateline", "url",
                   "author", "image_url", "image_caption", "image_credit")


class Importer:
    def __init__(self, *, update=False, dry_run=False, status=None, autotag=True,
                 default_status=Article.Status.DRAFT, user=None, job=None):
        self.update = update
        self.user = user  # who the versions of updated articles name (archive.revisions); None for a command
        self.dry_run = dry_run
        self.status = status  # every article's status; None: each record's own, else ``default_status``
        self.default_status = default_status
        self.autotag = autotag
        self.summary = Summary(dry_run=dry_run)
        self.to_index = set()  # pks whose index documents may have changed
        self.fresh = set()  # among them, the articles created, never indexed
        self.skipped = set()  # pks of the stored articles the records repeat
        self.job = job  # the ImportJob this import runs as (its outbox tasks are the job's), if any
        self.index_tasks = []  # the outbox's tasks for ``to_index``

    def run(self, items, after_batch=None):
        """Write the records among ``items`` (records and rejections); return the summary.

        ``after_batch()`` is called as each batch is committed (a job's progress page shows it).
        """
        items = iter(items)
        with transaction.atomic() if self.dry_run else nullcontext():
            self._load()
            with preparing(self.preparer), Workers(nice=PREPARING_NICE) as self.workers, Workers() as self.analysts:
                for batch, ready in self._batches(items):
                    with transaction.atomic():
                        if not self._take_together(batch, ready):
                            for item, prepared in zip(batch, ready, strict=True):
                                self._take(item, prepared)
                        if not self.dry_run:
                            self._index_in_transaction()
                    if after_batch:
                        after_batch()
            if self.dry_run:
                transaction.set_rollback(True)
                self.to_index.clear()
                self.fresh.clear()
                self.index_tasks.clear()
            else:
                self.to_index.update(engine.unindexed(self.skipped - self.to_index))
        return self.summary

    def _batches(self, items):
        """Each batch of ``items`` with what ``Preparer`` makes of it (``Ready`` a record).

        The first batch is prepared here; then the workers start (sharing
        what it made), and prepare each next batch while this process
        writes the one before, the first included. The documents' analysts
        start once the first batch is written: they share the words this
        process analysed for it.
        """
        batch = list(islice(items, min(FIRST_BATCH, BATCH)))
        pending = self.workers.map(prepare_share, batch)
        while batch:
            ready = self._ready(pending)
            following = list(islice(items, BATCH))
            if following:
                self.workers.start()
                pending = self.workers.map(prepare_share, following)
            yield batch, ready
            if following:
                self.analysts.start()
            batch = following

    def _ready(self, pending):
        ready = []
        for share, seconds in pending.get():
            ready += share
            self.tagger.seconds += seconds
        return ready

    def index(self, progress=None):
        """Index what the import wrote, in large batches (``progress(n)`` after each); then forget its outbox tasks."""
        sync_index(self.to_index, progress, fresh=self.fresh)
        outbox.done(self.index_tasks)
        self.index_tasks.clear()

    def _index_in_transaction(self):
        """Make the batch's documents safe with the batch.

        An engine that indexes inside the transaction (PostgreSQL) writes them
        now; otherwise they are recorded in the outbox, in case the import
        dies before :meth:`index`.
        """
        if not self.to_index:
            return
        if engine.writes_in_transaction():
            install_tag_aliases()  # tags and aliases this batch created join the spelling variants
            engine.sync(sorted(self.to_index), workers=self.analysts)
            self.to_index.clear()
            self.fresh.clear()
        else:
            self.index_tasks += outbox.record(self.to_index - self._recorded, self.job)
            self._recorded |= self.to_index

    def _load(self):
        self._recorded = set()
        self._by_url = dict(Article.objects.exclude(url="").values_list("url", "pk"))
        self._by_text = dict(Article.objects.values_list("fingerprint", "pk"))
        self.tagger = Tagger()
        self.preparer = Preparer(self.tagger, self.status, self.default_status, self.autotag)
        self._sources = _stored_sources()

    def _take_together(self, batch, ready):
        """Write a batch of new articles with one ``INSERT`` for the articles and one for their tag links.

        Records refused (``ready``'s reasons) and repeats are counted as
        the batch is read. Returns False, having kept nothing, when a record
        needs more than that (see the module's note); the caller then takes
        the batch one record at a time.
        """
        summary = replace(self.summary, rejected=list(self.summary.rejected), dates=self.summary.dates.copy(),
                          statuses=self.summary.statuses.copy())
        skipped = set(self.skipped)
        created, repeated_here = [], []
        try:
            with transaction.atomic():
                with self.tagger.together():
                    self._read_together(batch, ready, created, repeated_here)
                insert([article for article, _, _ in created])  # no post_save, as below
                insert_rows(ArticleTag, ["article_id", "tag_id", "origin"],
                            [(article.pk, tag.pk, origin) for article, _, origins in created
                             for tag, origin in origins.values()])
        except (_OneByOne, Rejected, IntegrityError):
            vars(self.summary).update(vars(summary))
            self.skipped = skipped
            self._forget_uncommitted()
            return False
        for article, when, _ in created:
            self._remember(article, None)
            self.summary.statuses[article.status] += 1
            self.summary.dates[when.how] += 1
        self.skipped.update(article.pk for article in repeated_here)
        return True

    def _read_together(self, batch, ready, created, repeated_here):
        """Count the batch's refused records and repeats; add (article, how it was dated, its tags' origins) of
        each new article to ``created``, and the batch's articles that later ones repeat to ``repeated_here``;
        raise ``_OneByOne`` for a record that updates an article."""
        texts, urls = {}, {}
        for item, prepared in zip(batch, ready, strict=True):
            if self._refused(item, prepared):
                continue
            article, when = self._article(item, prepared)
            here = [first for first in (texts.get(article.fingerprint), urls.get(article.url or None))
                    if first is not None]
            if here and self.update:
                raise _OneByOne  # an update of an article of this batch, which must see it stored first
            repeated = self._repeats(article, repeats_here=bool(here))
            if repeated is None:
                repeated_here += here  # skipped, as when the batch is written a record at a time
                continue
            if repeated:
                raise _OneByOne  # an update
            texts[article.fingerprint] = article
            if article.url:
                urls[article.url] = article
            created.append((article, when, self._links(item, article, prepared)))

    def _take(self, item, prepared):
        if self._refused(item, prepared):
            return
        try:
            self._import(item, prepared)
        except Rejected as error:
            self.summary.rejected.append(item.rejection(error.reason))

    def _refused(self, item, prepared):
        """Count ``item`` read; tell whether its reader or its preparation refused it (counted so)."""
        self.summary.read += 1
        if isinstance(item, Rejection):
            self.summary.rejected.append(item)
        elif prepared.reason:
            self.summary.rejected.append(item.rejection(prepared.reason))
        else:
            return False
        return True

    def _import(self, record, prepared):
        article, when = self._article(record, prepared)
        repeated = self._repeats(article)
        if repeated is None:
            return
        try:
            with transaction.atomic():
                stored = self._write(record, article, repeated, prepared)
        except Rejected:
            self._forget_uncommitted()
            raise
        except IntegrityError as error:
            self._forget_uncommitted()
            raise Rejected(f"تعارض مع ما في الأرشيف: {error}.") from None
        self._remember(article, stored)
        self.summary.statuses[article.status] += 1
        self.summary.dates[when.how] += 1

    def _article(self, record, prepared):
        """(the unsaved, fingerprinted ``Article`` of ``record``, how it was dated), from its ``Ready``."""
        article = article_of(record, prepared.when, self.preparer.status_of(record))
        article.fingerprint = prepared.fingerprint
        return article, prepared.when

    def _repeats(self, article, repeats_here=False):
        """The pk of the stored article that ``article`` rewrites, 0 for a new one, None for a repeat skipped
        (counted as a duplicate); ``repeats_here``: it repeats an article of its batch, not yet stored."""
        same_url = self._by_url.get(article.url) if article.url else None
        same_text = self._by_text.get(article.fingerprint)
        if (same_url and same_text and same_url != same_text) or (
                (same_url or same_text or repeats_here) and not self.update):
            self.summary.duplicates += 1
            self.skipped.update(pk for pk in (same_url, same_text) if pk)
            return None
        return same_url or same_text or 0

    def _links(self, record, article, prepared):
        """Set ``article``'s source and dateline; return its tags, {(kind, name): (tag, origin)} (made when new:
        inside ``Tagger.together``, saved at its end)."""
        article.source = self._source(record)
        article.dateline = self.tagger.named(prepared.place) if prepared.place else None
        origins = {}  # a tag the file names stays the file's (an editor's) if found as well
        for tag in self.tagger.tags_of(prepared.keys):
            origins[tag.kind, tag.name] = (tag, ArticleTag.Origin.GAZETTEER)
        for spec in record.tags:
            tag = self.tagger.named(spec)
            origins[tag.kind, tag.name] = (tag, spec.origin)
        return origins

    def _write(self, record, article, existing_pk, prepared):
        """Store ``article`` with its source, dateline and tags; return the stored one it rewrote, if any."""
        origins = _by_pk(self._links(record, article, prepared))
        if existing_pk:  # a version of the article before (if it had none) and after, by the importing user
            with revisions.change_of([existing_pk], UPDATED, self.user, only_if_changed=True):
                stored = self._rewrite(existing_pk, record, article, replace_tags=record.tags_complete)
                automatic = ArticleTag.objects.filter(article_id=existing_pk, origin=ArticleTag.Origin.GAZETTEER)
                if self.autotag and not record.tags_complete:  # the text may have changed: stale gazetteer tags go
                    automatic.exclude(tag_id__in=origins).delete()
                named = [pk for pk, origin in origins.items() if origin == ArticleTag.Origin.EDITOR]
                automatic.filter(tag_id__in=named).update(origin=ArticleTag.Origin.EDITOR)  # now named by a file
                _link_tags(article, origins)
            return stored
        Article.objects.bulk_create([article])  # no post_save: indexed in batches at the end
        _link_tags(article, origins)
        return None

    def _rewrite(self, pk, record, article, replace_tags):
        """Update the stored article ``pk`` from ``article``; return it as it was."""
        stored = Article.objects.get(pk=pk)
        article.pk, article.created = pk, stored.created
        article.status = self.status or record.status or stored.status
        for name in OPTIONAL_FIELDS:
            if not getattr(article, name):
                setattr(article, name, getattr(stored, name))
        article.updated = timezone.now()
        fields = ["title", "body", "fingerprint", "status", "updated", *OPTIONAL_FIELDS]
        Article.objects.filter(pk=pk).update(**{name: getattr(article, name) for name in fields})
        if replace_tags:
            ArticleTag.objects.filter(article_id=pk).delete()
        return stored

    def _remember(self, article, stored):
        """Count a committed article; keep the duplicate maps and the articles to index true."""
        if stored:
            self.summary.updated += 1
            self._by_text.pop(stored.fingerprint, None)
            self._by_url.pop(stored.url, None)
        else:
            self.summary.created += 1
            self.fresh.add(article.pk)
        self.summary.undated += article.published is None
        self._by_text[article.fingerprint] = article.pk
        if article.url:
            self._by_url[article.url] = article.pk
        self.to_index.add(article.pk)  # drafts too: the editors' search finds them

    def _forget_uncommitted(self):
        """After a rolled-back savepoint: drop cached tags and sources that no longer exist."""
        self.tagger.reload()
        self._sources = _stored_sources()

    def _source(self, record):
        if not record.source:
            return None
        source = self._sources.get(record.source)
        if source is None:
            source = Source(name=record.source, url=record.source_url)
            check_fields(source)
            source.save()
            self._sources[source.name] = source
        return source


class _OneByOne(Exception):
    """A batch that cannot be written together: it is written again a record at a time."""


def _by_pk(origins):
    """``_links``' origins of saved tags as {tag pk: origin}."""
    return {tag.pk: origin for tag, origin in origins.values()}


def _link_tags(article, origins):
    rows = [ArticleTag(article_id=article.pk, tag_id=pk, origin=origin) for pk, origin in origins.items()]
    ArticleTag.objects.bulk_create(rows, ignore_conflicts=True)  # a tag the article has keeps its origin


def _stored_sources():
    return {source.name: source for source in Source.objects.all()}

