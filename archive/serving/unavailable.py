"""A database that went away gives a clear 503 page, not a traceback or a bare 500.

PostgreSQL restarting, a failover to a replica, a dropped connection: the
request that meets it gets ``templates/503.html`` (or ``en/503.html``; plain, like 500.html:
no tags, no static files, no database; the API its JSON error) and ``Retry-After``, and the error
is logged for the operator. Django drops the broken connection at the end of
the request, so the next request connects afresh.
"""
import logging

from django.db import InterfaceError, OperationalError

from archive.language.plain_pages import error_response

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        log.error("Database unavailable for %s: %s", request.path, exception, exc_info=exception)
        return error_response(request, 503, RETRY_AFTER_SECONDS)
