"""`manage.py search_archive` prints results for a terminal, shaped when asked, or JSON."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import SEED_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(demo, search_index):
    search_index.rebuild()
    return demo


def run(*args):
    out = StringIO()
    call_command("search_archive", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_plain_utf8(indexed):
    data = json.loads(run("ترمب", "--json"))
    assert data["total"] == 1
    assert data["results"][0]["title"] == SEED_TITLE
    assert "<mark>" in data["results"][0]["snippet_html"]
    assert {"person", "place", "organisation", "topic", "source", "month"} <= set(data["facets"])
    assert "لافروف" in run("لافروف", "--json")  # not \\u-escaped


def test_terminal_output_shapes_arabic_when_asked(indexed):
    plain = run("لافروف", "--shape", "never")
    assert SEED_TITLE in plain
    assert f" · {indexed.get_absolute_url()}\n" in plain  # the article's own route, wherever urls.py puts it
    shaped = run("لافروف", "--shape", "always")
    assert SEED_TITLE not in shaped
    # Presentation forms (U+FE70–U+FEFF) are what a terminal without shaping needs.
    assert any("\ufe70" <= char <= "\ufeff" for char in shaped)


def test_filters_and_bad_dates(indexed):
    assert json.loads(run("", "--person", "دونالد-ترامب", "--json"))["total"] == 1
    assert json.loads(run("", "--from", "2018-01-01", "--json"))["total"] == 0
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("لافروف", "--from", "2017-02-30")
