"""The reader's language: Arabic, the archive's own, or English for researchers who do not read it.

The choice lives in a cookie set by Django's ``set_language`` view, so every
URL, canonical link, feed and sitemap stays one address for both languages;
``middleware`` reads it (and only it: never ``Accept-Language``, so crawlers
and shared links always get the Arabic page). ``calendar_labels`` names days
and months in the active language. Interface strings are Arabic msgids with
an English catalog in ``archive/locale/en``; articles, titles and tag names are
never translated.
"""
