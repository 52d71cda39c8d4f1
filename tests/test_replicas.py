"""Read replicas: a reader's pages and searches read the replica, writes and an editor's reads the primary.

Two aliases on one test database ("replica" is a TEST MIRROR of "default",
tests/settings.py), each with its own connection: which connection ran a
request's queries is which database the router chose. The data is
committed (transactional tests) so the replica's connection sees it.
"""
import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Tag
from archive.serving.replicas import PIN_COOKIE, ReplicaRouter, _reading
from tests.engines import on_postgres
from tests.factories import add_article
from tests.pages import change_url, opened_form, parse

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replicated(settings):
    settings.DATABASE_REPLICAS = ["replica"]
    settings.REPLICA_PIN_SECONDS = 30


@pytest.fixture
def macron_article(search_index):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    article = add_article("ماكرون في بيروت", "وصل الرئيس الفرنسي ماكرون إلى بيروت.", day="2018-04-02", tags=[macron])
    search_index.rebuild()
    return article


def queries_on(client, url):
    """(the response, SQL run on the primary, SQL run on the replica) of GET ``url``."""
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(url)
    return response, [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]


def test_a_readers_search_and_article_page_read_only_the_replica(replicated, macron_article, client):
    response, primary, replica = queries_on(client, "/search/?q=ماكرون")
    assert response.status_code == 200
    assert "ماكرون في بيروت" in parse(response).get_text()
    assert primary == []
    assert any("archive_article" in sql for sql in replica)
    if on_postgres():  # the search itself, not only the articles it found
        assert any("archive_searchdocument" in sql and "tsquery" in sql for sql in replica)
    response, primary, replica = queries_on(client, macron_article.get_absolute_url())
    assert response.status_code == 200 and primary == [] and replica


def test_without_replicas_everything_reads_the_primary(macron_article, client):
    response, primary, replica = queries_on(client, "/search/?q=ماكرون")
    assert response.status_code == 200
    assert replica == [] and primary


def test_an_editors_edit_is_written_to_the_primary_and_read_back_from_it_at_once(
        replicated, macron_article, staff_client):
    form = opened_form(staff_client, macron_article)
    form["title"] = "ماكرون يعود إلى بيروت"
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = staff_client.post(change_url(macron_article), form)
    assert response.status_code == 302, response.content.decode()[:500]
    assert replica.captured_queries == []
    assert Article.objects.using("default").get(pk=macron_article.pk).title == "ماكرون يعود إلى بيروت"
    assert response.cookies[PIN_COOKIE]["max-age"] == 30
    # The editor (logged in: a session cookie) reads the public pages from the primary.
    response, primary, replica = queries_on(staff_client, macron_article.get_absolute_url())
    assert "ماكرون يعود إلى بيروت" in parse(response).select_one("h1").get_text()
    assert replica == [] and primary
    response, primary, replica = queries_on(staff_client, "/search/?q=يعود")
    assert "ماكرون يعود إلى بيروت" in parse(response).get_text()
    assert replica == [] and primary


def test_after_a_post_the_browser_reads_the_primary_until_the_pin_expires(replicated, macron_article, client):
    response = client.post("/admin/logout/")  # any POST: here an anonymous one, with no session
    assert response.cookies[PIN_COOKIE]["max-age"] == 30
    assert "sessionid" not in client.cookies or not client.cookies["sessionid"].value
    _, primary, replica = queries_on(client, "/")
    assert replica == [] and primary
    del client.cookies[PIN_COOKIE]  # what the browser does when max-age has passed
    _, primary, replica = queries_on(client, "/")
    assert primary == [] and replica


def test_the_router_sends_writes_and_reads_inside_a_transaction_to_the_primary(replicated, db):
    router = ReplicaRouter()
    assert router.db_for_read(Article) == "default"  # outside a reader's request: commands, imports
    token = _reading.set("replica")
    try:
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        with transaction.atomic():  # what a transaction reads is what it writes: the primary's
            assert router.db_for_read(Article) == "default"
        assert router.db_for_read(Article) == "replica"
    finally:
        _reading.reset(token)
    assert router.allow_migrate("default", "archive") and not router.allow_migrate("replica", "archive")


def test_an_api_preflight_pins_nothing(replicated, macron_article, client):
    response = client.options("/api/search/", {"q": "ماكرون"}, HTTP_ORIGIN="https://other.example",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code in {200, 204}
    assert PIN_COOKIE not in response.cookies
