"""Each tag link says who made it: an editor, or the gazetteer (automatic tagging).

The links stay where they are. ``Article.tags`` gets an explicit through
model, ``ArticleTag``, declared on the table Django had made for the plain
many-to-many field (``archive_article_tags``, its columns, its unique pair
and the ``(tag_id, article_id)`` index of 0002): that part changes only
Django's picture of the schema, not the database. Then the index takes a
name short enough for a model's ``Meta`` and one real column is added,
``origin``.

Every link that exists before this migration is marked ``editor``. Nothing
recorded which of them the importer's auto-tagger made and which an editor
chose or a file named, and the two mistakes are not equal: a link marked
``gazetteer`` by mistake is deleted by the next ``tag_articles`` as soon as
the text stops supporting it (an editor's choice lost, silently), while a
link marked ``editor`` by mistake only stays, as every link did before
(re-tagging used to add and never remove). So the old links keep exactly
the behaviour they had, and only links made from now on can be taken back
by the gazetteer.

On SQLite adding a column with a default rebuilds the table (rows copied,
indexes recreated from the model, the 0002 index included since the model
declares it); on PostgreSQL it is one ``ALTER TABLE ... ADD COLUMN`` with a
constant default, which rewrites nothing.
"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0005_article_image_byline"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleTag",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                      to="archive.article")),
                        ("tag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="archive.tag")),
                    ],
                    options={
                        "verbose_name": "وسم مقال",
                        "verbose_name_plural": "وسوم المقالات",
                        "db_table": "archive_article_tags",
                        "indexes": [models.Index(fields=["tag", "article"], name="archive_article_tags_tag_article")],
                        "unique_together": {("article", "tag")},
                    },
                ),
                migrations.AlterField(
                    model_name="article",
                    name="tags",
                    field=models.ManyToManyField(blank=True, related_name="articles", through="archive.ArticleTag",
                                                 to="archive.tag", verbose_name="الوسوم"),
                ),
            ],
        ),
        # A model's index name has at most 30 characters (Django's check for Oracle's limit).
        migrations.RenameIndex(
            model_name="articletag", old_name="archive_article_tags_tag_article", new_name="article_tags_tag_article",
        ),
        migrations.AddField(
            model_name="articletag",
            name="origin",
            field=models.CharField(choices=[("editor", "محرر"), ("gazetteer", "المعجم (وسم تلقائي)")],
                                   default="editor", max_length=10, verbose_name="مصدر الوسم"),
        ),
    ]
