"""Mark import jobs whose process is gone as failed and remove files no live job owns (make run and serve).

The articles such a job committed wait in the index's outbox for the
``update_index`` that ``make run`` and ``make serve`` run next.
"""
from django.core.management.base import BaseCommand

from archive.importing import jobs


class Command(BaseCommand):
    help = ("يُنهي عمليات الاستيراد التي توقفت عمليتها ويحذف ملفاتها المؤقتة. "
            "Marks import jobs whose process is gone as failed and removes the files no live job owns.")

    def handle(self, *args, **options):
        jobs.reap(start_indexing=False)
