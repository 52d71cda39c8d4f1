"""The plain error pages (500, 503, 429) in the reader's language.

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


def plain_page(name):
    """The rendered page ``name`` ("500.html") in the active language."""
    return loader.get_template(f"en/{name}" if translation.get_language() == "en" else name).render()


def plain_response(name, status, retry_after=None):
    """The page ``name`` as an HTTP ``status`` answer, asking to come back in ``retry_after`` seconds if given."""
    response = HttpResponse(plain_page(name), status=status, content_type="text/html; charset=utf-8")
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def server_error(request):
    """Django's ``server_error`` with the page in the reader's language."""
    return plain_response("500.html", 500)
