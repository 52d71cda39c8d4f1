"""Tag articles again from the gazetteer (the shipped list plus the tags in the database), keeping editors' tags."""
from django.core.management.base import BaseCommand

from archive.importing.selection import add_selection_arguments, selected_articles
from archive.importing.tagging import tag_again


class Command(BaseCommand):
    help = (
        "Add to the selected articles (all by default) the people, places and organisations "
        "the gazetteer finds in them, and remove the tags an earlier tagging added that it no longer "
        "finds; an editor's tags are never removed. Then re-index the articles that changed."
    )

    def add_arguments(self, parser):
        add_selection_arguments(parser)

    def handle(self, *args, **options):
        changed, added, removed = tag_again(selected_articles(options))
        self.stdout.write(f"Added {added} tags and removed {removed} stale automatic tags in {changed} articles.")
