"""Search the archive from a terminal: ``python manage.py search_archive "query" [filters] [--json]``."""
import json
import re
import sys
from html import unescape

from django.core.management.base import BaseCommand

from archive.arabic.shaping import shape_for_display
from archive.management.arguments import iso_day
from archive.models import Tag
from archive.search.archive_search import SORTS, SearchRequest, search_archive
from archive.search.serialize import results_as_dict

_TAGS = re.compile(r"<[^>]+>")


class Command(BaseCommand):
    help = "Search the archive as the search page does, and print the results."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help="what to look for, as typed in the search box")
        for kind in Tag.Kind:
            parser.add_argument(f"--{kind.value}", action="append", default=[],
                                help=f"{kind.value} tag slug (repeatable)")
        parser.add_argument("--source", action="append", default=[], help="source name (repeatable)")
        parser.add_argument("--from", dest="date_from", type=iso_day, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", type=iso_day, help="last day, YYYY-MM-DD")
        parser.add_argument("--sort", choices=sorted(SORTS), default="relevance")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--page-size", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print JSON (plain UTF-8, unshaped)")
        parser.add_argument(
            "--shape", choices=["auto", "always", "never"], default="auto",
            help="reshape Arabic for terminals that cannot (auto: only when stdout is a terminal)",
        )

    def handle(self, *args, **options):
        request = SearchRequest(
            q=options["query"],
            **{kind: options[kind] for kind in Tag.Kind.values},
            source=options["source"], date_from=options["date_from"], date_to=options["date_to"],
            sort=options["sort"], page=options["page"], page_size=options["page_size"],
        )
        results = search_archive(request)
        if options["json"]:
            self.stdout.write(json.dumps(results_as_dict(results), ensure_ascii=False, indent=2))
            return
        shape = options["shape"] == "always" or (options["shape"] == "auto" and sys.stdout.isatty())
        self.print_results(results, shape_for_display if shape else (lambda text: text))

    def print_results(self, results, show):
        for note in results.notes:
            self.stdout.write(self.style.WARNING(show(note)))
        self.stdout.write(show(f"النتائج: {results.total} — صفحة {results.page} من {max(results.num_pages, 1)}"))
        for hit in results.hits:
            article = hit.article
            date = article.published.date().isoformat() if article.published else "غير مؤرَّخ"
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(show(plain(hit.title_html))))
            self.stdout.write(show(f"{date} · {article.source or ''} · {article.get_absolute_url()}"))
            self.stdout.write(show(plain(hit.snippet_html)))


def plain(html):
    return unescape(_TAGS.sub("", html))

