"""What the two index commands share: haystack's ``--noinput`` habit and a progress bar."""
from django.core.management.base import BaseCommand
from tqdm import tqdm


class IndexCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="accepted as haystack's commands accept it; this one never asks")

    def progress_bar(self, options, total=None):
        return tqdm(total=total, unit="doc", desc="فهرسة", file=self.stderr, mininterval=0.5,
                    disable=options["verbosity"] < 1)
