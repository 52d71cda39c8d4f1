"""Each input that once gave a 500 (issue 14), answered now: by the reader, the search form, or the CSV upload."""
import datetime
import io
import json

import pytest

from archive.importing import csvfiles
from archive.importing.limits import Limits
from archive.models import Article
from archive.search.date_words import read_date_words
from archive.search.form import SearchForm
from archive.search.syntax import DEEP_NOTE, DOUBLE_NEGATION_NOTE, MAX_PHRASES, Group, Not, Phrase, Word, parse_query
from tests.factories import SEED_TITLE, add_article, load_demo
from tests.pages import parse

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture(scope="module")
def archive(module_db, module_index):
    with module_db.unblock():
        demo = load_demo()
        add_article("سوريا والأسد", "قال بشار الأسد في دمشق إن سوريا ماضية في الحوار.", day="2018-04-02")
        module_index.rebuild()
    return demo


# --- the query reader ----------------------------------------------------------------------


def test_a_double_negation_requires_the_word():
    parsed = parse_query("ترامب -(-بوتين)")
    assert parsed.clauses == [Word("ترامب"), Word("بوتين")]
    assert parsed.notes == [DOUBLE_NEGATION_NOTE]
    assert parse_query("ترامب NOT NOT بوتين").clauses == [Word("ترامب"), Word("بوتين")]


def test_an_odd_number_of_negations_excludes():
    assert parse_query("ترامب -(-(-بوتين))").clauses == [Word("ترامب"), Not(Word("بوتين"))]
    assert parse_query("ترامب NOT -بوتين -(بوتين)").clauses == [Word("ترامب"), Word("بوتين"), Not(Word("بوتين"))]


def test_a_negated_group_keeps_the_negation_inside_it():
    parsed = parse_query("ترامب -(-بوتين لافروف)")
    assert parsed.clauses == [Word("ترامب"), Not(Group([Not(Word("بوتين")), Word("لافروف")]))]
    assert parsed.notes == []


def test_groups_of_exclusions_alone_are_no_query():
    for text in ("(-بوتين -لافروف)", "(-بوتين) OR (-لافروف)", "NOT (بوتين OR لافروف)"):
        parsed = parse_query(text)
        assert parsed.clauses == [] and "أضف كلمة تبحث عنها" in parsed.notes[-1]


def test_thousands_of_parentheses_are_read_without_recursing():
    parsed = parse_query("(" * 5000 + "ترامب")
    assert parsed.words == [] and DEEP_NOTE in parsed.notes  # the text was cut at 1,000 characters of "("
    parsed = parse_query("(" * 300 + "ترامب بوتين" + ")" * 300)
    assert parsed.clauses == [Group([Word("ترامب"), Word("بوتين")])]
    assert DEEP_NOTE in parsed.notes


def test_parentheses_within_the_cap_keep_their_grouping():
    parsed = parse_query("ترامب (بوتين OR (لافروف (قمة -تيلرسون)))")
    assert parsed.notes == []
    assert parsed.clauses[1] == Group([
        Word("بوتين"), Group([Word("لافروف"), Group([Word("قمه"), Not(Word("تيلرسون"))])]),
    ], " OR ")


def test_phrases_beyond_the_cap_are_read_as_words():
    parsed = parse_query(" ".join(f'"قمة {n}"' for n in range(MAX_PHRASES + 2)))
    assert sum(isinstance(clause, Phrase) for clause in parsed.clauses) == MAX_PHRASES
    assert parsed.clauses[-1] == Group([Word("قمه"), Word(str(MAX_PHRASES + 1))])
    assert any("عبارات" in note for note in parsed.notes)


# --- dates outside what the index can hold ---------------------------------------------------


@pytest.mark.parametrize("query", ["10/5/0999", "0999-05-10", "1/1/0001", "ترامب 31.12.0999"])
def test_a_typed_day_before_the_year_1000_is_no_date(query):
    assert read_date_words(query) is None


def test_the_year_1000_is_a_date():
    assert read_date_words("1/1/1000").first == datetime.date(1000, 1, 1)


@pytest.mark.parametrize("field,value", [("from", "0001-01-01"), ("to", "0999-12-31")])
def test_the_form_refuses_a_date_the_index_cannot_hold(field, value):
    request, notes = SearchForm({"q": "ترامب", field: value}).to_request()
    assert (request.date_from, request.date_to) == (None, None)
    label = "من تاريخ" if field == "from" else "إلى تاريخ"
    assert notes == [f"«{value}» خارج التواريخ التي يبحث فيها الأرشيف في حقل «{label}» "
                     "(من 1000 إلى 9999)؛ أُهمل هذا الحقل."]


def test_searching_from_the_year_one_ignores_the_date_and_says_so(client, archive):
    page = parse(client.get("/search/", {"q": "ترامب", "from": "0001-01-01", "to": "2020-01-01"}))
    assert [title.get_text().strip() for title in page.select(".result .card-title")] == [SEED_TITLE]
    assert "«0001-01-01» خارج التواريخ" in page.select_one(".note").get_text()


def test_a_day_typed_before_the_year_1000_is_searched_as_words_and_said_so(client, archive):
    data = api(client, q="ترامب 10/5/0999")
    assert data["total"] == 0  # no article holds the words 10, 5 and 0999
    assert data["notes"][0].startswith("«10/5/0999» ليس من التواريخ التي يبحث فيها الأرشيف")


# --- the search pages with the queries of the issue ------------------------------------------------


