"""A worker gets ready before its first reader: the search index opened, the tag names read, the pages' code
and templates loaded.

A fresh worker's first search opened the index's searcher and its columns,
and read every tag name and alias (for the offers of a tag the query names):
3 to 4 seconds on 30,000 articles, paid by one reader per worker, and under
load by everyone queued behind that worker. Its first page also imported
every view (the URL configuration) and compiled the templates it used:
about 90 ms more. ``archive/wsgi.py`` calls :func:`warm_up` once per
process, before the server hands it a request.

What warm-up made (the searcher, its columns, the tag names, Django's
templates and URL patterns) lives as long as the worker, yet each of
Python's full garbage collections walked all of it again: one search in a
few hundred took 100 to 500 ms more, whichever one the collection fell on.
Frozen after warm-up, those objects are left out of every later
collection (:func:`gc.freeze`).
"""
import gc
import logging
import os
import time
from pathlib import Path

from django.template import engines
from django.urls import reverse

from archive.search.archive_search import SearchRequest, search_archive
from archive.search.tag_names import tag_names

log = logging.getLogger(__name__)


def warm_up():
    """Browse the archive once (searcher, columns, facets) and read the tag names; never fails.

    A missing or broken index, or a database that is not there yet, only
    costs the first reader that time again, and the page it gets says what
    is wrong: the worker starts anyway, and the operator finds the reason in
    the log.
    """
    started = time.monotonic()
    try:
        search_archive(SearchRequest())
        tag_names.entries()
        reverse("archive:home")  # imports the URL configuration and every view; reads its routes
        compile_templates()
    except Exception:  # noqa: BLE001 (any fault: the request that meets it reports it properly)
        log.warning("The worker could not get ready before its first request", exc_info=True)
    gc.collect()
    gc.freeze()
    log.info("%s %s in %.1f s", READY, os.getpid(), time.monotonic() - started)


def compile_templates():
    """Every template of the site's own folders compiled and kept (the cached loader), as its first page
    would: the pages', feeds' and mails' (``TEMPLATE_SUFFIXES``), not an editor's backup or swap file beside
    them."""
    for engine in engines.all():
        for folder in getattr(engine, "dirs", []):
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file() and path.suffix in TEMPLATE_SUFFIXES and not path.name.startswith("."):
                    engine.get_template(str(path.relative_to(folder)))


TEMPLATE_SUFFIXES = {".html", ".xml", ".txt"}
READY = "Ready to serve: worker"  # bench/speed_server.py counts these lines in gunicorn's log
