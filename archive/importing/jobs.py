"""The admin's uploads are imported by a process of their own, never inside the web request.

A 3,000-record upload ran past gunicorn's 30 s timeout: the worker was
killed with 1,999 articles committed and none indexed, and the editor saw
a 500. Now the upload view only stores the file beside an
:class:`~archive.models.ImportJob` row and starts ``manage.py
run_import_job <id>`` detached (its own session), then sends the editor to
the job's progress page, which reads the row.

A subprocess, not a thread of the web worker: gunicorn kills and replaces
its workers (timeout, ``max_requests``, a reload) and a thread would die
with its worker; the import's memory is its own and returned to the
system when it ends; and no queue (Celery, Redis) is needed on a machine
that runs with no services. The process beats from a thread every few
seconds (``ImportJob.HEARTBEAT_SECONDS``); :func:`reap` marks a job
whose process is gone as failed and removes its files.

``import_articles`` on the command line is a job too, run in the
foreground (:func:`running`, :func:`import_as`): one code path for both.
Every import records its articles in the index's outbox in each batch's
own transaction, as the job's tasks, which the outbox leaves to the job
while its process beats; once it is gone (``kill -9``, a crash, the
machine restarted) the next process to look indexes them: the import run
again, ``update_index`` (``make run``'s setup), or the update_index the
reaper starts (:mod:`archive.search.engine.outbox`).
"""
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from archive.models import Article, ImportJob, IndexTask
from archive.search.engine import outbox

from .inputs import Input, read_inputs, too_large
from .limits import Limits
from .writer import Importer

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 1  # the progress page's counts are at most this old
UPLOAD_SECONDS = 3600  # a spooled upload older than this is no longer being received
ACTIVE = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
GONE = "توقفت عملية الاستيراد قبل أن تنتهي (أُوقفت أو أُعيد تشغيل الخادم). ما كُتب قبل توقفها بقي في الأرشيف " \
       "وسيُفهرس تلقائيًا؛ ارفع الملف من جديد مع خيار التحديث لإكمال الباقي."
STOPPED = "أُوقفت عملية الاستيراد قبل أن تنتهي. ما كُتب قبل توقفها بقي في الأرشيف وسيُفهرس تلقائيًا."
BROKE = "تعذّر إكمال الاستيراد بسبب خطأ غير متوقع (تفاصيله في سجل الخادم). ما كُتب قبله بقي في الأرشيف " \
        "وسيُفهرس تلقائيًا."


def jobs_dir():
    return Path(settings.IMPORT_JOBS_DIR)


def folder(job):
    return jobs_dir() / str(job.pk)


def start(upload, suffix, user, *, format="", publish=False, update=False, dry_run=False):
    """Store ``upload`` for a new job and start its process; return the job."""
    job = ImportJob.objects.create(user=user, file_name=upload.name[:255], size=upload.size, format=format,
                                   publish=publish, update=update, dry_run=dry_run)
    try:
        folder(job).mkdir(parents=True)
        _store(upload, folder(job) / f"upload{suffix}")
        spawn(job)
    except OSError:
        log.exception("Could not start import job %s", job.pk)
        _finish(job, ImportJob.Status.FAILED, error=BROKE)
        shutil.rmtree(folder(job), ignore_errors=True)
    return job


def _store(upload, path):
    """Move a spooled upload into the job's folder (same disk: no copy), or write one held in memory."""
    if hasattr(upload, "temporary_file_path"):
        shutil.move(upload.temporary_file_path(), path)
        return
    with open(path, "wb") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)


def spawn(job):
    """Start ``run_import_job`` in a session of its own, so it outlives the worker that started it."""
    return _detached("run_import_job", str(job.pk))


def _detached(*arguments):
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    # Collect its exit status when it ends, so it never lingers as a zombie of this worker.
    threading.Thread(target=process.wait, daemon=True, name=" ".join(arguments)).start()
    return process


def for_command(inputs, *, format=None, publish=True, update=False, dry_run=False):
    """The row of an ``import_articles`` run: the admin lists it beside the uploads, its outbox tasks are its own."""
    name = " ".join(str(item.path) for item in inputs) or "—"
    return ImportJob.objects.create(file_name=name[:255], size=sum(item.size for item in inputs), format=format or "",
                                    publish=publish, update=update, dry_run=dry_run)


