"""Build a whole Whoosh index beside the live one and swap it in, so readers never see it half-built.

The index path (``SEARCH_INDEX_PATH``) is a symbolic link to a folder of
its own (``whoosh_index.<stamp>``); a rebuild writes a new folder with
Whoosh's multiprocessing writer (one segment per core, written in
parallel, committed once: merging them into one took minutes and searches
read segments at the same speed), then points the link at it with an
atomic rename. A process that still has the old folder open keeps reading
it until its next generation check (see ``WhooshBackend.generation``); the
old folder is removed after the swap, which Linux allows while it is open.
An index that predates this (a plain folder at the path) is moved aside
once, on the first rebuild.
"""
import os
import shutil
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

# Memory per writer process for its in-memory postings before it spills to disk.
WRITER_LIMIT_MB = 256


def build_beside(path, schema, documents, progress=None):
    """Write ``documents`` (dicts of field values) into a new index and make it the one at ``path``.

    ``progress(n)`` is called every thousand documents. On any error the new
    folder is removed and the live index is untouched.
    """
    link = Path(path)
    folder = link.with_name(f"{link.name}.{time.time_ns()}")
    folder.mkdir(parents=True)
    try:
        _write_all(FileStorage(str(folder)).create_index(schema), documents, progress)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _point(link, folder)


def _write_all(index, documents, progress):
    procs = max(1, min(4, os.cpu_count() or 1))
    writer = index.writer(procs=procs, limitmb=WRITER_LIMIT_MB, multisegment=True) if procs > 1 \
        else index.writer(limitmb=WRITER_LIMIT_MB)
    written = 0
    try:
        for document in documents:
            writer.add_document(**document)
            written += 1
            if progress and written % 1000 == 0:
                progress(1000)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    if progress:
        progress(written % 1000)


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
