"""A worker gets ready before its first reader (archive/serving/warm_up.py, called by archive/wsgi.py)."""
import gc
import logging

import pytest
from django.template import engines
from django.template.base import Template
from whoosh.index import FileIndex

from archive.serving.warm_up import warm_up
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def collections_as_before():
    """Warming up freezes what is alive (``gc.freeze``): put it back in later collections for the other tests."""
    yield
    gc.unfreeze()


def test_the_first_search_after_warming_up_reads_the_index_already_open(client, whoosh_only, small_archive,
                                                                          monkeypatch):
    warm_up()

    def opened_again(index, *args, **kwargs):
        raise AssertionError("the first reader paid for opening the index")

    monkeypatch.setattr(FileIndex, "searcher", opened_again)
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    titles = [" ".join(title.get_text().split()) for title in page.select(".result .card-title")]
    assert "ماكرون في بيروت" in titles


def test_the_first_pages_after_warming_up_compile_no_template(client, whoosh_only, small_archive, monkeypatch):
    """The first reader of each page family no longer waits for its templates to be compiled."""
    for loader in engines["django"].engine.template_loaders:
        loader.reset()  # as a fresh worker: nothing compiled by earlier tests
    warm_up()

    def compiled(template, *args, **kwargs):
        raise AssertionError(f"the first reader paid for compiling {template.origin.template_name}")

    monkeypatch.setattr(Template, "compile_nodelist", compiled)
    for url in ("/search/?q=ماكرون", "/", "/archive/", "/no-such-page/"):
        assert client.get(url).status_code in (200, 404)
    client.cookies["django_language"] = "en"
    assert client.get("/search/", {"q": "ماكرون"}).status_code == 200


def test_a_worker_starts_even_when_its_index_cannot_be_opened(whoosh_only, search_index, settings, caplog):
    from haystack import connections

    blocked = settings.BASE_DIR / "manage.py"  # a file where the index folder should be
    connections.connections_info["default"]["PATH"] = str(blocked)
    connections.reload("default")
    with caplog.at_level(logging.WARNING, logger="archive.serving.warm_up"):
        warm_up()
    assert "could not get ready" in caplog.text


def test_what_warming_up_made_is_left_out_of_later_collections(whoosh_only, small_archive):
    gc.unfreeze()
    warm_up()
    assert gc.get_freeze_count() > 0  # the worker's lasting objects, out of every later collection
