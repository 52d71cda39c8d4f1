"""Build a whole Whoosh index beside the live one and swap it in, so readers never see it half-built.

The index path (``SEARCH_INDEX_PATH``) is a symbolic link to a folder of
its own (``whoosh_index.<stamp>``); a rebuild writes a new folder, one
segment per core written in parallel by :class:`whoosh_bulk.BulkSegmentWriter`
in a process of its own (fed batches of documents through a queue),
committed once in one table of contents (merging them into one took minutes
and searches read segments at the same speed), then points the link at it
with an atomic rename. A process that still has the old folder open keeps reading
it until its next generation check (see ``WhooshBackend.generation``); the
old folder is removed after the swap, which Linux allows while it is open.
An index that predates this (a plain folder at the path) is moved aside
once, on the first rebuild. A bulk import's new articles are written the
same way into the live index (``WhooshBackend.sync``), their segments added
to its own in one commit.
"""
import multiprocessing
import os
import queue
import shutil
import time
import traceback
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from archive.search.engine.whoosh_bulk import BulkSegmentWriter

# Documents sent to a segment's process at a time.
BATCH = 500
# How often, in seconds, the build looks whether a segment's process died while it waits for one.
WAIT_STEP = 1.0


def build_beside(path, schema, documents, progress=None):
    """Write ``documents`` (dicts of field values) into a new index and make it the one at ``path``.

    ``progress(n)`` is called after each batch of ``n`` documents is handed
    out. On any error the new folder is removed and the live index is untouched.
    """
    link = Path(path)
    folder = link.with_name(f"{link.name}.{time.time_ns()}")
    folder.mkdir(parents=True)
    try:
        index = FileStorage(str(folder)).create_index(schema)
        writer = index.writer()  # holds the new index's lock and commits its table of contents
        try:
            segments = write_segments(index, documents, progress)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=adding(segments))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _point(link, folder)


def segment_writers():
    """How many segments :func:`write_segments` writes at once: one per core, four at most."""
    return max(1, min(4, os.cpu_count() or 1))


def write_segments(index, documents, progress=None):
    """Hand ``documents`` out in batches to a segment writer per core; return the segments they wrote.

    The segments are files of ``index`` that no table of contents names
    yet: a writer of the index, holding its lock, commits them with
    :func:`adding`. On any error the processes are killed.
    """
    procs = segment_writers()
    context = multiprocessing.get_context("fork")
    jobs, results = context.Queue(2 * procs), context.Queue()
    workers = [context.Process(target=_write_segment, args=(index, jobs, results), daemon=True)
               for _ in range(procs)]
    try:
        for worker in workers:
            worker.start()
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) == BATCH:
                _put(jobs, batch, workers)
                if progress:
                    progress(len(batch))
                batch = []
        for item in ([batch] if batch else []) + [None] * procs:
            _put(jobs, item, workers)
        if batch and progress:
            progress(len(batch))
        segments = [_segment(results, workers) for _ in workers]
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
        raise
    finally:
        for worker in workers:
            worker.join()
    return [segment for segment in segments if segment.doc_count_all()]


def adding(segments, instead_of=()):
    """A merge policy (a Whoosh writer's ``mergetype``) that keeps the index's segments, but those
    ``instead_of``, and adds ``segments`` (from :func:`write_segments`), as Whoosh's multiprocessing writer
    commits its processes' segments; the writer itself adds nothing."""
    dropped = {segment.segment_id() for segment in instead_of}
    return lambda writer, existing: [*(s for s in existing if s.segment_id() not in dropped), *segments]


def to_fold(segments, adding_count):
    """The index's ``segments`` that a write of ``adding_count`` new documents into new segments should write
    again with them: the smallest first, while each holds no more documents than one of the segments written
    (a batch of ``BATCH`` at least goes to each :func:`write_segments` process).

    Each bulk import added its own segments, and every search walks every
    segment's term dictionary: six imports of 5,000 articles left 12
    segments, 234 MB where a rebuild's two hold 135 MB, and searches 1.2
    to 1.5 times slower. Folding like-sized segments into the next write,
    as a binary counter carries, keeps about two segments a doubling of
    the archive, each document written again about once a doubling.
    """
    folded, writing = [], adding_count
    for segment in sorted(segments, key=lambda segment: segment.doc_count_all()):
        if segment.doc_count_all() > writing / min(segment_writers(), max(1, -(-writing // BATCH))):
            break
        folded.append(segment)
        writing += segment.doc_count()
    return folded


def _write_segment(index, jobs, results):
    """A segment's process: add each batch taken from ``jobs`` until None, then write the segment and send it
    (or the error, as text) to ``results``."""
    try:
        writer = BulkSegmentWriter(index)
        while (batch := jobs.get()) is not None:
            writer.add(batch)
        results.put(writer.finish())
    except BaseException:
        results.put(traceback.format_exc())


def _put(jobs, item, workers):
    while True:
        try:
            jobs.put(item, timeout=WAIT_STEP)
            return
        except queue.Full:
            _check(workers)


def _segment(results, workers):
    while True:
        try:
            found = results.get(timeout=WAIT_STEP)
        except queue.Empty:
            _check(workers)
            continue
        if isinstance(found, str):
            raise RuntimeError(f"a segment of the index could not be written:\n{found}")
        return found


def _check(workers):
    """Fail when a segment's process ended before sending its segment (killed, out of memory)."""
    for worker in workers:
        if worker.exitcode not in (None, 0):
            raise RuntimeError(f"a segment of the index was not written: its process ended with {worker.exitcode}")


def _point(link, folder):
    """Make ``link`` lead to ``folder`` atomically; remove what it led to before."""
    previous = link.resolve() if link.is_symlink() else None
    if link.exists() and not link.is_symlink():
        legacy = link.with_name(f"{link.name}.legacy")
        shutil.rmtree(legacy, ignore_errors=True)
        link.rename(legacy)
        previous = legacy
    temporary = link.with_name(f"{link.name}.link")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(folder.name)
    os.replace(temporary, link)
    if previous and previous != folder:
        shutil.rmtree(previous, ignore_errors=True)
