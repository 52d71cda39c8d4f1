"""Template filters and a tag that write a date as the archive's readers read it.

``{% article_date article.published %}`` gives the Gregorian day, "10 أيار - مايو 2017"
(in English "10 May 2017"), and beside it the Hijri day, "14 شعبان 1438 هـ", as every
article's card and page show them; ``{{ article.published|arabic_date }}`` the
Gregorian day alone. Both read the site's time zone, where a date-only article
sits at noon of its own day. ``{{ article.published|arabic_moment }}`` adds the
time, for when the hour matters: the moment a scheduled article becomes public.
"""
import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from archive.language.calendar_labels import gregorian_label, hijri_label

register = template.Library()


def as_day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


@register.filter(expects_localtime=True)
def arabic_date(value):
    """The Gregorian day with the Levantine and standard month names; "" when undated."""
    return gregorian_label(as_day(value)) if value else ""


@register.simple_tag
def article_date(value):
    """``<time>`` with the Gregorian day, then the Hijri day; "غير مؤرَّخ" when undated.

    A tag, not a template of three filters: a results page writes twenty of
    these, and the template took a quarter of a millisecond each.
    """
    if not value:
        return format_html("<span>{}</span>", gettext("غير مؤرَّخ"))
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    day = as_day(local)
    shown = format_html('<time datetime="{}">{}</time>', local.isoformat(), gregorian_label(day))
    hijri_day = hijri_label(day)
    if not hijri_day:
        return shown
    return format_html('{}<span class="sep" aria-hidden="true">·</span><span class="hijri">{}</span>', shown, hijri_day)


@register.filter(expects_localtime=True)
def arabic_moment(value):
    """The day and the time on a 24-hour clock: "10 أيار - مايو 2017، الساعة 14:30"; "" when undated."""
    if not value:
        return ""
    return gettext("%(day)s، الساعة %(time)s") % {"day": gregorian_label(value.date()), "time": f"{value:%H:%M}"}
