"""The PostgreSQL index keeps every article with its status (drafts, for the editors' search); PostgreSQL only.

Documents written before held published articles only: they get ``published``.
"""
from importlib import import_module

from django.db import migrations, models

# The operation that runs only on PostgreSQL, where the search tables exist.
OnPostgres = import_module("archive.migrations.0003_postgres_search").OnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0006_articletag_origin"),
    ]

    operations = [
        OnPostgres(migrations.AddField(
            model_name="searchdocument",
            name="status",
            field=models.TextField(default="published"),
        )),
    ]
