"""Activate the language the reader chose, Arabic unless they chose English.

Django's ``LocaleMiddleware`` would also follow the browser's
``Accept-Language``: a crawler or a reader opening a shared link would then
get English where the archive is Arabic. This one reads the language cookie
only. The editors' admin and the JSON API (whose messages carry both
languages already) stay Arabic whatever the cookie says.
"""
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

ARABIC_ONLY_PREFIXES = ("/admin/", "/api/")


def chosen_language(request):
    """The language of the cookie when it is one of ``LANGUAGES``, else the site's."""
    if request.path_info.startswith(ARABIC_ONLY_PREFIXES):
        return settings.LANGUAGE_CODE
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not request.path_info.startswith(ARABIC_ONLY_PREFIXES):
            # The same URL answers in either language: caches must key on the cookie.
            patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
