"""Dates as the archive stores them.

Most sources give a day, not a time. A day is stored as noon in the site's
time zone, so it reads as the same day anywhere within twelve hours of it.
"""
import datetime
from collections import Counter

from django.db.models import Count
from django.utils import timezone

DAY_ONLY_TIME = datetime.time(12, 0)


def aware_from_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, DAY_ONLY_TIME))


def day_counts(articles):
    """How many of the dated ``articles`` fall on each day of the site's calendar: a Counter.

    One query grouped by the stored moment, read from the public order index,
    then folded into local days here. Django's ``TruncDay`` would call back
    into Python once per row on SQLite; most articles sit at noon of their
    day, so there are about as many moments as days, not as articles.
    """
    days = Counter()
    for moment, count in articles.exclude(published=None).order_by().values_list("published").annotate(Count("pk")):
        days[timezone.localtime(moment).date()] += count
    return days
