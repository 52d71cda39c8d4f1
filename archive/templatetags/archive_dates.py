"""Template filters that write a date as the archive's readers read it.

``{{ article.published|arabic_date }}`` gives "10 أيار - مايو 2017" (in English "10 May 2017") and
``{{ article.published|hijri }}`` gives "14 شعبان 1438 هـ", both in the
site's time zone, where a date-only article sits at noon of its own day.
``includes/article_date.html`` puts the two side by side.
``{{ article.published|arabic_moment }}`` adds the time, for when the hour
matters: the moment a scheduled article becomes public.
"""
import datetime

from django import template
from django.utils.translation import gettext

from archive.language.calendar_labels import gregorian_label, hijri_label

register = template.Library()


def as_day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


@register.filter(expects_localtime=True)
def arabic_date(value):
    """The Gregorian day with the Levantine and standard month names; "" when undated."""
    return gregorian_label(as_day(value)) if value else ""


@register.filter(expects_localtime=True)
def hijri(value):
    """The Hijri day; "" when undated or outside the Umm al-Qura tables."""
    return hijri_label(as_day(value)) if value else ""


@register.filter(expects_localtime=True)
def arabic_moment(value):
    """The day and the time on a 24-hour clock: "10 أيار - مايو 2017، الساعة 14:30"; "" when undated."""
    if not value:
        return ""
    return gettext("%(day)s، الساعة %(time)s") % {"day": gregorian_label(value.date()), "time": f"{value:%H:%M}"}
