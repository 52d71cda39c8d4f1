"""The PostgreSQL index's ``head`` loses its GIN index; PostgreSQL only.

A ranked page's title matches are now read from the rows the count read
(``postgres_text.ranked_candidates``), testing ``head`` in the row, so no
search looks ``head`` up through an index: the index only cost every
document written (a GIN entry per title and tag lexeme) and its disk.
"""
from importlib import import_module

from django.db import migrations

# The operation that runs only on PostgreSQL, where the search tables exist.
OnPostgres = import_module("archive.migrations.0003_postgres_search").OnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0009_searchdocument_head"),
    ]

    operations = [
        OnPostgres(migrations.RemoveIndex(
            model_name="searchdocument",
            name="searchdocument_head",
        )),
    ]
