"""Haystack's ``update_index`` with a progress bar (``rebuild_index`` calls it too)."""
from haystack import connections
from haystack.management.commands.update_index import Command as HaystackUpdateIndex
from haystack.utils.app_loading import haystack_get_models
from tqdm import tqdm


class Command(HaystackUpdateIndex):
    help = "Freshens the search index, showing progress on the terminal."

    def update_backend(self, label, using):
        if self.workers or self.verbosity < 1:
            return super().update_backend(label, using)
        backend = connections[using].get_backend()
        unified = connections[using].get_unified_index()
        total = sum(
            unified.get_index(model)
            .build_queryset(using=using, start_date=self.start_date, end_date=self.end_date)
            .count()
            for model in haystack_get_models(label)
            if model in unified.get_indexed_models()
        )
        if not total:
            return super().update_backend(label, using)
        with tqdm(total=total, unit="doc", desc="index", file=self.stderr, mininterval=0.5) as bar:
            backend.progress = bar.update
            try:
                return super().update_backend(label, using)
            finally:
                backend.progress = None
