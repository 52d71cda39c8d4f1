"""The word table keeps one prefix index, not two; PostgreSQL only.

Django gives a text primary key an index with ``text_pattern_ops``
(``archive_searchword_word_…_like``), and ``searchword_prefix`` was the same
index again: every write of a word's count updated both, and every
``rebuild_index`` built both. The prefix searches (spelling suggestions,
title-word completion) read the one left, with the same plans.
"""
from importlib import import_module

from django.db import migrations

# The operation that runs only on PostgreSQL, where the search tables exist.
OnPostgres = import_module("archive.migrations.0003_postgres_search").OnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0011_searchdocument_cascade_trigger"),
    ]

    operations = [
        OnPostgres(migrations.RemoveIndex(model_name="searchword", name="searchword_prefix")),
    ]