def run(job):
    """Import ``job``'s uploaded file in this process; its files are removed in every case."""
    try:
        with running(job):
            _import(job)
    except Stopped:
        pass  # the row says so
    finally:
        shutil.rmtree(folder(job), ignore_errors=True)


@contextmanager
def running(job):
    """Run ``job`` in this process: its row names this process and beats, and says how it ended if not well.

    Dead imports are reaped first, and what they left in the outbox indexed
    (a re-run of a killed import indexes what the killed one committed).
    SIGTERM and Ctrl-C end the job as stopped (:class:`Stopped`, raised
    again, at the import's next step: :func:`stop_if_asked`); any other error
    as broken. A job that ends so with articles still in the outbox starts
    ``update_index`` for them.
    """
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started=timezone.now(),
                                               heartbeat=timezone.now(), pid=os.getpid(), host=socket.gethostname())
    _asked.clear()
    previous = {number: signal.signal(number, _ask_to_stop) for number in (signal.SIGTERM, signal.SIGINT)}
    heart = _Heartbeat(job.pk)
    heart.start()
    try:
        reap(start_indexing=False)
        outbox.drain()
        yield
    except Stopped:
        _finish(job, ImportJob.Status.FAILED, error=STOPPED)
        _index_later(job)
        raise
    except BaseException:
        log.exception("Import job %s failed", job.pk)
        _finish(job, ImportJob.Status.FAILED, error=BROKE)
        _index_later(job)
        raise
    finally:
        heart.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)


def _import(job):
    item = Input.of(next(folder(job).glob("upload*")), job.format or None, job.file_name)
    limits = Limits.for_uploads()
    problem = item.problem() or too_large(item, limits)
    if problem:
        _finish(job, ImportJob.Status.FAILED, error=f"رُفض الملف ولم يُكتب منه شيء: {problem}")
        return
    default = Article.Status.PUBLISHED if job.publish else Article.Status.DRAFT
    importer = Importer(update=job.update, dry_run=job.dry_run, default_status=default, user=job.user, job=job)
    import_as(job, importer, [item], limits)


def import_as(job, importer, inputs, limits=None, echo=None):
    """Write the records of ``inputs`` with ``importer`` as ``job``, index them, and finish the job; the summary.

    ``echo`` hears of the progress too (``read(bytes)``, ``indexing(total)``,
    ``indexed(count)``): the command line's progress bars.
    """
    tracker = _Progress(job, importer, echo)
    summary = importer.run(tracker.counting(read_inputs(inputs, tracker.read, limits)), tracker.batch_done)
    tracker.indexing()
    importer.index(tracker.indexed)
    stop_if_asked()
    _finish(job, ImportJob.Status.DONE, summary=summary.as_dict())
    return summary


class _Progress:
    """Writes the job's counts to its row, at most every ``PROGRESS_SECONDS``."""

    def __init__(self, job, importer, echo=None):
        self.job, self.importer, self.echo = job, importer, echo
        self.bytes_read = self.records = self.done_indexing = 0
        self.phase = "import"
        self.last = 0.0

    def counting(self, items):
        """``items``, counted as the reader hands them over (the importer counts them a batch later)."""
        for item in items:
            self.records += 1
            yield item

    def read(self, count):
        self.bytes_read += count
        self._write()
        if self.echo:
            self.echo.read(count)

    def batch_done(self):
        self._write(force=True)

    def indexing(self):
        self.phase = "index"
        self._write(force=True)
        if self.echo:
            self.echo.indexing(len(self.importer.to_index))

    def indexed(self, count):
        self.done_indexing += count
        self._write()
        if self.echo:
            self.echo.indexed(count)

    def _write(self, force=False):
        stop_if_asked()  # each count the import reports is a step it may stop at
        if not force and time.monotonic() - self.last < PROGRESS_SECONDS:
            return
        self.last = time.monotonic()
        counts = {**self.importer.summary.progress(), "read": self.records, "phase": self.phase,
                  "indexed": self.done_indexing, "to_index": len(self.importer.to_index)}
        ImportJob.objects.filter(pk=self.job.pk).update(bytes_read=self.bytes_read, progress=counts)


