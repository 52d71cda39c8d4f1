"""The plain error pages (500, 503, 429) in the reader's language.

They have no template tags, so nothing in them can fail where everything
else did: a language cannot be chosen inside the page, so each language has
its own file (``templates/500.html``, ``templates/en/500.html``), picked here.
"""
from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation


def plain_page(name):
    """The rendered page ``name`` ("500.html") in the active language."""
    return loader.get_template(f"en/{name}" if translation.get_language() == "en" else name).render()


def server_error(request):
    """Django's ``server_error`` with the page in the reader's language."""
    return HttpResponseServerError(plain_page("500.html"))
