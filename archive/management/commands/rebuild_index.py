"""Build the whole search index anew, beside the live one, and swap it in when it is complete."""
from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import Article
from archive.search import engine


class Command(BaseCommand):
    help = ("يبني فهرس البحث كاملًا من جديد بجانب الفهرس الحالي ثم يستبدله به؛ يبقى البحث يعمل طوال البناء. "
            "Builds the whole index beside the live one, then swaps it in: searching works throughout.")

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="accepted as haystack's commands accept it; this one never asks")

    def handle(self, *args, **options):
        total = Article.objects.published().count()
        with tqdm(total=total, unit="doc", desc="فهرسة", file=self.stderr, mininterval=0.5,
                  disable=options["verbosity"] < 1) as bar:
            engine.rebuild(progress=bar.update)
        if options["verbosity"] >= 1:
            self.stdout.write(f"بُني الفهرس: {total} مقالة منشورة.")
