"""Put the archive back as a backup holds it: ``manage.py restore PATH``."""
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive import backup as backups
from archive.models import Article


class Command(BaseCommand):
    help = ("يعيد قاعدة بيانات الأرشيف كما حفظتها نسخة احتياطية ثم يبني فهرس البحث من جديد. "
            "Replaces the whole database with the backup at PATH (made by `backup`), brings its schema "
            "up to date with migrate, then rebuilds the search index from the restored articles.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by `manage.py backup`")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask before replacing the database")

    def handle(self, *args, path, **options):
        if options["interactive"] and not self.confirmed(path):
            raise CommandError("أُلغيت الاستعادة؛ لم يتغير شيء.")
        try:
            backups.restore(path)
        except (backups.BackupError, OSError) as error:
            raise CommandError(f"لم تُستعد النسخة الاحتياطية: {error}") from error
        quiet = {"verbosity": 0, "interactive": False}
        # A backup from an older version of the archive gets this version's tables.
        call_command("migrate", **quiet)
        call_command("rebuild_index", interactive=False, verbosity=options["verbosity"])
        if options["verbosity"] >= 1:
            self.stdout.write(f"استُعيد الأرشيف من {path}: {Article.objects.count()} مقالة، "
                              f"{get_user_model().objects.count()} مستخدم.")

    def confirmed(self, path):
        answer = input(f"ستحل النسخة {path} محل قاعدة البيانات الحالية كلها. اكتب yes للمتابعة: ")
        return answer.strip().lower() == "yes"
