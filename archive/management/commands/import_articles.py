"""Import articles from text files, JSON Lines, CSV and RSS/Atom feeds, then index them."""
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.arabic.shaping import shape_for_display
from archive.importing import jobs
from archive.importing.inputs import READERS, find_inputs
from archive.importing.writer import Importer
from archive.models import Article

KEYS_HELP = """
Records (JSON Lines objects, CSV columns) use the keys: title and body
(required), lead, published (2018-02-18, an ISO date-time, or "10 أيار
2017"), source (a name, or {name, url} in JSON), source_url, dateline (a
place), url, status (published/draft), author (or byline), image (a URL, or
{url, caption, credit} in JSON; or image_url, image_caption, image_credit),
category (a topic tag), and tag lists person, place, organisation, topic
(JSON lists, or names separated by | in CSV). A JSON "tags" list of {kind,
name, slug, aliases}, as export_articles writes it, is the article's
complete tag list: the gazetteer adds nothing to it.

A record with no status is published: archive news has been published
already. --draft keeps every imported article a draft for review instead;
--publish publishes every one. The summary counts how many went in as each.
"""


class Command(BaseCommand):
    help = (
        "Import articles from files or folders (text in the seed's shape, .jsonl/.csv, "
        "optionally .gz/.xz, RSS/Atom), tag them from the gazetteer and index them. "
        "Exits with status 1 when any record was rejected." + KEYS_HELP
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders to import")
        parser.add_argument("--format", choices=sorted(READERS),
                            help="read every file in this format (default: from its name)")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
        parser.add_argument("--update", action="store_true",
                            help="rewrite articles already in the archive (same URL or text) instead of skipping them")
        parser.add_argument("--no-autotag", dest="autotag", action="store_false", help="do not tag from the gazetteer")
        status = parser.add_mutually_exclusive_group()
        status.add_argument("--publish", dest="status", action="store_const", const=Article.Status.PUBLISHED,
                            help="publish every imported article")
        status.add_argument("--draft", dest="status", action="store_const", const=Article.Status.DRAFT,
                            help="keep every imported article a draft, hidden from readers until published "
                                 "(without it, records with no status are published)")

    def handle(self, *args, **options):
        show = shape_for_display if sys.stdout.isatty() else str
        inputs = find_inputs(options["paths"], options["format"])
        job = jobs.for_command(inputs, format=options["format"], publish=options["status"] != Article.Status.DRAFT,
                               update=options["update"], dry_run=options["dry_run"])
        importer = Importer(update=options["update"], dry_run=options["dry_run"],
                            status=options["status"], autotag=options["autotag"],
                            default_status=Article.Status.PUBLISHED, job=job)
        bars = _Bars(sum(item.size for item in inputs), show, self.stderr, disable=options["verbosity"] < 1)
        try:
            with jobs.running(job):
                summary = jobs.import_as(job, importer, inputs, echo=bars)
        except (jobs.Stopped, KeyboardInterrupt):
            raise CommandError(show(jobs.STOPPED), returncode=130) from None
        finally:
            bars.close()
        for line in summary.lines():
            self.stdout.write(show(line))
        if not summary.ok:
            raise CommandError(show(f"رُفض {len(summary.rejected)} من السجلات؛ أسبابها أعلاه."), returncode=1)


class _Bars:
    """The import's progress on the terminal: bytes read, then articles indexed."""

    def __init__(self, total_bytes, show, file, disable):
        self.show, self.file, self.disable = show, file, disable
        self.bar = self._bar(total_bytes, "B", "استيراد")

    def _bar(self, total, unit, label):
        return tqdm(total=total, unit=unit, unit_scale=unit == "B", desc=self.show(label), file=self.file,
                    mininterval=0.5, disable=self.disable)

    def read(self, count):
        self.bar.update(count)

    def indexing(self, total):
        self.bar.close()
        self.bar = self._bar(total, "doc", "فهرسة") if total else None

    def indexed(self, count):
        self.bar.update(count)

    def close(self):
        if self.bar is not None:
            self.bar.close()
