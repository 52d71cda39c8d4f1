"""Choosing articles from the command line: the same filters for export_articles and tag_articles."""
import datetime

from archive.dates import aware_from_day
from archive.management.arguments import iso_day
from archive.models import Article


def add_selection_arguments(parser):
    parser.add_argument("--status", choices=Article.Status.values, help="only articles with this status")
    parser.add_argument("--source", action="append", default=[], help="source name, as stored (repeatable)")
    parser.add_argument("--tag", action="append", default=[],
                        help="tag slug; an article needs every one given (repeatable)")
    parser.add_argument("--from", dest="date_from", type=iso_day, help="published on or after this day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=iso_day, help="published on or before this day, YYYY-MM-DD")


def selected_articles(options):
    articles = Article.objects.order_by("pk")
    if options["status"]:
        articles = articles.filter(status=options["status"])
    if options["source"]:
        articles = articles.filter(source__name__in=options["source"])
    for slug in options["tag"]:
        articles = articles.filter(tags__slug=slug)
    # A day is stored at noon local time: compare with local midnights.
    if options["date_from"]:
        articles = articles.filter(published__gte=_midnight(options["date_from"]))
    if options["date_to"]:
        articles = articles.filter(published__lt=_midnight(options["date_to"] + datetime.timedelta(days=1)))
    return articles


def _midnight(day):
    return aware_from_day(day).replace(hour=0)
