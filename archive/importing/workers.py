"""Processes that share an import's work on its records: reading them and analysing their search documents.

One import process spent 3.3 ms of CPU an article, most of it in pure
Python that needs no database: checking and fingerprinting a record,
finding the gazetteer's names in its text, analysing its search document.
:class:`Workers` forks processes that do that work, a share of each batch
each, while the importing process writes to the database.

They are forked only for a second batch (an upload of a few records never
starts one), once the first is prepared here (those that analyse the
documents, once it is also written): they share what the first batch made
(the gazetteer's words read, the words analysed) instead of each making it
again. They never touch the database (the connection they
inherit is the importing process's, left alone). Where processes cannot
be forked, or on one core, everything runs in the importing process.
"""
import gc
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from archive.answers import Done, Gathered
from archive.slicing import shares

# One worker a core: the database server and the importing process wait on them, the analysis does not wait.
COUNT = os.cpu_count() or 1
ORPHAN_CHECK_SECONDS = 1


class Workers:
    """A pool of forked processes: :meth:`map` runs work in them once :meth:`start`-ed, here before.

    A worker has what this process had when it was forked (module globals
    included: what a function needs that is costly to send, such as the
    gazetteer, it reads there); the items and results travel pickled.
    """

    def __init__(self, count=None, nice=0):
        self.count = COUNT if count is None else count
        self.nice = nice  # added to the workers' niceness: work that can wait yields the CPU to work waited for
        self.pool = None

    def start(self):
        """Make the pool: its processes are forked at its first task (:meth:`map` follows at once) and inherit
        this process as it is then; no-op where forking cannot be done."""
        if self.pool is None and self.count > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_started, initargs=(os.getpid(), self.nice))

    def map(self, function, items, *args):
        """Something whose ``get()`` gives ``function(share, *args)`` of each share of ``items`` in order (one
        share, here, before :meth:`start`): a list of each share's result."""
        if self.pool is None or len(items) < 2:
            return Done([function(items, *args)])
        return Gathered([self.pool.submit(function, share, *args) for share in shares(items, self.count)])

    def close(self):
        """End the workers: what they were asked is answered or no longer wanted (an import stopped by SIGTERM
        or Ctrl-C while they worked; waiting for the pool's own shutdown could then hang the process)."""
        if self.pool is not None:
            processes = list(self.pool._processes.values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
                process.join()
            self.pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _started(parent, nice):
    """A worker's first act: Ctrl-C and SIGTERM are the importing process's to handle (it stops the pool), and
    the worker ends when that process, ``parent``, is gone (killed, it cannot say so: ``kill -9`` of an import
    job). The parent's id is the one it had before the fork: were it killed before this ran, the worker's
    ``getppid()`` would already name the process that adopted it. Its niceness is raised by ``nice``. What it
    inherited is frozen out of garbage collection (it lives as long as the worker): every full collection read it
    all again (analysing 8,000 articles, full collections took 0.81 s of 7.0; 0.38 s with it frozen)."""
    gc.freeze()
    if nice:
        os.nice(nice)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="import-worker-orphaned").start()


def _end_with(parent):
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)
