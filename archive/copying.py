"""``COPY … FROM STDIN`` through a Django cursor on PostgreSQL, for the importer's rows and the search engine's.

Both write many rows at once: an import's articles and tag links
(``archive.importing.inserting``), the search documents and word counts
(``archive.search.engine.postgres_backend``). The engine must not import
the importer, so what they share lives here.
"""
from contextlib import contextmanager

# Fewer rows than this go in one statement (bulk_create, an INSERT of arrays): COPY takes three round trips.
COPY_ROWS = 50


@contextmanager
def copying(cursor, statement):
    """psycopg's copy object for ``statement`` on Django's ``cursor``; what the database refuses is raised as
    Django's error, as a statement's is."""
    with cursor.db.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        yield copy
