"""A fair share for every client: the expensive requests are rate-limited per client address.

Exports (a thousand rows each), the timeline images and the API's searches
cost far more than a page. Each client address may make ``limit`` of them
per ``seconds`` in one scope; past that it gets HTTP 429 with a
``Retry-After`` and an explanation (JSON in both languages for the API; in
the reader's language for a page's export or image), and the worker
moves on to other clients. Counts live in Django's cache (the ``search``
cache: a process's memory by default, shared by every worker when it is
Redis or memcached).
"""
import time
from functools import wraps

from django.core.cache import caches

from archive.security.client import client_address

from .refusal import too_many

CACHE_ALIAS = "search"
MESSAGE_AR = "طلبات كثيرة من عنوانك في وقت قصير؛ انتظر {seconds} ثانية ثم أعد المحاولة."
MESSAGE_EN = "Too many requests from your address; wait {seconds} seconds and try again."


def throttled(scope, limit, seconds, json_errors=False):
    """Decorate a view so one client address gets at most ``limit`` answers in ``seconds``."""
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            wait = _spend(scope, client_address(request), limit, seconds)
            if wait:
                return too_many("rate_limited", MESSAGE_AR.format(seconds=wait), MESSAGE_EN.format(seconds=wait),
                                wait, json_errors)
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


def _spend(scope, address, limit, seconds):
    """Count one request in the client's current window; the seconds to wait if it is over the limit."""
    window = int(time.time() // seconds)
    key = f"throttle:{scope}:{address}:{window}"
    cache = caches[CACHE_ALIAS]
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        used = 1
    return 0 if used <= limit else max(1, int((window + 1) * seconds - time.time()))

