"""Keep the index true to the database: after each transaction commits, or inside it.

Haystack's ``RealtimeSignalProcessor`` hears ``post_save`` and
``post_delete`` only, and at once: tag (M2M) edits never reach the index,
and a save inside a transaction that later rolls back would already be
indexed. Here an article is re-indexed (or removed, when it is not public)
on save, delete, tag changes, and edits of a tag's name or aliases:

- with Whoosh, through the outbox (:mod:`archive.search.engine.outbox`): recorded
  in the transaction, applied once it commits. An index failure never fails
  the editor's save; the task stays and is retried until the index has it.
- with PostgreSQL (``engine.writes_in_transaction()``), at once, inside
  the transaction: the document commits or rolls back with the article,
  and a failure to write it fails the save.
"""
from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from archive.search import engine
from archive.search.engine import outbox
from archive.search.engine.aliases import install_tag_aliases


class ArchiveSignalProcessor(BaseSignalProcessor):
    def _connections(self):
        """(signal, handler, sender) for everything that changes what the index should hold."""
        from archive.models import Article, Tag, TagAlias

        return [
            (signals.post_save, self.article_changed, Article),
            (signals.pre_delete, self.article_deleting, Article),
            (signals.post_delete, self.article_deleted, Article),
            (signals.m2m_changed, self.article_tags_changed, Article.tags.through),
            (signals.post_save, self.tag_changed, Tag),
            (signals.pre_delete, self.tag_deleting, Tag),
            (signals.post_delete, self.tag_deleted, Tag),
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

    def article_deleting(self, sender, instance, **kwargs):
        if engine.writes_in_transaction():  # before the row goes: the document's words are counted out
            engine.remove(get_identifier(instance))

    def article_deleted(self, sender, instance, **kwargs):
        if not engine.writes_in_transaction():
            outbox.enqueue([instance.pk])  # syncing a pk that is gone removes its document

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

    def tag_deleting(self, sender, instance, **kwargs):
        # Its articles now, while the tag still has them; re-indexed once it is gone.
        instance._search_article_pks = list(instance.articles.values_list("pk", flat=True))

    def tag_deleted(self, sender, instance, **kwargs):
        self.after_commit(getattr(instance, "_search_article_pks", []))

    def after_commit(self, pks, aliases=False):
        """Re-index ``pks`` once the transaction commits, or at once when the engine writes inside it."""
        if engine.writes_in_transaction():
            if aliases:  # the analysis folds the new spellings before the documents are written
                install_tag_aliases()
            if pks:
                engine.sync(pks)
            return
        if aliases:
            transaction.on_commit(install_tag_aliases)
        if pks:
            outbox.enqueue(pks)
