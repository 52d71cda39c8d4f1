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

Records are written in transactions of ``BATCH``. A batch of new
articles is written together: one ``INSERT`` for its articles and one for
their tag links, in one savepoint (a round trip per record was most of an
import's time on PostgreSQL). When the batch holds more than that (an
update, a repeat within the batch, a record rejected on the way, a
conflict with what another writer stored), the savepoint rolls back and the
batch is written again a record at a time, each record in a savepoint of
its own: a bad record rolls back alone and the rest of its batch stays.
Articles are inserted with ``bulk_create`` (no ``post_save``), and the
caller indexes ``to_index`` in batches afterwards (:mod:`.indexing`), the
``fresh`` among them without looking for old copies; an engine that
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

from .datelines import split_dateline
from .dates import dated
from .indexing import sync_index
from .records import Rejected, Rejection, TagSpec, check_fields
from .summary import Summary
from .tagging import Tagger

BATCH = 500
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
            while batch := list(islice(items, BATCH)):
                with transaction.atomic():
                    if not self._take_together(batch):
                        for item in batch:
                            self._take(item)
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
            engine.sync(sorted(self.to_index))
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
        self._sources = _stored_sources()

    def _take_together(self, batch):
        """Write a batch of new articles with one ``INSERT`` for the articles and one for their tag links.

        Returns False, having kept nothing, when a record needs more than
        that (see the module's note); the caller then takes the batch one
        record at a time.
        """
        summary = replace(self.summary, rejected=list(self.summary.rejected), dates=self.summary.dates.copy(),
                          statuses=self.summary.statuses.copy())
        skipped = set(self.skipped)
        created, texts, urls = [], set(), set()
        try:
            with transaction.atomic():
                for item in batch:
                    self.summary.read += 1
                    if isinstance(item, Rejection):
                        self.summary.rejected.append(item)
                        continue
                    article, when = self._article(item)
                    repeated = self._repeats(article)
                    if repeated is None:
                        continue
                    if repeated or article.fingerprint in texts or (article.url and article.url in urls):
                        raise _OneByOne  # an update, or a repeat within the batch (which must see the first stored)
                    texts.add(article.fingerprint)
                    urls.add(article.url)
                    created.append((article, when, self._links(item, article)))
                Article.objects.bulk_create([article for article, _, _ in created])  # no post_save, as below
                ArticleTag.objects.bulk_create(
                    [ArticleTag(article_id=article.pk, tag_id=pk, origin=origin)
                     for article, _, origins in created for pk, origin in origins.items()])
        except (_OneByOne, Rejected, IntegrityError):
            vars(self.summary).update(vars(summary))
            self.skipped = skipped
            self._forget_uncommitted()
            return False
        for article, when, _ in created:
            self._remember(article, None)
            self.summary.statuses[article.status] += 1
            self.summary.dates[when.how] += 1
        return True

    def _take(self, item):
        self.summary.read += 1
        if isinstance(item, Rejection):
            self.summary.rejected.append(item)
            return
        try:
            self._import(item)
        except Rejected as error:
            self.summary.rejected.append(item.rejection(error.reason))

    def _import(self, record):
        article, when = self._article(record)
        repeated = self._repeats(article)
        if repeated is None:
            return
        try:
            with transaction.atomic():
                stored = self._write(record, article, repeated)
        except Rejected:
            self._forget_uncommitted()
            raise
        except IntegrityError as error:
            self._forget_uncommitted()
            raise Rejected(f"تعارض مع ما في الأرشيف: {error}.") from None
        self._remember(article, stored)
        self.summary.statuses[article.status] += 1
        self.summary.dates[when.how] += 1

    def _article(self, record):
        """(the unsaved, fingerprinted ``Article`` of ``record``, how it was dated)."""
        record.check_encoding()
        when = dated(record.published, record.dateline.name if record.dateline else "", record.body)
        article = Article(
            title=record.title, lead=record.lead, body=record.body, url=record.url,
            published=when.moment,
            status=self.status or record.status or self.default_status,
            author=record.author, image_url=record.image_url,
            image_caption=record.image_caption, image_credit=record.image_credit,
        )
        check_fields(article, exclude=["fingerprint", "source", "dateline"])
        article.fingerprint = article.compute_fingerprint()
        return article, when

    def _repeats(self, article):
        """The pk of the stored article that ``article`` rewrites, 0 for a new one, None for a repeat skipped
        (counted as a duplicate)."""
        same_url = self._by_url.get(article.url) if article.url else None
        same_text = self._by_text.get(article.fingerprint)
        if (same_url and same_text and same_url != same_text) or ((same_url or same_text) and not self.update):
            self.summary.duplicates += 1
            self.skipped.update(pk for pk in (same_url, same_text) if pk)
            return None
        return same_url or same_text or 0

    def _links(self, record, article):
        """Set ``article``'s source and dateline; return its tags, {tag pk: origin} (made when new)."""
        article.source = self._source(record)
        place = record.dateline or _agency_place(record.body)
        article.dateline = self.tagger.named(place) if place else None
        origins = {}  # tag pk: origin; a tag the file names stays the file's (an editor's) if found as well
        if self.autotag and not record.tags_complete:
            for tag in self.tagger.found(article.title, article.lead, article.body):
                origins[tag.pk] = ArticleTag.Origin.GAZETTEER
        for spec in record.tags:
            origins[self.tagger.named(spec).pk] = spec.origin
        return origins

    def _write(self, record, article, existing_pk):
        """Store ``article`` with its source, dateline and tags; return the stored one it rewrote, if any."""
        origins = self._links(record, article)
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


def _link_tags(article, origins):
    rows = [ArticleTag(article_id=article.pk, tag_id=pk, origin=origin) for pk, origin in origins.items()]
    ArticleTag.objects.bulk_create(rows, ignore_conflicts=True)  # a tag the article has keeps its origin


def _stored_sources():
    return {source.name: source for source in Source.objects.all()}


def _agency_place(body):
    place, _rest = split_dateline(body)
    return TagSpec("place", place) if place else None
