"""A request id on every log line of a request, and on its response as ``X-Request-ID``.

The middleware keeps the id in a context variable; the filter copies it onto
each log record, whichever logger wrote it (Django's traceback of a 500, the
search engine's warnings). Lines written outside a request carry ``-``.
"""
import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
NONE = "-"
current = contextvars.ContextVar("request_id", default=NONE)

# An id from a proxy in front is kept, so its log and ours agree; anything
# else (too long, or characters that could forge a log line) is replaced.
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,64}")


class RequestIdMiddleware:
    """Give each request an id (the proxy's ``X-Request-ID`` when it is sane, else a new one)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django logs some responses after the middleware returns: the id
        # lives until the response is closed.
        request_finished.connect(forget, dispatch_uid="archive-request-id")

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request.request_id = offered if ACCEPTED.fullmatch(offered) else uuid.uuid4().hex
        current.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def forget(**kwargs):
    current.set(NONE)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so any format can show it."""

    def filter(self, record):
        record.request_id = current.get()
        return True
