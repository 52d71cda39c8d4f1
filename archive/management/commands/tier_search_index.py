"""Make (or remove) the date tiers of the PostgreSQL engine's word index: ``manage.py tier_search_index``."""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.search.engine import postgres_tiers
from archive.search.engine.postgres_backend import DOCUMENTS


class Command(BaseCommand):
    help = ("يقسم فهرس كلمات PostgreSQL إلى طبقات بالتاريخ، الأحدث أولًا، فيتوقف بحث الكلمة الشائعة مبكرًا. "
            "Splits the PostgreSQL word and key indexes into date tiers (partial GIN indexes of both), newest first, "
            "so that a common word's search stops early; for large archives (postgres_tiers).")

    def add_arguments(self, parser):
        parser.add_argument("--newest", type=int, default=postgres_tiers.NEWEST_DOCUMENTS,
                            help="documents in the newest tier")
        parser.add_argument("--growth", type=int, default=postgres_tiers.GROWTH,
                            help="each older tier holds this many times as many as the one before")
        parser.add_argument("--tiers", type=int, default=postgres_tiers.TIERS, help="how many tiers, at most")
        parser.add_argument("--remove", action="store_true", help="remove the tiers and make none")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("طبقات الفهرس لمحرك PostgreSQL وحده (SEARCH_ENGINE=postgres).")
        if options["newest"] < 1 or options["growth"] < 1 or options["tiers"] < 2:
            raise CommandError("--newest و--growth موجبان، و--tiers اثنتان على الأقل.")
        # Writers go on while the indexes are made, except inside a transaction, where PostgreSQL cannot.
        concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
        with connection.cursor() as cursor:
            cursor.execute(postgres_tiers.INDEX_NAMES_SQL, [DOCUMENTS])
            for name in postgres_tiers.tier_names(cursor.fetchone()[0], former=True):
                cursor.execute(f"DROP INDEX{concurrently} IF EXISTS {name}")
            if options["remove"]:
                self.stdout.write("أزيلت طبقات الفهرس.")
                return
            starts = postgres_tiers.planned_starts(cursor, DOCUMENTS, options["newest"], options["growth"],
                                                   options["tiers"])
            if not starts:
                self.stdout.write(f"الأرشيف أصغر من {options['newest']} وثيقة مؤرخة: لا طبقات.")
                return
            for statement in postgres_tiers.index_statements(DOCUMENTS, starts, concurrently=bool(concurrently)):
                cursor.execute(statement)
        days = "، ".join(f"{first:%Y-%m-%d}" for first in starts)
        self.stdout.write(f"طبقات الفهرس: {len(starts) + 1}، تبدأ الأحدث فالأقدم في {days}.")
