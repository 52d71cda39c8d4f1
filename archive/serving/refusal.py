"""The answer to a client past its share: HTTP 429 with ``Retry-After``, said the way the client reads.

The fair share (:mod:`.fair_share`: another request of the client's is
still running) and the rate limits (:mod:`.throttle`: too many in the
window) refuse alike: the API gets its usual JSON error (``code`` for
programs, the message in Arabic and English), a reader a plain page or the
message alone in their language.
"""
from django.http import HttpResponse
from django.utils import translation

from archive.api.errors import ApiError
from archive.language.plain_pages import plain_response


def too_many(code, ar, en, retry_after, json_errors, page=None):
    """429 asking to wait ``retry_after`` seconds: JSON with ``json_errors``, else the plain ``page`` or the text."""
    if page and not json_errors:  # plain (no database, no context): a flood of them must cost next to nothing
        return plain_response(page, 429, retry_after)
    if json_errors:
        response = ApiError(code, ar, en, status=429).response()
    else:
        message = en if translation.get_language() == "en" else ar
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response
