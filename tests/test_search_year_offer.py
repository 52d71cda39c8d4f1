"""A number in the query is searched as a word; the page offers its year as a filter, and a date filter says
how many undated articles it leaves out."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Article
from tests.factories import add_article
from tests.pages import parse

pytestmark = pytest.mark.django_db

UNDATED_2 = "مقالان مما يطابق البحث لا تاريخ لهما ولم يدخلا في النتائج، لأن البحث محصور بتاريخ."


def undated(title, body):
    article = add_article(title, body)
    Article.objects.filter(pk=article.pk).update(published=None)
    return article


@pytest.fixture(scope="module")
def archive(module_db, module_index):
    with module_db.unblock():
        add_article("فعالية 2000 للرياضة", "أقيمت فعالية 2000 في الملعب.", day="2018-03-01")
        add_article("فعالية ثقافية", "فعالية في المسرح البلدي.", day="2000-06-10")
        add_article("حصاد 2015", "خلاصة أخبار العام.", day="2016-01-02")
        add_article("ميزانية جديدة", "أقرت الحكومة ميزانية العام.", day="2015-12-20")
        undated("فعالية بلا تاريخ", "فعالية لم يُعرف يومها.")
        undated("فعالية أخرى بلا تاريخ", "فعالية ثانية لم يُعرف يومها.")
        undated("ميزانية بلا تاريخ", "ميزانية لم يُعرف يومها.")
        module_index.rebuild()


def titles(page):
    return {h.get_text().strip() for h in page.select(".result .card-title")}


def offer_of(client, query):
    page = parse(client.get("/search/", {"q": query}))
    return page, page.select_one(".year-offer")


def test_a_number_and_a_word_is_searched_as_words_and_the_year_is_offered(client, archive):
    page, offer = offer_of(client, "فعالية 2000")
    assert titles(page) == {"فعالية 2000 للرياضة"}
    link = offer.select_one("a")
    assert link.get_text(strip=True) == "ابحث عن «فعالية» في المقالات المنشورة سنة 2000"
    assert parse_qs(urlsplit(link["href"]).query) == {"q": ["فعالية"], "from": ["2000-01-01"], "to": ["2000-12-31"]}
    followed = parse(client.get("/search/" + link["href"]))
    assert titles(followed) == {"فعالية ثقافية"}
    assert followed.select_one(".year-offer") is None
    notes = [note.get_text(strip=True) for note in followed.select(".note")]
    assert UNDATED_2 in notes


def test_a_bare_year_is_searched_as_a_word_and_offered_as_the_whole_year(client, archive):
    page, offer = offer_of(client, "2015")
    assert titles(page) == {"حصاد 2015"}
    link = offer.select_one("a")
    assert link.get_text(strip=True) == "اعرض المقالات المنشورة سنة 2015"
    assert parse_qs(urlsplit(link["href"]).query) == {"from": ["2015-01-01"], "to": ["2015-12-31"]}
    followed = parse(client.get("/search/" + link["href"]))
    assert titles(followed) == {"ميزانية جديدة"}
    notes = [note.get_text(strip=True) for note in followed.select(".note")]
    assert "3 مقالات مما يطابق البحث لا تاريخ لها ولم تدخل في النتائج، لأن البحث محصور بتاريخ." in notes


def test_the_offer_keeps_the_other_filters(client, archive):
    page = parse(client.get("/search/", {"q": "فعالية 2000", "sort": "newest", "page": "1"}))
    query = parse_qs(urlsplit(page.select_one(".year-offer a")["href"]).query)
    assert query == {"q": ["فعالية"], "sort": ["newest"], "from": ["2000-01-01"], "to": ["2000-12-31"]}


@pytest.mark.parametrize("params", [{"q": "فعالية 2000", "from": "2000-01-01"}, {"q": "فعالية أيار 2000"},
                                    {"q": "فعالية"}])
def test_no_year_is_offered_beside_a_date_or_without_a_number(client, archive, params):
    assert parse(client.get("/search/", params)).select_one(".year-offer") is None


def test_a_date_in_the_query_counts_the_undated_articles_it_leaves_out(client, archive):
    page = parse(client.get("/search/", {"q": "ميزانية كانون الأول 2015"}))
    assert titles(page) == {"ميزانية جديدة"}
    notes = [note.get_text(strip=True) for note in page.select(".note")]
    assert "مقال واحد مما يطابق البحث لا تاريخ له ولم يدخل في النتائج، لأن البحث محصور بتاريخ." in notes


def test_no_undated_note_without_a_date_filter_or_when_none_is_left_out(client, archive):
    for params in ({"q": "فعالية"}, {"q": "حصاد", "from": "2016-01-01"}):
        notes = " ".join(note.get_text() for note in parse(client.get("/search/", params)).select(".note"))
        assert "لا تاريخ" not in notes


def test_the_api_gives_the_count_and_the_note(client, archive):
    data = json.loads(client.get("/api/search/", {"q": "فعالية", "from": "2000-01-01", "to": "2000-12-31"}).content)
    assert data["total"] == 1 and data["undated_excluded"] == 2 and UNDATED_2 in data["notes"]
    assert json.loads(client.get("/api/search/", {"q": "فعالية"}).content)["undated_excluded"] is None
    browse = json.loads(client.get("/api/search/", {"from": "2015-01-01", "to": "2015-12-31"}).content)
    assert browse["total"] == 1 and browse["undated_excluded"] == 3


def test_the_offer_and_the_note_in_english(client, archive, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    offer = parse(client.get("/search/", {"q": "فعالية 2000"})).select_one(".year-offer")
    assert offer.select_one("a").get_text(strip=True) == "Search for «فعالية» in the articles published in 2000"
    page = parse(client.get("/search/", {"q": "فعالية", "from": "2000-01-01", "to": "2000-12-31"}))
    notes = [note.get_text(strip=True) for note in page.select(".note")]
    assert ("2 articles matching the search have no date and are left out of the results, "
            "as the search is limited to dates.") in notes
