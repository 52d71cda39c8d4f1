"""The plain error pages (500, 503, 429) in the reader's language; JSON errors for the API.

They render from their files alone (no context, no request, no database,
no static files), so nothing in them can fail where everything else did.
Each extends one layout, ``templates/plain.html`` (its English twin
``templates/en/plain.html``), whose one inline style the
Content-Security-Policy allows by its hash (:mod:`archive.security.csp`).
A language cannot be chosen inside such a page, so each language has its
own file (``templates/500.html``, ``templates/en/500.html``), picked here.
"""
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

from archive.api.errors import ApiError

# What the API's programs read instead of a page (the API's JSON errors): the same words, by status.
API_ERRORS = {
    500: ("server_error", "تعذّر الجواب بسبب خطأ عندنا، لا في طلبك. سُجّل الخطأ وسننظر فيه. أعد المحاولة بعد قليل.",
          "The request failed on our side, not yours. The error was logged. Try again in a moment."),
    503: ("unavailable", "تعذّر الوصول إلى قاعدة بيانات الأرشيف الآن. لم يضع شيء مما في الأرشيف. أعد المحاولة بعد قليل.",
          "The archive's database cannot be reached right now. Nothing in the archive has been lost. "
          "Try again in a moment."),
}


def plain_page(name):
    """The rendered page ``name`` ("500.html") in the active language."""
    return loader.get_template(f"en/{name}" if translation.get_language() == "en" else name).render()


def plain_response(name, status, retry_after=None):
    """The page ``name`` as an HTTP ``status`` answer, asking to come back in ``retry_after`` seconds if given."""
    response = HttpResponse(plain_page(name), status=status, content_type="text/html; charset=utf-8")
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def error_response(request, status, retry_after=None):
    """The ``status`` (500 or 503) answer: the API's JSON error under ``/api/``, else the plain page."""
    if not request.path_info.startswith("/api/"):
        return plain_response(f"{status}.html", status, retry_after)
    response = ApiError(*API_ERRORS[status], status=status).response()
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def server_error(request):
    """Django's ``server_error`` with the page in the reader's language (or the API's JSON error)."""
    return error_response(request, 500)
