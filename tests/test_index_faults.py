"""An index that cannot be written: the editor is told, nothing is lost, and it catches up by itself."""
import subprocess
from pathlib import Path

import pytest

from archive.models import Article, IndexTask, Tag
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine import outbox
from tests.pages import parse

# Real commits: the outbox is applied, and the editor told, once a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


def found(q):
    return sorted(hit.article.pk for hit in search_archive(SearchRequest(q=q)).hits)


def change_form(article, **overrides):
    local = article.published.astimezone()
    data = {
        "title": article.title, "lead": article.lead, "body": article.body,
        "published_0": local.date().isoformat(), "published_1": local.time().strftime("%H:%M:%S"),
        "source": article.source_id or "", "dateline": article.dateline_id or "", "url": article.url,
        "status": article.status, "tags": [tag.pk for tag in article.tags.all()],
    }
    data.update(overrides)
    return data


@pytest.fixture
def read_only_index(whoosh_only, demo, search_index):
    """The index folder made immutable (``chattr +i``: read-only even for root), then writable again.

    Whoosh's folder: PostgreSQL's documents are written in the edit's own transaction, or not at all.
    """
    search_index.rebuild()
    folder = Path(engine.backend().path).resolve()
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def warnings(response):
    return [li.get_text() for li in parse(response).select(".messagelist .warning")]


def test_edits_to_a_read_only_index_are_told_kept_and_applied_once_it_is_writable(
        read_only_index, staff_client, demo, monkeypatch):
    other = Article.objects.create(title="مقال ثان عن الجولان", body="نص عن هضبة الجولان.", status="published")
    doomed = Article.objects.create(title="مقال ثالث عن البحرين", body="نص عن المنامة.", status="published")
    kept = set(IndexTask.objects.values_list("article_id", flat=True))
    assert {other.pk, doomed.pk} <= kept  # written while the index is read-only: kept for later

    edit = staff_client.post(f"/admin/archive/article/{demo.pk}/change/",
                             change_form(demo, title="لافروف يزور كوالالمبور"), follow=True)
    assert any("فهرس البحث" in text for text in warnings(edit))
    unpublish = staff_client.post("/admin/archive/article/",
                                  {"action": "unpublish", "_selected_action": [other.pk]}, follow=True)
    assert any("فهرس البحث" in text for text in warnings(unpublish))
    delete = staff_client.post(f"/admin/archive/article/{doomed.pk}/delete/", {"post": "yes"}, follow=True)
    assert any("فهرس البحث" in text for text in warnings(delete))

    assert found("كوالالمبور") == []  # the index could not take the edit yet
    subprocess.run(["chattr", "-i", str(read_only_index)], check=True)
    monkeypatch.setattr(outbox, "_last_retry", 0.0)  # as if the retry interval had passed

    assert found("كوالالمبور") == [demo.pk], "the next search retried the outbox"
    assert found("الجولان") == [] and found("البحرين") == []
    assert IndexTask.objects.count() == 0
    indexed = engine.backend().stamps()
    assert set(indexed) == set(Article.objects.values_list("pk", flat=True))  # the unpublished one for the editors


def test_a_writable_index_takes_an_edit_at_once_with_no_warning(demo, search_index, staff_client):
    search_index.rebuild()
    tag = Tag.objects.first()
    response = staff_client.post(f"/admin/archive/article/{demo.pk}/change/",
                                 change_form(demo, title="عنوان جديد عن الدبلوماسية", tags=[tag.pk]), follow=True)
    assert warnings(response) == []
    assert found("الدبلوماسية") == [demo.pk]
    assert IndexTask.objects.count() == 0
