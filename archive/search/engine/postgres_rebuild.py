"""``rebuild_index`` on PostgreSQL: tables built beside the live ones, then swapped in.

:class:`Replacement` makes an empty table shaped like a live one (columns,
defaults, the generated column, storage, storage settings), into which the rebuild copies
every row; then gives it the live table's indexes, constraints and
triggers, read from the catalog (so the generation trigger and every index
a later migration adds come along), analyses it, and swaps it in: the live
table is dropped and the new one takes its name and its objects' names,
all in the rebuild's transaction. Until that commits, readers read the
live table; the swap holds its lock for milliseconds, and no other
table's: no foreign key ties the documents to the articles (a trigger on
the articles deletes an article's document), since dropping or adding one
locks the articles from every page. A GIN index built at once from the
whole table is several times faster to make (and a seventh the size) than
one fed a row at a time through its pending list. Rows copied in frozen into
a table made in the same transaction leave its pages all-visible (since
PostgreSQL 14), and :meth:`Replacement.complete`'s ``ANALYZE`` records it:
index-only scans read no row from the table, with no ``VACUUM`` after.
"""
import re
import time

from django.db import OperationalError, transaction

# The swap waits this long at most for the live table's readers (a search is cancelled after 5 s), then lets
# the readers queued behind it through and tries again.
SWAP_LOCK_TIMEOUT_MS = 200
SWAP_ATTEMPTS = 100
LOCK_NOT_AVAILABLE = "55P03"  # the SQLSTATE of a lock_timeout


class Replacement:
    """A new table beside ``table``, filled by the caller, then given ``table``'s objects and swapped in."""

    def __init__(self, cursor, table):
        self.cursor, self.live, self.name = cursor, table, f"{table}_rebuilt"
        cursor.execute(
            f"CREATE TABLE {self.name} (LIKE {table} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE "
            f"INCLUDING COMPRESSION)")
        cursor.execute("SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE oid = %s::regclass", [table])
        (options,) = cursor.fetchone()
        if options:  # its storage settings (the word table's fillfactor), which LIKE does not copy
            cursor.execute(f"ALTER TABLE {self.name} SET ({options})")
        self.renames = []

    def complete(self):
        """Give the new table the live one's constraints, indexes and triggers (under passing names), and its
        statistics: at the swap, it is searched as the live one was."""
        cursor, oid = self.cursor, self._oid(self.live)
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s "
                       "ORDER BY conname", [oid])
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {self.name} ADD CONSTRAINT "{name}_rebuilt" {definition}')
            self.renames.append(f'ALTER TABLE {self.live} RENAME CONSTRAINT "{name}_rebuilt" TO "{name}"')
        cursor.execute("SELECT index.relname, pg_get_indexdef(index.oid) FROM pg_index "
                       "JOIN pg_class AS index ON index.oid = pg_index.indexrelid "
                       "WHERE indrelid = %s AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = index.oid) "
                       "ORDER BY index.relname", [oid])
        for name, definition in cursor.fetchall():
            cursor.execute(self._retarget(definition, r"^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON )(?:ONLY )?(\S+)",
                                          f'\\1"{name}_rebuilt"\\3{self.name}'))
            self.renames.append(f'ALTER INDEX "{name}_rebuilt" RENAME TO "{name}"')
        cursor.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s AND NOT tgisinternal "
                       "ORDER BY tgname", [oid])
        for (definition,) in cursor.fetchall():
            cursor.execute(self._retarget(definition, r"( ON )(\S+)( )", f"\\1{self.name}\\3", count=1))
        cursor.execute(f"ANALYZE {self.name}")

    def swap(self):
        """Drop the live table and give its names to the new one: readers wait for this alone."""
        self._lock_live()
        self.cursor.execute(f"DROP TABLE {self.live}")
        self.cursor.execute(f"ALTER TABLE {self.name} RENAME TO {self.live}")
        for statement in self.renames:
            self.cursor.execute(statement)

    def _lock_live(self):
        """Take the live table from its readers, waiting for a running search a moment at most at a time: while
        the lock is awaited, new readers queue behind it."""
        for attempt in range(SWAP_ATTEMPTS):
            try:
                with transaction.atomic(using=self.cursor.db.alias):
                    self.cursor.execute(f"SET LOCAL lock_timeout = {SWAP_LOCK_TIMEOUT_MS}")
                    self.cursor.execute(f"LOCK TABLE {self.live} IN ACCESS EXCLUSIVE MODE")
                    self.cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
                return
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE or attempt == SWAP_ATTEMPTS - 1:
                    raise
                time.sleep(SWAP_LOCK_TIMEOUT_MS / 1000)

    def _oid(self, table):
        self.cursor.execute("SELECT %s::regclass::oid", [table])
        return self.cursor.fetchone()[0]

    @staticmethod
    def _retarget(definition, pattern, replacement, count=1):
        changed, found = re.subn(pattern, replacement, definition, count=count)
        if not found:
            raise ValueError(f"rebuild_index cannot copy {definition!r} to the new table")
        return changed
