"""The index's outbox: what must be re-indexed is recorded in the database with the change, then done.

The Whoosh index lives beside the database, not in it, so a change and its
index write cannot commit together. Instead each change adds an
``IndexTask`` in its own transaction; after commit the pending tasks are
applied (``engine.sync``: index the public articles, remove the rest) and
deleted. If the index cannot be written, the tasks stay, the editor is told
(:func:`is_pending`), and they are retried by the next change, by a search
at most every ``RETRY_SECONDS``, and by ``update_index``: the index comes
back level with the database by itself once the disk is writable again.

A bulk import (the command line's and the admin's uploads alike) records
its tasks in each batch's transaction too (:func:`record`), but indexes its
articles itself, in large batches, once they are in (:func:`done`): its
tasks are left to it while its process is alive, and are drained like any
other once it is gone (killed, failed).
"""
import logging
import time

from django.db import transaction

from archive.search import engine
from archive.slicing import slices

log = logging.getLogger(__name__)

BATCH = 2000
RETRY_SECONDS = 30
_last_retry = 0.0


def enqueue(pks):
    """Record ``pks`` for re-indexing in the current transaction; apply them once it commits."""
    from archive.models import IndexTask

    IndexTask.objects.bulk_create([IndexTask(article_id=pk) for pk in sorted(set(pks))])
    transaction.on_commit(drain)


def record(pks, job=None):
    """Record ``pks`` in the current transaction for ``job``, which indexes them itself; return the task ids.

    Without a job (a benchmark's import), the tasks are anyone's to drain.
    """
    from archive.models import IndexTask

    tasks = IndexTask.objects.bulk_create([IndexTask(article_id=pk, job=job) for pk in sorted(set(pks))])
    return [task.pk for task in tasks]


def done(task_ids):
    """Forget the tasks ``task_ids``: their articles are indexed."""
    from archive.models import IndexTask

    task_ids = sorted(task_ids)
    for batch in slices(task_ids, BATCH):
        IndexTask.objects.filter(pk__in=batch).delete()


def drain():
    """Apply every pending task (but a live import's own); return True when none is left.

    Failures are logged and kept.
    """
    from archive.models import ImportJob, IndexTask

    while True:
        pending = IndexTask.objects.exclude(job__in=ImportJob.objects.alive())
        tasks = list(pending.order_by("pk").values_list("pk", "article_id")[:BATCH])
        if not tasks:
            return True
        try:
            engine.sync(sorted({article for _, article in tasks}))
        except Exception:
            log.exception("Search index update failed for %d articles; kept in the outbox for a retry", len(tasks))
            return False
        IndexTask.objects.filter(pk__in=[pk for pk, _ in tasks]).delete()


def retry_if_due():
    """Drain pending tasks at most every ``RETRY_SECONDS`` in this process (called by searches)."""
    global _last_retry
    from archive.models import IndexTask

    if time.monotonic() - _last_retry < RETRY_SECONDS:
        return
    _last_retry = time.monotonic()
    if IndexTask.objects.exists():
        drain()


def anything_pending():
    """Tell whether any change still waits to reach the index (a running import's included)."""
    from archive.models import IndexTask

    return IndexTask.objects.exists()


def is_pending(pk):
    """Tell whether the index still lacks the last change to article ``pk``."""
    from archive.models import IndexTask

    return IndexTask.objects.filter(article_id=pk).exists()