class _Heartbeat(threading.Thread):
    """Stamps the job's row every few seconds while this process lives (its own database connection)."""

    def __init__(self, pk):
        super().__init__(daemon=True, name=f"import-job-{pk}-heartbeat")
        self.pk, self.stopped = pk, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(ImportJob.HEARTBEAT_SECONDS):
                try:
                    ImportJob.objects.filter(pk=self.pk).update(heartbeat=timezone.now())
                except OperationalError:  # the database is busy past its timeout: the next beat will do
                    log.warning("Import job %s: heartbeat not written", self.pk)
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join()


class Stopped(Exception):
    """SIGTERM or Ctrl-C: the job is stopped, its row says so and its files go."""


_asked = threading.Event()


def _ask_to_stop(signum, frame):
    """Only note the request: an exception raised from a signal handler is raised wherever the process is, and
    Python drops one raised in a fork's handlers (the import forks its workers while it runs; CI lost a
    SIGTERM so, and the import ran to its end) or in a finaliser, and one raised inside a library's write can
    leave it half done."""
    _asked.set()


def stop_if_asked():
    """Raise :class:`Stopped` if SIGTERM or Ctrl-C came: called between the import's steps."""
    if _asked.is_set():
        raise Stopped


def _index_later(job):
    """Start ``update_index`` for the articles ``job`` committed and did not index (they are in the outbox)."""
    if IndexTask.objects.filter(job=job).exists():
        _detached("update_index", "--verbosity", "0")


def _finish(job, status, summary=None, error=""):
    ImportJob.objects.filter(pk=job.pk).update(status=status, finished=timezone.now(), summary=summary or {},
                                               error=error)


def reap(start_indexing=True):
    """Mark jobs whose process is gone as failed, and remove files no live job owns.

    Cheap (a query and a folder listing): the import pages call it, every
    job as it starts, ``clean_import_jobs`` and ``update_index``. A
    folder or a spooled upload is left alone while it is young, as a job
    being created or an upload being received may not have a running row
    yet. The articles a dead job committed wait in the index's outbox: with
    ``start_indexing`` a process of their own (``update_index``) indexes
    them at once, rather than the next search or save paying for
    thousands; a caller that drains the outbox itself next passes False.
    """
    for job in ImportJob.objects.filter(status__in=ACTIVE):
        if _gone(job) and ImportJob.objects.filter(pk=job.pk, status__in=ACTIVE).update(
                status=ImportJob.Status.FAILED, finished=timezone.now(), error=GONE):
            shutil.rmtree(folder(job), ignore_errors=True)
            if start_indexing:
                _index_later(job)
    live = {str(pk) for pk in ImportJob.objects.filter(status__in=ACTIVE).values_list("pk", flat=True)}
    young = time.time() - ImportJob.STALE.total_seconds()
    incoming = Path(settings.FILE_UPLOAD_TEMP_DIR)
    for path in jobs_dir().iterdir() if jobs_dir().is_dir() else ():
        if path == incoming or path.name in live or _mtime(path) > young:
            continue
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    for path in incoming.iterdir() if incoming.is_dir() else ():
        if _mtime(path) < time.time() - UPLOAD_SECONDS:
            path.unlink(missing_ok=True)


def _mtime(path):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


def _gone(job):
    """Whether ``job``'s process is no more: never started, no heartbeat for a while, or its pid is gone here."""
    now = timezone.now()
    if job.status == ImportJob.Status.QUEUED:
        return now - job.created > ImportJob.STALE
    if job.heartbeat is None or now - job.heartbeat > ImportJob.STALE:
        return True
    if job.host == socket.gethostname() and job.pid:
        try:
            os.kill(job.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    return False


def run_by_id(pk):
    """The ``run_import_job`` command: run job ``pk`` if it is still waiting."""
    close_old_connections()
    job = ImportJob.objects.filter(pk=pk, status=ImportJob.Status.QUEUED).first()
    if job is None:
        return False
    run(job)
    return True
