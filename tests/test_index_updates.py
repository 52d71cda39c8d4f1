"""The index follows the database once a transaction commits: saves, tags, publishing, deletes."""
import pytest

from archive.models import Article, Tag, TagAlias
from archive.search.archive_search import SearchRequest, search_archive

pytestmark = pytest.mark.django_db


def found(q, **filters):
    return [hit.article.pk for hit in search_archive(SearchRequest(q=q, **filters)).hits]


@pytest.fixture
def indexed(demo, search_index):
    search_index.rebuild()
    return demo


def test_a_new_published_article_is_found_after_commit(indexed, search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(title="زلزال في اليابان", body="ضرب زلزال قوي شمال اليابان.",
                                         status="published")
    assert found("زلزال") == [article.pk]
    assert search_index.count() == Article.objects.published().count() == 2


def test_nothing_reaches_the_index_before_commit(whoosh_only, indexed, search_index,
                                                 django_capture_on_commit_callbacks):
    """Whoosh writes after the commit; PostgreSQL inside the transaction (tests/test_postgres_engine.py)."""
    with django_capture_on_commit_callbacks(execute=False) as pending:
        Article.objects.create(title="زلزال في اليابان", body="ضرب زلزال قوي.", status="published")
        assert found("زلزال") == []
    assert pending


def test_unpublish_and_publish(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexed.status = Article.Status.DRAFT
        indexed.save()
    assert found("لافروف") == []
    with django_capture_on_commit_callbacks(execute=True):
        indexed.status = Article.Status.PUBLISHED
        indexed.save()
    assert found("لافروف") == [indexed.pk]


def test_delete_removes_the_document(indexed, search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexed.delete()
    assert found("لافروف") == []
    assert search_index.count() == 0


def test_tag_edits_reach_the_index(indexed, django_capture_on_commit_callbacks):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    with django_capture_on_commit_callbacks(execute=True):
        indexed.tags.add(macron)
    assert found("", person=["إيمانويل-ماكرون"]) == [indexed.pk]
    with django_capture_on_commit_callbacks(execute=True):
        macron.articles.remove(indexed)
    assert found("", person=["إيمانويل-ماكرون"]) == []


def test_a_new_alias_finds_the_tag_and_its_other_spellings(indexed, django_capture_on_commit_callbacks):
    putin = Tag.objects.get(name="فلاديمير بوتين")
    assert found("بوطين") == []
    with django_capture_on_commit_callbacks(execute=True):
        TagAlias.objects.create(tag=putin, name="بوطين")
    # The body says بوتين; the new alias folds onto it at query time.
    assert found("بوطين") == [indexed.pk]


def test_rebuild_index_shows_progress(indexed, capsys):
    from django.core.management import call_command

    call_command("rebuild_index", interactive=False)
    assert "1/1" in capsys.readouterr().err


@pytest.mark.parametrize("in_segments", [False, True], ids=["with-the-writer", "as-new-segments"])
def test_an_article_an_editor_saves_during_an_import_is_found_once(
        indexed, search_index, tmp_path, monkeypatch, django_capture_on_commit_callbacks, in_segments):
    """With Whoosh the import indexes its new articles at its end, as never indexed; an editor who saved one of
    them meanwhile indexed it already (and the outbox the rest, for an import without a job), and the reader must
    not see it twice."""
    import json

    from archive.importing.inputs import Input, read_inputs
    from archive.importing.writer import Importer
    from archive.search.engine import whoosh_backend

    if in_segments:
        monkeypatch.setattr(whoosh_backend, "SEGMENTS_FROM", 2)
    records = [{"title": f"زلزال رقم {n} في اليابان", "body": f"ضرب زلزال قوي شمال اليابان للمرة {n}."}
               for n in range(1, 4)]
    path = tmp_path / "quakes.jsonl"
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    importer = Importer(status=Article.Status.PUBLISHED)
    importer.run(read_inputs([Input.of(path, name="quakes.jsonl")]))
    edited = Article.objects.get(title="زلزال رقم 2 في اليابان")
    with django_capture_on_commit_callbacks(execute=True):
        edited.title = "زلزال ثان في اليابان"
        edited.save()
    importer.index()
    assert sorted(found("زلزال")) == sorted(Article.objects.filter(title__startswith="زلزال").values_list(
        "pk", flat=True))
    assert search_index.documents() == Article.objects.count()
    assert found("ثان") == [edited.pk]
