"""Indexes the browse pages read instead of sorting or scanning whole tables.

``article_public_order`` gives published articles newest first, date ranges
and their counts straight from the index; ``article_public_updated`` the
latest change, for the sitemap. The tags table (Django's automatic
through table, which has no ``Meta`` to declare it in) gets ``(tag_id,
article_id)``, so a tag's articles are counted and listed from the index alone.
"""
from django.db import migrations, models

TAG_ARTICLES_INDEX = "archive_article_tags_tag_article"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "published", "id"], name="article_public_order"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "updated"], name="article_public_updated"),
        ),
        migrations.RunSQL(
            f'CREATE INDEX "{TAG_ARTICLES_INDEX}" ON "archive_article_tags" ("tag_id", "article_id")',
            f'DROP INDEX "{TAG_ARTICLES_INDEX}"',
        ),
    ]
