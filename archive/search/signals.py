"""Keep the index true to the database, after each transaction commits.

Haystack's ``RealtimeSignalProcessor`` hears ``post_save`` and
``post_delete`` only, and at once: tag (M2M) edits never reach the index,
and a save inside a transaction that later rolls back would already be
indexed. Here an article is re-indexed (or removed, when it is not public)
once the transaction commits, on save, delete, tag changes, and edits of a
tag's name or aliases. An index failure is logged, never raised into the
editor's save: ``update_index`` repairs what it missed.
"""
import logging
from functools import partial

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from archive.search import engine
from archive.search.aliases import install_tag_aliases

log = logging.getLogger(__name__)


class ArchiveSignalProcessor(BaseSignalProcessor):
    def _connections(self):
        """(signal, handler, sender) for everything that changes what the index should hold."""
        from archive.models import Article, Tag, TagAlias

        return [
            (signals.post_save, self.article_changed, Article),
            (signals.post_delete, self.article_deleted, Article),
            (signals.m2m_changed, self.article_tags_changed, Article.tags.through),
            (signals.post_save, self.tag_changed, Tag),
            (signals.pre_delete, self.tag_deleted, Tag),
            (signals.post_save, self.alias_changed, TagAlias),
            (signals.post_delete, self.alias_changed, TagAlias),
        ]

    def setup(self):
        for signal, handler, sender in self._connections():
            signal.connect(handler, sender=sender)

    def teardown(self):
        for signal, handler, sender in self._connections():
            signal.disconnect(handler, sender=sender)

    def article_changed(self, sender, instance, raw=False, **kwargs):
        if not raw:
            self.after_commit([instance.pk])

    def article_deleted(self, sender, instance, **kwargs):
        # The identifier now: Django clears the pk once the delete is done.
        transaction.on_commit(partial(self.remove_document, get_identifier(instance)))

    def article_tags_changed(self, sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse:  # article.tags.set(...)
            if action in {"post_add", "post_remove", "post_clear"}:
                self.after_commit([instance.pk])
        elif action in {"post_add", "post_remove"}:  # tag.articles.add(...)
            self.after_commit(list(pk_set))
        elif action == "pre_clear":
            self.after_commit(list(instance.articles.values_list("pk", flat=True)))

    def tag_changed(self, sender, instance, created=False, raw=False, **kwargs):
        if not created and not raw:
            self.after_commit(list(instance.articles.values_list("pk", flat=True)), aliases=True)

    def alias_changed(self, sender, instance, raw=False, **kwargs):
        if not raw:
            self.after_commit(list(instance.tag.articles.values_list("pk", flat=True)), aliases=True)

    def tag_deleted(self, sender, instance, **kwargs):
        self.after_commit(list(instance.articles.values_list("pk", flat=True)))

    def after_commit(self, pks, aliases=False):
        if aliases:
            transaction.on_commit(install_tag_aliases)
        if pks:
            transaction.on_commit(partial(self.reindex_articles, pks))

    def reindex_articles(self, pks):
        """Index the public ones among ``pks``, remove the rest from the index."""
        try:
            engine.sync(pks)
        except Exception:
            log.exception("Search index update failed for articles %s; run update_index", pks)

    def remove_document(self, identifier):
        try:
            engine.remove(identifier)
        except Exception:
            log.exception("Removing %s from the search index failed", identifier)
