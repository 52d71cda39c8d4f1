"""A deleted article takes its search document by a trigger on the articles, not a foreign key; PostgreSQL only.

``rebuild_index`` builds a new documents table and swaps it in
(:mod:`archive.search.engine.postgres_rebuild`). With a foreign key, dropping
the old table (and giving the new one its key) locked ``archive_article``
itself, exclusively: every page waited for the swap, the swap for any
long reader of the articles (a backup), and an editor's save, holding its
article row while waiting for the index writers' lock, deadlocked with it.
The trigger lives on ``archive_article`` and names the documents table: it
does the same deletion (in the deleting statement, a raw ``DELETE`` too),
and the documents table can be replaced without touching the articles.
"""
from importlib import import_module

from django.db import migrations

# The operation that runs only on PostgreSQL, where the search tables exist.
OnPostgres = import_module("archive.migrations.0003_postgres_search").OnPostgres

CASCADE_FUNCTION = """
CREATE FUNCTION "archive_search_article_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "archive_searchdocument" WHERE "article_id" IN (SELECT "id" FROM removed);
    RETURN NULL;
END
$$
"""


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0010_searchdocument_head_unindexed"),
    ]

    operations = [
        OnPostgres(migrations.RunSQL(
            sql=[
                'ALTER TABLE "archive_searchdocument" DROP CONSTRAINT "searchdocument_article_cascade"',
                CASCADE_FUNCTION,
                'CREATE TRIGGER "searchdocument_article_removed" AFTER DELETE ON "archive_article" '
                'REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "archive_search_article_removed"()',
            ],
            reverse_sql=[
                'DROP TRIGGER "searchdocument_article_removed" ON "archive_article"',
                'DROP FUNCTION "archive_search_article_removed"()',
                'ALTER TABLE "archive_searchdocument" ADD CONSTRAINT "searchdocument_article_cascade" '
                'FOREIGN KEY ("article_id") REFERENCES "archive_article" ("id") ON DELETE CASCADE',
            ],
        )),
    ]
