"""What templates need to show Arabic content inside an English page.

Articles, titles and tag names stay Arabic whatever the interface. On an
English (left-to-right) page, the elements that hold them carry
``{{ arabic_text }}``, ` lang="ar" dir="rtl"`, so the browser orders and
aligns them as Arabic and a screen reader reads them with an Arabic voice;
on an Arabic page it is empty and the markup stays exactly as it was.
"""
from django.utils import translation
from django.utils.safestring import mark_safe

ARABIC_TEXT = mark_safe(' lang="ar" dir="rtl"')


def arabic_text(request):
    return {"arabic_text": "" if translation.get_language_bidi() else ARABIC_TEXT}
