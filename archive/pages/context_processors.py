"""What every page's template knows without its view passing it: the site's name and the tag kinds.

The name is one setting (``ARCHIVE_SITE_NAME``, in the reader's language),
written by every page's title, header and metadata; the kinds are
``Tag.Kind``, listed by the menu.
"""
from django.conf import settings
from django.utils.translation import gettext

from archive.models import Tag


def site(request):
    return {"site_name": gettext(settings.ARCHIVE_SITE_NAME), "tag_kinds": Tag.Kind}
