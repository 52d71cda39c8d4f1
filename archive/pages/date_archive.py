"""The date archive: the years, a year's months, a month's days and articles, a day's articles.

Periods are read in the site's calendar (``TIME_ZONE``), where a date-only
article is stored at noon, so it falls on its own day. Previous and next
lead to the nearest period that has articles, never to an empty one. A date
the calendar does not have (30 February, month 13, year 0) is a 404 page that
says so; a real period without articles is a 404 page that offers its
neighbours.
"""
import calendar
import datetime
from dataclasses import dataclass

from django.shortcuts import render
from django.utils import timezone

from archive.dates import LEVELS, truncate
from archive.language.calendar_labels import (
    gregorian_label,
    hijri_label,
    month_label,
    month_year_label,
    weekday_name,
    weekday_names,
)
from archive.models import Article
from archive.pages.articles import paginate, public_articles
from archive.pages.paths import date_path

# Weeks start on Saturday, as on Syrian and most Arab calendars.
FIRST_WEEKDAY = calendar.SATURDAY


def aware_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Period:
    """A year, a month or a day of the site's calendar, named by its first day."""

    level: str
    first: datetime.date

    @classmethod
    def of(cls, level, year, month=1, day=1):
        """The period, or ``ValueError`` for a date the calendar lacks.

        Years 1 and 9999 are refused too: their bounds in UTC fall outside Python's dates.
        """
        if not datetime.MINYEAR < year < datetime.MAXYEAR:
            raise ValueError(f"year {year} is out of range")
        return cls(level, datetime.date(year, month, day))

    @classmethod
    def around(cls, level, moment):
        """The period of ``level`` holding an aware datetime."""
        return cls(level, truncate(level, timezone.localtime(moment).date()))

    @property
    def after(self):
        """The first day of the next period."""
        if self.level == "year":
            return self.first.replace(year=self.first.year + 1)
        if self.level == "month":
            return (self.first + datetime.timedelta(days=31)).replace(day=1)
        return self.first + datetime.timedelta(days=1)

    def within(self, articles):
        return articles.filter(published__gte=aware_midnight(self.first), published__lt=aware_midnight(self.after))

    def counts(self, level):
        """Published articles per ``level`` (month, day) within this period: {first day: count}."""
        return self.within(Article.objects.published_dated()).period_counts(level)

    @property
    def label(self):
        if self.level == "year":
            return str(self.first.year)
        if self.level == "month":
            return month_year_label(self.first.year, self.first.month)
        return gregorian_label(self.first)

    @property
    def short_label(self):
        """The name within the enclosing period: "2017", "أيار - مايو", "10"."""
        if self.level == "month":
            return month_label(self.first.month)
        return str(self.first.year if self.level == "year" else self.first.day)

    @property
    def weekday(self):
        return weekday_name(self.first)

    @property
    def hijri(self):
        return hijri_label(self.first)

    def get_absolute_url(self):
        return date_path(self.level, self.first)

    def parents(self):
        """The enclosing year (and month), for the breadcrumbs."""
        return [Period(level, truncate(level, self.first)) for level in LEVELS[: LEVELS.index(self.level)]]


def neighbours(period):
    """The nearest earlier and later periods of the same level that have articles."""
    published = Article.objects.published().values_list("published", flat=True)
    before = published.filter(published__lt=aware_midnight(period.first)).order_by("-published").first()
    after = published.filter(published__gte=aware_midnight(period.after)).order_by("published").first()
    return {
        "previous": before and Period.around(period.level, before),
        "next": after and Period.around(period.level, after),
    }


def archive_index(request):
    counts = Article.objects.published_dated().period_counts("year")
    years = [(Period("year", first), counts[first]) for first in sorted(counts, reverse=True)]
    return render(request, "archive/date_archive_index.html", {"years": years})


def year_archive(request, year):
    return show(request, "year", (year,), year_context)


def month_archive(request, year, month):
    return show(request, "month", (year, month), month_context)


def day_archive(request, year, month, day):
    return show(request, "day", (year, month, day), day_context)


def show(request, level, parts, build):
    """Render a period's page; 404 with a message for a date the calendar lacks or an empty period."""
    try:
        period = Period.of(level, *parts)
    except ValueError:
        context = {"asked": parts, "nearest": nearest_real(parts)}
        return render(request, "archive/date_archive_missing.html", context, status=404)
    context = {"period": period, **neighbours(period), **build(request, period)}
    return render(request, f"archive/date_archive_{level}.html", context, status=200 if context["total"] else 404)


def nearest_real(parts):
    """The closest enclosing month or year of an impossible date, if any: a way back."""
    for count in range(len(parts) - 1, 0, -1):
        try:
            return Period.of(LEVELS[count - 1], *parts[:count])
        except ValueError:
            continue
    return None


def year_context(request, period):
    counts = period.counts("month")
    months = [Period("month", period.first.replace(month=month)) for month in range(1, 13)]
    return {
        "months": [(month, counts.get(month.first, 0)) for month in months],
        "total": sum(counts.values()),
        "busiest": max(counts.values(), default=0),
    }


def month_context(request, period):
    counts = period.counts("day")
    weeks = [
        [(Period("day", day), counts.get(day, 0)) if day.month == period.first.month else None for day in week]
        for week in calendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(period.first.year, period.first.month)
    ]
    return {
        "weeks": weeks,
        "weekdays": weekday_names(FIRST_WEEKDAY),
        "page": paginate(request, period.within(public_articles())),
        "total": sum(counts.values()),
    }


def day_context(request, period):
    page = paginate(request, period.within(public_articles()))
    return {"page": page, "total": page.paginator.count}
