"""Build the whole search index anew, beside the live one, and swap it in when it is complete."""
from archive.management.index_command import IndexCommand
from archive.models import Article
from archive.search import engine


class Command(IndexCommand):
    help = ("يبني فهرس البحث كاملًا من جديد بجانب الفهرس الحالي ثم يستبدله به؛ يبقى البحث يعمل طوال البناء. "
            "Builds the whole index beside the live one, then swaps it in: searching works throughout.")

    def handle(self, *args, **options):
        total = Article.objects.count()
        with self.progress_bar(options, total) as bar:
            engine.rebuild(progress=bar.update)
        if options["verbosity"] >= 1:
            published = Article.objects.published().count()
            self.stdout.write(f"بُني الفهرس: {total} مقالة، منها {published} منشورة للعموم "
                              "(تبقى المسودات والمقالات المجدولة لبحث المحررين).")
