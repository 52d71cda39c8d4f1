"""A worker gets ready before its first reader (archive/serving/warm_up.py, called by archive/wsgi.py)."""
import gc
import logging

import pytest
from whoosh.index import FileIndex

from archive.serving.warm_up import warm_up
from tests.pages import parse

pytestmark = pytest.mark.django_db


def test_the_first_search_after_warming_up_reads_the_index_already_open(client, whoosh_only, small_archive,
                                                                          monkeypatch):
    warm_up()

    def opened_again(index, *args, **kwargs):
        raise AssertionError("the first reader paid for opening the index")

    monkeypatch.setattr(FileIndex, "searcher", opened_again)
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    titles = [" ".join(title.get_text().split()) for title in page.select(".result .card-title")]
    assert "ماكرون في بيروت" in titles


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
    try:
        warm_up()
        assert gc.get_freeze_count() > 0  # the worker's lasting objects, out of every later collection
    finally:
        gc.unfreeze()
