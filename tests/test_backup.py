"""`backup` then `restore` gives the same archive back: ids, slugs, times, tags, aliases, users, history.

Written from issue 14's reproduction: after a realistic history (articles
created, edited in the admin, deleted, created again), a restore into an
emptied archive serves every old ``/articles/<id>/`` with the same article.
Runs on the suite's engine: SQLite's backup API, or pg_dump/pg_restore.
"""
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from archive.models import Article, Source, Tag, TagAlias
from archive.search import engine
from tests.pages import parse

# Ids from 1 on PostgreSQL too (its sequences outlive rolled-back tests): pages() walks every id.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

EDIT_URL = "/admin/archive/article/{}/change/"


def make_history(staff_client, demo):
    """Thirty articles with tags and past times; some edited in the admin, some deleted, more added after."""
    person = Tag.objects.get(name="دونالد ترامب")
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name="حلب")
    TagAlias.objects.create(tag=place, name="مدينة حلب")
    source = demo.source
    start = datetime(2017, 1, 1, 9, tzinfo=UTC)
    articles = []
    for number in range(30):
        article = Article.objects.create(
            title=f"خبر رقم {number} عن حلب", body=f"نص الخبر {number} عن حلب والمفاوضات {number * 7}",
            published=start + timedelta(days=number), source=source, dateline=place,
            status=Article.Status.PUBLISHED if number % 5 else Article.Status.DRAFT,
        )
        article.tags.set([place, person] if number % 2 else [place])
        articles.append(article)
    for days, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(
            created=start + timedelta(days=days, hours=1), updated=start + timedelta(days=days, hours=2))
    for article in articles[3:9]:
        response = staff_client.post(EDIT_URL.format(article.pk), edit_form(article, f"{article.title} (محدّث)"))
        assert response.status_code == 302, response.content[:500]
    Article.objects.filter(pk__in=[a.pk for a in articles[10:20:2]]).delete()
    for number in range(3):
        Article.objects.create(title=f"خبر لاحق {number}", body=f"نص لاحق {number}", source=source,
                               published=start + timedelta(days=60 + number), status=Article.Status.PUBLISHED)


def edit_form(article, title):
    return {
        "title": title, "lead": article.lead, "body": article.body,
        "published_0": article.published.date().isoformat(), "published_1": "10:00:00",
        "source": article.source_id, "dateline": article.dateline_id or "", "url": article.url,
        "status": article.status, "tags": [tag.pk for tag in article.tags.all()],
    }


def pages():
    """What every id up to a little past the last answers a reader: (status, title) by id.

    A reader's own client: the test's ``client`` is logged in by ``staff_client``, and staff see drafts (a preview).
    """
    client = Client()
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    answers = {}
    for pk in range(1, last + 5):
        response = client.get(f"/articles/{pk}/")
        title = parse(response).select_one("h1.article-title") if response.status_code == 200 else None
        answers[pk] = (response.status_code, title.get_text(strip=True) if title else None)
    return answers


def archive_state():
    return {
        "articles": list(Article.objects.order_by("pk").values_list(
            "pk", "title", "status", "published", "created", "updated", "fingerprint", "source_id", "dateline_id")),
        "tags": list(Tag.objects.order_by("pk").values_list("pk", "kind", "name", "slug")),
        "article_tags": sorted(Article.tags.through.objects.values_list("article_id", "tag_id")),
        "aliases": list(TagAlias.objects.order_by("pk").values_list("pk", "tag_id", "name")),
        "sources": list(Source.objects.order_by("pk").values_list("pk", "name")),
        "users": list(get_user_model().objects.order_by("pk").values_list(
            "pk", "username", "password", "is_staff", "date_joined")),
        "history": list(LogEntry.objects.order_by("pk").values_list(
            "pk", "user_id", "object_id", "action_flag", "change_message", "action_time")),
    }


def delete_everything():
    LogEntry.objects.all().delete()
    Article.objects.all().delete()
    Tag.objects.all().delete()
    Source.objects.all().delete()
    get_user_model().objects.all().delete()


def test_restore_after_deleting_everything_serves_every_old_url_with_the_same_article(
        client, staff_client, demo, search_index, tmp_path):
    make_history(staff_client, demo)
    before_pages, before = pages(), archive_state()
    # The demo article, 20 of the 30 (6 drafts, 4 published deleted), 3 added after.
    assert sum(status == 200 for status, _ in before_pages.values()) == 1 + 20 + 3
    assert {status for status, _ in before_pages.values()} == {200, 404}
    assert len(before["history"]) == 6

    backup = tmp_path / "archive.backup"
    call_command("backup", str(backup), verbosity=0)
    assert backup.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []

    delete_everything()
    assert Article.objects.count() == 0
    assert client.get(f"/articles/{demo.pk}/").status_code == 404

    call_command("restore", str(backup), interactive=False, verbosity=0)

    assert archive_state() == before
    assert pages() == before_pages
    edited = Article.objects.filter(title__endswith="(محدّث)").order_by("pk")
    assert edited.count() == 6
    # The search index was rebuilt from the restored articles.
    assert engine.document_count() == Article.objects.count()  # drafts too, for the editors' search
    assert search_index.count() == Article.objects.published().count()
    found = client.get("/api/search/", {"q": "حلب", "size": 100}).json()
    assert found["total"] == Article.objects.published().filter(tags__name="حلب").count()


def test_a_new_article_after_restore_takes_a_new_id(staff_client, demo, search_index, tmp_path):
    make_history(staff_client, demo)
    last = Article.objects.order_by("-pk").first().pk
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    call_command("restore", str(tmp_path / "b"), interactive=False, verbosity=0)
    newcomer = Article.objects.create(title="بعد الاستعادة", body="نص جديد بعد الاستعادة", status="published")
    assert newcomer.pk > last


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(demo, search_index, tmp_path):
    titles = list(Article.objects.values_list("title", flat=True))
    text = tmp_path / "notes.txt"
    text.write_text("ليست نسخة احتياطية")
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE t (x)")
    foreign_reason = ("not this archive's" if connection.vendor == "sqlite"
                      else "a SQLite backup, but this archive's database is PostgreSQL")
    for path, reason in ((text, "not a backup"), (foreign, foreign_reason), (tmp_path / "missing", "no such file")):
        with pytest.raises(CommandError, match=reason):
            call_command("restore", str(path), interactive=False, verbosity=0)
    assert list(Article.objects.values_list("title", flat=True)) == titles


def test_backup_into_a_missing_folder_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("backup", str(tmp_path / "nowhere" / "b"), verbosity=0)
