"""Bring the search index level with the database, doing only what changed."""
from archive.importing import jobs
from archive.management.index_command import IndexCommand
from archive.search import engine
from archive.search.engine import outbox


class Command(IndexCommand):
    help = ("يحدّث فهرس البحث: يفهرس المقالات الجديدة أو المعدّلة (والمسودات لبحث المحررين) ويحذف ما حُذف. "
            "Indexes new or changed articles (drafts too, for the editors' search) and removes deleted ones; "
            "an empty index is built whole.")

    def handle(self, *args, **options):
        with self.progress_bar(options) as bar:
            jobs.reap(start_indexing=False)  # an import killed a moment ago: its outbox tasks are drained next
            outbox.drain()
            changed = engine.catch_up(progress=bar.update)
        if options["verbosity"] >= 1:
            self.stdout.write(f"الفهرس مطابق لقاعدة البيانات: {changed} مقالة فُهرست أو حُذفت.")
