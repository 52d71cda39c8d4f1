"""The PostgreSQL search engine's tables (archive/search/engine/postgres_models.py), on PostgreSQL only.

Every database gets the models in Django's state; only PostgreSQL gets the
tables, the GIN indexes, the trigger that raises the index generation,
``fuzzystrmatch`` (a trusted extension: spelling suggestions), and a foreign key that deletes an article's
document with the article (``ON DELETE CASCADE``, in the database, so even
a raw ``DELETE`` keeps the index equal to the articles). SQLite never
has them: the Whoosh engine keeps its index on disk.
"""
import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import archive.search.engine.postgres_models

# Every statement that changes documents (a cascade from a deleted article
# included) raises the generation that cached search results are keyed by,
# and keeps the count of documents (for inverse document frequencies) exact.
GENERATION_FUNCTION = """
CREATE FUNCTION "archive_search_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    change bigint := 0;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO change FROM added;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT -count(*) INTO change FROM removed;
    END IF;
    INSERT INTO "archive_searchgeneration" ("id", "value", "xid", "documents")
    VALUES (1, 1, pg_current_xact_id()::text::bigint, change)
    ON CONFLICT ("id") DO UPDATE SET "value" = "archive_searchgeneration"."value" + 1, "xid" = EXCLUDED."xid",
        "documents" = "archive_searchgeneration"."documents" + change;
    RETURN NULL;
END
$$
"""
TRIGGERS = {
    "searchdocument_added": "AFTER INSERT ON archive_searchdocument REFERENCING NEW TABLE AS added",
    "searchdocument_removed": "AFTER DELETE ON archive_searchdocument REFERENCING OLD TABLE AS removed",
    "searchdocument_changed": "AFTER UPDATE ON archive_searchdocument",
}


class OnPostgres(migrations.operations.base.Operation):
    """Run ``operation`` on the database only when it is PostgreSQL; always change the state."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operation], {}

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0002_browse_indexes"),
    ]

    operations = [
        OnPostgres(migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("article", models.OneToOneField(
                    db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True,
                    related_name="+", serialize=False, to="archive.article")),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("published", archive.search.engine.postgres_models.WallClockField(null=True)),
                ("keys", django.contrib.postgres.fields.ArrayField(
                    base_field=models.TextField(), default=list, size=None)),
                ("stamp", models.TextField(default="")),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="searchdocument_vector"),
                    django.contrib.postgres.indexes.GinIndex(fields=["keys"], name="searchdocument_keys"),
                    models.Index(fields=["published", "article"], name="searchdocument_published"),
                ],
            },
        )),
        OnPostgres(migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("docs", models.IntegerField(default=0)),
                ("title_docs", models.IntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["word"], name="searchword_prefix", opclasses=["text_pattern_ops"])],
            },
        )),
        OnPostgres(migrations.CreateModel(
            name="SearchGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0)),
                ("xid", models.BigIntegerField(default=0)),
                ("documents", models.BigIntegerField(default=0)),
            ],
        )),
        OnPostgres(migrations.RunSQL(
            sql=[
                'ALTER TABLE "archive_searchdocument" ADD CONSTRAINT "searchdocument_article_cascade" '
                'FOREIGN KEY ("article_id") REFERENCES "archive_article" ("id") ON DELETE CASCADE',
                # Vectors out of line but not compressed: ranking reads every matching vector, and
                # decompressing them was a third of a search's time (30,000 articles: 194 MB, not 156).
                'ALTER TABLE "archive_searchdocument" ALTER COLUMN "vector" SET STORAGE EXTERNAL',
                GENERATION_FUNCTION,
                *(f'CREATE TRIGGER "{name}" {when} FOR EACH STATEMENT EXECUTE FUNCTION "archive_search_generation"()'
                  for name, when in TRIGGERS.items()),
                'CREATE EXTENSION IF NOT EXISTS fuzzystrmatch',
            ],
            reverse_sql=[
                *(f'DROP TRIGGER "{name}" ON "archive_searchdocument"' for name in TRIGGERS),
                'DROP FUNCTION "archive_search_generation"()',
                'ALTER TABLE "archive_searchdocument" DROP CONSTRAINT "searchdocument_article_cascade"',
            ],
        )),
    ]
