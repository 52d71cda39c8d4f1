"""Bring the search index level with the database, doing only what changed."""
from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.search import engine


class Command(BaseCommand):
    help = ("يحدّث فهرس البحث: يفهرس المقالات المنشورة الجديدة أو المعدّلة ويحذف ما لم يعد منشورًا. "
            "Indexes new or changed published articles and removes the rest; an empty index is built whole.")

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="accepted as haystack's commands accept it; this one never asks")

    def handle(self, *args, **options):
        with tqdm(unit="doc", desc="فهرسة", file=self.stderr, mininterval=0.5,
                  disable=options["verbosity"] < 1) as bar:
            changed = engine.catch_up(progress=bar.update)
        if options["verbosity"] >= 1:
            self.stdout.write(f"الفهرس مطابق لقاعدة البيانات: {changed} مقالة فُهرست أو حُذفت.")
