"""Write articles as JSON Lines, every field and tag: ``export_articles [filters] > out.jsonl``."""
import json

from django.core.management.base import BaseCommand

from archive.importing.export import article_record
from archive.importing.selection import add_selection_arguments, selected_articles


class Command(BaseCommand):
    help = (
        "Write the selected articles (all by default) as JSON Lines on standard output, one article "
        "a line with every field and tag; import_articles reads the file back into the same archive."
    )

    def add_arguments(self, parser):
        add_selection_arguments(parser)

    def handle(self, *args, **options):
        articles = selected_articles(options).select_related("source").prefetch_related(
            "articletag_set__tag__aliases", "dateline__aliases"
        )
        for article in articles.iterator(chunk_size=500):
            self.stdout.write(json.dumps(article_record(article), ensure_ascii=False))
