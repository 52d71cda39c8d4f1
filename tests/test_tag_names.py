"""The table of tag names a search page reads: refreshed in the background, the old one served meanwhile."""
import datetime
import time

import pytest

from archive.dates import aware_from_day
from archive.models import Article, Tag
from archive.search import tag_names as module
from archive.search.tag_names import TagNames


@pytest.mark.django_db(transaction=True)  # the refresh reads on its own thread's connection: committed rows
def test_an_old_table_is_served_at_once_while_a_fresh_one_is_counted(monkeypatch):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    names = TagNames()
    assert [entry.count for entry in names.suggest("ماكرون")] == [0]
    article = Article.objects.create(title="ماكرون في باريس", body="نص.", status=Article.Status.PUBLISHED,
                                     published=aware_from_day(datetime.date(2018, 3, 1)))
    article.tags.add(macron)  # a new link changes no tag: the table waits for its age
    monkeypatch.setattr(module, "MAX_AGE", 0)
    assert [entry.count for entry in names.suggest("ماكرون")] == [0], "the old table, not a rebuild in the request"
    deadline = time.monotonic() + 20
    while [entry.count for entry in names.suggest("ماكرون")] != [1]:
        assert time.monotonic() < deadline, "the fresh table never came"
        time.sleep(0.05)


@pytest.mark.django_db
def test_a_changed_tag_is_read_at_once(monkeypatch):
    names = TagNames()
    assert names.suggest("ماكرون") == []
    Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    names.invalidate()
    assert [entry.name for entry in names.suggest("ماكرون")] == ["إيمانويل ماكرون"]
