"""One client, one worker at most: the expensive views run at most N at a time per client, across workers.

A rate limit (:mod:`archive.serving.throttle`) counts requests; it does not stop
four slow ones sent at once from taking every gunicorn worker, so that a
normal search waits behind them (0.14 s became 54 s). Here each client
address holds a *slot* while its search, export, search feed, API search
or timeline image runs; with all its slots taken (``CLIENT_CONCURRENT_REQUESTS``,
one by default) the next one is answered at once with HTTP 429 and a
plain Arabic page (``templates/429.html``, English for English readers;
JSON for the API), never queued, so the other workers stay
free for everyone else.

A slot is an exclusive ``flock`` on a file in ``CLIENT_SLOTS_DIR``: shared
by every worker process on the machine (the locmem cache is per process),
released by the kernel when the request ends or its worker dies, so a
killed worker never leaves a client locked out. Addresses are hashed into
a fixed number of files, so the folder stays small; two addresses that
share a bucket share their slots (one chance in ``BUCKETS``).
"""
import fcntl
import hashlib
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from django.conf import settings

from archive.security.client import client_address

from .refusal import too_many

BUCKETS = 4096
RETRY_SECONDS = 2
MESSAGE_AR = ("طلب آخر منك لا يزال قيد التنفيذ، ولكل زائر نصيب من الخادم لا يتجاوزه؛ "
              "انتظر حتى ينتهي ثم أعد المحاولة.")
MESSAGE_EN = "Another request of yours is still running and each client gets its share of the server; " \
             "wait for it to finish and try again."


@contextmanager
def client_slot(address):
    """Hold one of ``address``'s slots while the block runs; yields False (holding nothing) if all are taken."""
    for slot in range(settings.CLIENT_CONCURRENT_REQUESTS):
        handle = _opened(slot_path(address, slot))
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield True
        finally:
            handle.close()  # releases the lock
        return
    yield False


def _opened(path):
    """The slot's file, opened to be locked; its folder is made when it is missing (the first request, or after
    something removed it), not checked on every request."""
    try:
        return open(path, "ab")  # noqa: SIM115 (held open for the lock's life)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "ab")  # noqa: SIM115


def slot_path(address, slot):
    """The file whose lock is ``address``'s slot number ``slot``."""
    bucket = int.from_bytes(hashlib.blake2b(address.encode(), digest_size=4).digest(), "big") % BUCKETS
    return Path(settings.CLIENT_SLOTS_DIR) / f"{bucket}-{slot}"


def fair_share(view=None, *, json_errors=False):
    """Decorate an expensive view so that one client runs at most its share of them at once."""
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            with client_slot(client_address(request)) as held:
                if not held:
                    return too_many("too_many_at_once", MESSAGE_AR, MESSAGE_EN, RETRY_SECONDS, json_errors,
                                    page="429.html")
                return view(request, *args, **kwargs)
        return wrapper
    return decorate(view) if view else decorate

