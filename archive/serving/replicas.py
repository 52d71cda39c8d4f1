"""Read scaling: readers' pages and searches read a replica database, everything else the primary.

``DATABASE_REPLICA_URLS`` (archive/settings.py) adds PostgreSQL streaming
replicas as database aliases listed in ``settings.DATABASE_REPLICAS``.
A replica replays the primary's changes a little later (milliseconds
usually, more under load: bench/replica.py measures it), so a read there
may miss the latest commit. That is fine for a reader and wrong for an
editor, who must see their own edit at once. Hence reads go to a replica
only where that cannot happen, decided per request by
:class:`ReplicaReadsMiddleware` before anything reads the database:

* only safe methods: GET, HEAD, OPTIONS (a POST writes, and reads what it writes);
* not the admin, and not a request with a session cookie: editors are
  logged in, and their sessions, users and edits live on the primary;
* not for ``REPLICA_PIN_SECONDS`` after the browser's last POST (the
  ``read_primary`` cookie the middleware sets then), so whoever just wrote
  reads the primary while the replicas catch up, logged out or not.

Outside a request (management commands, imports, ``rebuild_index``, the
signal handlers) nothing changes: every read is the primary's. Inside a
transaction on the primary, reads stay there too, so what a transaction
reads is what it then writes. A request keeps one replica for all its
reads, so the search cache's key (the index generation) and the results
it keys come from the same database.
"""
import random
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.urls import reverse

PRIMARY = "default"
PIN_COOKIE = "read_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})  # as RFC 9110 and CSRF have them

# The replica this request reads, or None: the primary.
_reading = ContextVar("archive_replica", default=None)


class ReplicaRouter:
    """Reads where the current request may read (:data:`_reading`), writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        return reading_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # replicas are read-only copies of it


def replica_for(request):
    """The replica alias ``request`` may read from, or None when it must read the primary."""
    replicas = getattr(settings, "DATABASE_REPLICAS", ())
    if not replicas or request.method not in SAFE_METHODS:
        return None
    if request.path.startswith(reverse("admin:index")):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or PIN_COOKIE in request.COOKIES:
        return None
    return random.choice(replicas)


class ReplicaReadsMiddleware:
    """Routes a request's reads (:func:`replica_for`); after a POST, pins the browser to the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading.set(replica_for(request))
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if request.method not in SAFE_METHODS and getattr(settings, "DATABASE_REPLICAS", ()):
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response


def reading_alias():
    """The database alias a read goes to now (the router's answer; the PostgreSQL search engine asks here)."""
    replica = _reading.get()
    return PRIMARY if replica is None or connections[PRIMARY].in_atomic_block else replica
