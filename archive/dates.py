"""Dates as the archive stores them.

Most sources give a day, not a time. A day is stored as noon in the site's
time zone, so it reads as the same day anywhere within twelve hours of it.
"""
import datetime
from collections import Counter

from django.utils import timezone

DAY_ONLY_TIME = datetime.time(12, 0)
LEVELS = ("year", "month", "day")


def aware_from_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, DAY_ONLY_TIME))


def truncate(level, day):
    """The first day of the year, month or day holding ``day``."""
    if level == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1) if level == "month" else day


def local_days(moment_counts):
    """{stored moment: count} folded into {day of the site's calendar: count}, a Counter.

    Counting is done by stored moment in the database: Django's ``TruncDay``
    would call back into Python once per row on SQLite, and most articles
    sit at noon of their day, so there are about as many moments as days.
    The time zone is looked up once (``timezone.localtime`` looks it up for
    each moment, through the request's thread-local state).
    """
    zone, days = timezone.get_current_timezone(), Counter()
    for moment, count in moment_counts.items():
        days[moment.astimezone(zone).date()] += count
    return days


def period_counts(day_counts, level):
    """{day: count} folded into {first day of its year, month or day: count}, a Counter."""
    counts = Counter()
    for day, count in day_counts.items():
        counts[truncate(level, day)] += count
    return counts
