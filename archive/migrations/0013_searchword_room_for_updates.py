"""The word table's pages keep half their room for new versions of their rows; PostgreSQL only.

Every batch an import writes adds its documents to the counts of the words
they hold: an ``UPDATE`` of tens of thousands of rows. In full pages each new
row version went to another page, and both of the word's indexes got an
entry for it; with room left in its page, the version stays there and no
index is touched (a HOT update): the server's CPU an imported article fell
from 1.10 to 0.98 ms. ``rebuild_index`` gives its new table the same setting
(``postgres_rebuild.Replacement``). The setting rewrites nothing: in an archive
migrated, the pages already full stay so until a ``VACUUM`` frees room in
them or ``rebuild_index`` writes the table anew.
"""
from importlib import import_module

from django.db import migrations

OnPostgres = import_module("archive.migrations.0003_postgres_search").OnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0012_searchword_one_prefix_index"),
    ]

    operations = [
        OnPostgres(migrations.RunSQL("ALTER TABLE archive_searchword SET (fillfactor = 50)",
                                     "ALTER TABLE archive_searchword RESET (fillfactor)")),
    ]
