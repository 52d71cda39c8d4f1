"""Dates as the archive stores them.

Most sources give a day, not a time. A day is stored as noon in the site's
time zone, so it reads as the same day anywhere within twelve hours of it.
"""
import datetime

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
