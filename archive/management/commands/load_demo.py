"""Load the demo articles shipped in ``archive/demo/``; running it again changes nothing."""
import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.dates import aware_from_day
from archive.importing.article_text import parse_article_text
from archive.models import Article, Source, Tag, TagAlias

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo articles with their source, dateline, tags and aliases (idempotent)."

    def handle(self, *args, **options):
        entries = json.loads((DEMO_DIR / "articles.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            created = sum(self.load_entry(entry) for entry in entries)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data: {len(entries)} {'article' if len(entries) == 1 else 'articles'},"
                               f" {created} newly created.")
        )

    def load_entry(self, entry):
        parsed = parse_article_text((DEMO_DIR / entry["file"]).read_text(encoding="utf-8"))
        source, _ = Source.objects.get_or_create(
            name=entry["source"]["name"], defaults={"url": entry["source"]["url"]}
        )
        tags = [
            self.tag_with_aliases(kind, name, aliases)
            for kind, names in entry["tags"].items()
            for name, aliases in names.items()
        ]
        dateline = self.tag_with_aliases(Tag.Kind.PLACE, parsed.dateline_place, [])
        day = datetime.date.fromisoformat(entry["published"])
        fields = {
            "title": parsed.title,
            "body": parsed.body,
            "source": source,
            "dateline": dateline,
            "published": aware_from_day(day),
            "status": Article.Status.PUBLISHED,
        }
        probe = Article(title=parsed.title, body=parsed.body)
        article = Article.objects.filter(fingerprint=probe.compute_fingerprint()).first()
        created = article is None
        article = article or Article()
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
        article.tags.set(tags)
        return created

    @staticmethod
    def tag_with_aliases(kind, name, aliases):
        tag, _ = Tag.objects.get_or_create(kind=kind, name=name)
        for alias in aliases:
            TagAlias.objects.get_or_create(tag=tag, name=alias)
        return tag
