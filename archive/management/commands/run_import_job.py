"""Run one import job of the admin's uploads (started by the upload page, detached from the web worker)."""
from django.core.management.base import BaseCommand, CommandError

from archive.importing import jobs


class Command(BaseCommand):
    help = ("يستورد ملفًا رفعه محرر من صفحة الاستيراد (تبدؤه الصفحة نفسها). "
            "Imports one uploaded file as its ImportJob row describes; the upload page starts it.")

    def add_arguments(self, parser):
        parser.add_argument("job", type=int, help="the ImportJob's id")

    def handle(self, *args, **options):
        if not jobs.run_by_id(options["job"]):
            raise CommandError(f"No import job {options['job']} is waiting to run.")
