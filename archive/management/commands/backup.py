"""Write the whole archive database to one file: ``manage.py backup PATH``."""
from django.core.management.base import BaseCommand, CommandError

from archive import backup as backups


class Command(BaseCommand):
    help = ("ينسخ قاعدة بيانات الأرشيف كلها إلى ملف واحد (المقالات بمعرّفاتها وأوقاتها، والوسوم، والمستخدمون، والسجل). "
            "Writes the whole database to PATH while the site keeps running: SQLite's online backup, "
            "or pg_dump's custom format on PostgreSQL. `restore PATH` puts it back.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write (replaced atomically if it exists)")

    def handle(self, *args, path, **options):
        try:
            backups.backup(path)
        except (backups.BackupError, OSError) as error:
            raise CommandError(f"لم تُكتب النسخة الاحتياطية: {error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"كُتبت النسخة الاحتياطية في {path}.")
