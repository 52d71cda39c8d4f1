"""Each tag link knows who made it: tagging again takes back only the gazetteer's own stale tags, never an editor's."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from archive.models import Article, ArticleTag, Tag
from archive.search.archive_search import SearchRequest, search_archive
from tests.pages import change_url, opened_form

pytestmark = pytest.mark.django_db

PUTIN, MACRON, TRUMP = "فلاديمير بوتين", "إيمانويل ماكرون", "دونالد ترامب"


def origins(article):
    return {link.tag.name: link.origin for link in ArticleTag.objects.filter(article=article).select_related("tag")}


def tag_articles():
    out = StringIO()
    call_command("tag_articles", stdout=out)
    return out.getvalue()


def person_hits(name):
    slug = Tag.objects.get(name=name).slug
    return [hit.article.pk for hit in search_archive(SearchRequest(person=[slug])).hits]


def test_tagging_again_removes_its_own_stale_tags_and_keeps_the_editors(search_index):
    article = Article.objects.create(title="لقاء", body="التقى بوتين وترامب.", status="published")
    tag_articles()
    assert origins(article) == {PUTIN: "gazetteer", TRUMP: "gazetteer"}
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name=MACRON)
    article.tags.add(macron)  # an editor's tag the text does not support
    article.body = "التقى ترامب مستشاريه."  # Putin is no longer named
    article.save()
    search_index.rebuild()
    assert person_hits(PUTIN) == [article.pk]

    assert "removed 1 stale automatic tags" in tag_articles()
    assert origins(article) == {TRUMP: "gazetteer", MACRON: "editor"}
    assert person_hits(PUTIN) == [] and person_hits(MACRON) == [article.pk]
    tag_articles()  # a second run changes nothing
    assert origins(article) == {TRUMP: "gazetteer", MACRON: "editor"}


def test_an_editors_tag_the_gazetteer_also_finds_stays_the_editors(search_index):
    article = Article.objects.create(title="تصريح", body="قال ماكرون إن فرنسا مستعدة.", status="published")
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name=MACRON)
    article.tags.add(macron)
    tag_articles()
    assert origins(article)[MACRON] == "editor"
    Article.objects.filter(pk=article.pk).update(body="قالت فرنسا إنها مستعدة.")
    tag_articles()
    assert origins(article)[MACRON] == "editor"


def test_a_tag_added_in_the_admin_is_the_editors_and_survives_tagging_again(staff_client, search_index):
    article = Article.objects.create(title="لقاء", body="التقى بوتين وترامب.", status="published")
    tag_articles()
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name=MACRON)
    form = opened_form(staff_client, article)
    assert sorted(form["tags"]) == sorted(str(tag.pk) for tag in article.tags.all())
    response = staff_client.post(change_url(article), {**form, "tags": [*form["tags"], str(macron.pk)],
                                                        "body": "التقى ترامب مستشاريه."})
    assert response.status_code == 302
    assert origins(article) == {PUTIN: "gazetteer", TRUMP: "gazetteer", MACRON: "editor"}
    tag_articles()
    assert origins(article) == {TRUMP: "gazetteer", MACRON: "editor"}


def test_the_admin_action_says_what_it_added_and_removed(staff_client, search_index):
    article = Article.objects.create(title="لقاء", body="التقى بوتين وترامب.", status="published")
    tag_articles()
    Article.objects.filter(pk=article.pk).update(body="التقى ترامب مستشاريه.")
    response = staff_client.post("/admin/archive/article/", {"action": "tag_again", "_selected_action": [article.pk]},
                                 follow=True)
    text = response.content.decode()
    assert "الوسوم التلقائية المحذوفة لأن النص لم يعد يذكرها: وسم واحد" in text
    assert set(origins(article)) == {TRUMP}


def test_an_import_marks_found_tags_as_the_gazetteers_and_named_ones_as_the_editors(tmp_path, search_index):
    path = tmp_path / "records.jsonl"
    record = {"title": "لقاء", "body": "التقى بوتين وترامب.", "url": "https://example.org/a",
              "person": [TRUMP]}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get(url="https://example.org/a")
    assert origins(article) == {PUTIN: "gazetteer", TRUMP: "editor"}

    record["body"] = "التقى ترامب مستشاريه."  # updated: the gazetteer's Putin goes, the file's Trump stays
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    call_command("import_articles", str(path), "--update", stdout=StringIO(), stderr=StringIO())
    assert origins(article) == {TRUMP: "editor"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_existing_link_as_an_editors():
    """0006 declares the through model on the existing table: its rows stay, marked as an editor's."""
    before, after = [("archive", "0005_article_image_byline")], [("archive", "0006_articletag_origin")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        article = old.get_model("archive", "Article").objects.create(title="مقال قديم", body="نص", fingerprint="f1")
        tags = [old.get_model("archive", "Tag").objects.create(kind="person", name=name, slug=f"p{number}")
                for number, name in enumerate((PUTIN, TRUMP))]
        article.tags.add(*tags)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        links = new.get_model("archive", "ArticleTag").objects.order_by("tag__name")
        assert [(link.article_id, link.tag.name, link.origin) for link in links] == [
            (article.pk, TRUMP, "editor"), (article.pk, PUTIN, "editor")]
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "archive_article_tags")
        assert indexes["article_tags_tag_article"]["columns"] == ["tag_id", "article_id"]
        assert any(index["unique"] and index["columns"] == ["article_id", "tag_id"] for index in indexes.values())
    finally:
        MigrationExecutor(connection).migrate(leaves)