@pytest.mark.parametrize("endpoint", ["/search/", "/api/search/", "/search/rss/", "/search/export.csv"])
@pytest.mark.parametrize("query", ["ترامب -(-بوتين)", "(" * 300 + "ترامب", 'سوريا OR "بشار الأسد"', "ترامب 10/5/0999"])
def test_the_queries_of_the_issue_are_answered_everywhere(client, archive, endpoint, query):
    # Pages drop a date they cannot use with a note; the API refuses it (tests/test_api.py).
    expected = 400 if endpoint.startswith("/api/") else 200
    assert client.get(endpoint, {"q": query, "from": "0001-01-01"}).status_code == expected
    assert client.get(endpoint, {"q": query}).status_code == 200


@pytest.mark.parametrize("endpoint", ["/search/", "/api/search/", "/search/rss/", "/search/export.csv"])
@pytest.mark.parametrize("query", ["² أيار 2017", "③ مايو 2018", "²²²²", "①②③④", "¹²³⁴"])
def test_digits_that_are_not_decimal_digits_are_words(client, archive, endpoint, query):
    """Superscripts and circled numbers are digits to Python's ``isdigit`` but no number to ``int``: they were
    read as a day or a year, and the search gave a 500."""
    response = client.get(endpoint, {"q": query})
    assert response.status_code == 200
    if endpoint == "/api/search/":
        assert json.loads(response.content)["total"] == 0


def test_a_day_in_arabic_indic_digits_is_still_a_date():
    found = read_date_words("٢ أيار ٢٠١٧")
    assert (found.first, found.last) == (datetime.date(2017, 5, 2),) * 2


@pytest.mark.parametrize("page", ["²", "①", "٢"])
def test_a_page_number_in_any_digits_leaves_the_page_whole(client, archive, page):
    for path in ["/archive/", f"/articles/{archive.pk}/", "/archive/2018/04/"]:
        response = client.get(path, {"page": page})
        assert response.status_code == 200, path
        assert parse(response).html.get("dir") == "rtl"


def test_a_double_negation_finds_what_it_names(client, archive):
    data = api(client, q="ترامب -(-بوتين)")
    assert [hit["title"] for hit in data["results"]] == [SEED_TITLE]
    assert data["notes"] == [DOUBLE_NEGATION_NOTE]


def test_a_word_or_a_phrase_finds_either(client, archive):
    data = api(client, q='دمشق OR "بشار الأسد"')
    assert "سوريا والأسد" in [hit["title"] for hit in data["results"]]


def test_the_page_shows_the_note_on_deep_parentheses(client, archive):
    page = parse(client.get("/search/", {"q": "(" * 300 + "ترامب"}))
    assert str(DEEP_NOTE) in page.get_text()
    assert SEED_TITLE in page.get_text()


# --- CSV uploads that are not UTF-8 --------------------------------------------------------------


def read_csv(data):
    return list(csvfiles.read(io.BytesIO(data), "x.csv", Limits.for_command()))


def test_a_csv_header_that_is_not_utf8_rejects_the_file():
    [rejection] = read_csv("عنوان,body\n".encode("cp1256") + "نص,نص\n".encode())
    assert str(rejection) == ("x.csv، السطر 1: الترويسة فيها بايتات ليست بترميز UTF-8؛ "
                              "احفظ الملف بترميز UTF-8 وأعد استيراده.")


def test_a_csv_cell_that_is_not_utf8_rejects_its_row_naming_the_column():
    rows = read_csv(
        "title,body,source\nعنوان,نص,".encode() + "سانا".encode("cp1256") + "\nعنوان آخر,نص,سانا\n".encode()
    )
    assert str(rows[0]) == (
        "x.csv، السطر 2: في العمود «source» بايتات ليست بترميز UTF-8؛ احفظ الملف بترميز UTF-8 وأعد استيراده."
    )
    assert rows[1].title == "عنوان آخر"


def upload(import_jobs, client, data):
    file = io.BytesIO(data)
    file.name = "articles.csv"
    page = import_jobs(client, file, publish="on")
    return [item.get_text() for item in page.select("#import-rejections li")]


def test_an_editor_uploading_a_csv_whose_header_is_not_utf8_reads_why(import_jobs, staff_client):
    data = "عنوان,نص,مصدر\n".encode("cp1256") + "عنوان,نص,سانا\n".encode("cp1256")
    rejections = upload(import_jobs, staff_client, data)
    assert rejections == [
        "articles.csv، السطر 1: الترويسة فيها بايتات ليست بترميز UTF-8؛ احفظ الملف بترميز UTF-8 وأعد استيراده."
    ]
    assert not Article.objects.exists()


@pytest.mark.parametrize("column", ["source", "status", "published", "person"])
def test_an_editor_uploading_a_csv_row_that_is_not_utf8_reads_which_column(import_jobs, staff_client, column):
    values = {"title": "عنوان", "body": "نص", "source": "سانا", "status": "منشور", "published": "10 أيار 2017",
              "person": "بوتين"}
    row = b",".join(value.encode("cp1256" if name == column else "utf-8") for name, value in values.items())
    rejections = upload(import_jobs, staff_client, ",".join(values).encode() + b"\n" + row + b"\n")
    assert rejections == [f"articles.csv، السطر 2: في العمود «{column}» بايتات ليست بترميز UTF-8؛ "
                          "احفظ الملف بترميز UTF-8 وأعد استيراده."]
    assert not Article.objects.exists()
