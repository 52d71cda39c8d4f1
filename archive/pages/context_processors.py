"""What every page's template knows without its view passing it: the site's name, the tag kinds, the script prefix.

The name is one setting (``ARCHIVE_SITE_NAME``, in the reader's language),
written by every page's title, header and metadata; the kinds are
``Tag.Kind``, listed by the menu. The script prefix (``/`` unless the
archive is served under a path) is what every reversed link starts with:
the fragments ``base.html`` keeps rendered (``{% kept %}``) are kept per
prefix, language and name.
"""
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import gettext

from archive.models import Tag


def site(request):
    return {"site_name": gettext(settings.ARCHIVE_SITE_NAME), "tag_kinds": Tag.Kind,
            "script_prefix": get_script_prefix()}
