"""The search page, its JSON API, downloads and suggestions, as a reader uses them."""
import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from archive.models import Article, Tag
from tests.factories import SEED_TITLE, add_article, load_demo
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(module_db, module_index):
    with module_db.unblock():
        demo = load_demo()
        macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
        lebanon = Tag.objects.create(kind=Tag.Kind.PLACE, name="لبنان")
        add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس الفرنسي.", day="2018-04-02", tags=[macron, lebanon])
        add_article("زيارة رسمية", "وصل الرئيس الفرنسي ماكرون إلى بيروت أمس.", day="2018-04-20", tags=[lebanon])
        add_article("ماكرون يعود", "عاد ماكرون إلى باريس.", day="2018-05-03", tags=[macron])
        algiers = Tag.objects.create(kind=Tag.Kind.PLACE, name="الجزائر")
        signed = add_article("كرنفال الجزائر", "انعقد الكرنفال في الجزائر.", day="2019-03-01", tags=[algiers, lebanon])
        signed.author, signed.dateline = "<b>مراسل</b> الأرشيف", algiers
        signed.save()
        undated = add_article("كرنفال بلا تاريخ", "كرنفال لم يُذكر يوم انعقاده.")
        Article.objects.filter(pk=undated.pk).update(published=None)
        module_index.rebuild()
    return demo


def result_titles(page):
    return [h.get_text().strip() for h in page.select(".result .card-title")]


def query_of(url):
    return parse_qs(urlsplit(url).query)


def test_search_page_shows_count_results_highlights_and_facets(client, archive):
    page = parse(client.get("/search/", {"q": "مَاكْرُون"}))
    assert page.html["dir"] == "rtl"
    assert "3 نتائج" in page.select_one(".results-count").get_text()  # 3 to 10 take the plural
    assert set(result_titles(page)) == {"ماكرون في بيروت", "زيارة رسمية", "ماكرون يعود"}
    assert page.select_one(".result mark").get_text() == "ماكرون"
    people = {a.get_text(" ", strip=True) for a in page.select(".facet a") if "person=" in a["href"]}
    assert "إيمانويل ماكرون 2" in people


def test_a_result_card_names_its_day_source_author_dateline_and_tags(client, archive):
    page = parse(client.get("/search/", {"q": "كرنفال", "sort": "newest"}))
    signed, undated = page.select(".result")
    meta = signed.select_one(".meta")
    assert meta.time["datetime"].startswith("2019-03-01") and "1 آذار - مارس 2019" in meta.time.get_text()
    assert "1440" in meta.select_one(".hijri").get_text()
    assert meta.select_one(".source").get_text() == "بي بي سي عربي"
    assert meta.select_one(".byline").get_text() == "بقلم <b>مراسل</b> الأرشيف"  # the author's text, never markup
    assert not meta.select(".byline b")
    algiers = Tag.objects.get(name="الجزائر")
    assert (meta.select_one("a.dateline")["href"], meta.select_one("a.dateline").get_text()) == (
        algiers.get_absolute_url(), "الجزائر")
    tags = [(a["class"], a["href"], a.get_text()) for a in signed.select(".tag-list a")]
    assert tags == [(["tag", "tag-place"], algiers.get_absolute_url(), "الجزائر"),
                    (["tag", "tag-place"], Tag.objects.get(name="لبنان").get_absolute_url(), "لبنان")]
    assert undated.select_one(".meta").get_text(" ", strip=True) == "غير مؤرَّخ · بي بي سي عربي"
    assert not undated.select(".tag-list")


def test_a_result_cards_links_follow_the_script_prefix(client, archive):
    """The cards' links are reversed under the prefix the archive is served under, read once for the page."""
    def card_links():
        signed = parse(client.get("/search/", {"q": "كرنفال", "sort": "newest"})).select(".result")[0]
        return [a["href"] for a in signed.select(".card-title a, a.dateline, .tag-list a")]

    at_root = card_links()
    set_script_prefix("/news/")
    try:
        under_prefix = card_links()
        algiers, lebanon = Tag.objects.get(name="الجزائر"), Tag.objects.get(name="لبنان")
        signed = Article.objects.get(title="كرنفال الجزائر")
        expected = [signed.get_absolute_url(), *(tag.get_absolute_url() for tag in (algiers, algiers, lebanon))]
    finally:
        clear_script_prefix()
    assert under_prefix == expected and all(href.startswith("/news/") for href in under_prefix)
    assert at_root == [href.removeprefix("/news") for href in under_prefix]


def test_a_facet_click_adds_the_filter_and_keeps_the_query(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرون", "sort": "newest"}))
    link = next(a for a in page.select(".facet a") if a.get_text(" ", strip=True).startswith("لبنان"))
    params = query_of(link["href"])
    assert params == {"q": ["ماكرون"], "sort": ["newest"], "place": ["لبنان"]}
    narrowed = parse(client.get("/search/" + link["href"]))
    assert result_titles(narrowed) == ["زيارة رسمية", "ماكرون في بيروت"]
    chip = narrowed.select_one(".active-filters a")
    assert "لبنان" in chip.get_text()
    assert "place" not in query_of(chip["href"])


def test_a_chosen_facet_value_is_marked_and_its_link_removes_it(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرون", "place": "لبنان"}))
    [chosen] = page.select(".facet a.active")
    assert chosen["aria-current"] == "true" and chosen.bdi.get_text() == "لبنان"
    assert chosen.select_one(".count").get_text() == "2"
    assert chosen.select_one(".visually-hidden").get_text() == " (مفعّل، انقر لإزالته)"
    assert query_of(chosen["href"]) == {"q": ["ماكرون"]}
    assert all(not link.select(".visually-hidden") for link in page.select(".facet a:not(.active)"))


def test_on_an_english_page_tag_names_stay_arabic_and_months_english(client, archive, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    labels = {link.bdi.get_text(): link.bdi.attrs for link in page.select(".facet a")}
    assert labels["لبنان"] == {"lang": "ar", "dir": "rtl"} and labels["April 2018"] == {}
    card = page.select_one(".result")
    assert {tag.get("lang") for tag in card.select(".card-title, .snippet, .tag-list")} == {"ar"}


def test_month_facets_set_the_date_range(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    link = next(a for a in page.select(".facet a") if "from=2018-04-01" in a["href"])
    assert query_of(link["href"])["to"] == ["2018-04-30"]
    assert len(result_titles(parse(client.get("/search/" + link["href"])))) == 2


def test_a_name_in_the_query_offers_the_tag(client, archive):
    page = parse(client.get("/search/", {"q": "ترمب"}))
    offer = page.select_one(".named-tags")
    assert offer.a.get_text() == "دونالد ترامب"
    assert query_of(offer.select_one(".button-link")["href"])["person"] == ["دونالد-ترامب"]


def test_names_anywhere_among_the_words_are_offered_longest_first(client, archive):
    page = parse(client.get("/search/", {"q": "زيارة لبنان ثم إيمانويل ماكرون أمس"}))
    assert [offer.a.get_text() for offer in page.select(".named-tags p")] == ["إيمانويل ماكرون", "لبنان"]
    assert not parse(client.get("/search/", {"q": "إيمانويل أمس"})).select(".named-tags")  # a whole name only


def test_pagination_keeps_every_parameter(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرون", "place": "لبنان", "size": "1", "sort": "oldest"}))
    next_link = page.select_one(".pagination a[rel=next]")["href"]
    assert query_of(next_link) == {
        "q": ["ماكرون"], "place": ["لبنان"], "size": ["1"], "sort": ["oldest"], "page": ["2"],
    }


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ماكرون", "page": "9999"}, {"q": "ماكرون", "page": "abc"}, {"person": "لا-أحد"},
        {"from": "2017-02-30"}, {"from": "2018-05-01", "to": "2018-01-01"}, {"q": "x" * 20000},
        {"sort": "<script>"}, {"q": '"<script>alert(1)</script>'}, {"size": "-5"},
    ],
)
def test_bad_parameters_give_a_page_and_a_note_never_an_error(client, archive, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    page = parse(response)
    assert page.select(".note") or page.select(".result") or "لا نتائج" in page.select_one(".results-count").get_text()


def test_an_impossible_date_is_named_in_a_note(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرون", "from": "2017-02-30"}))
    assert "2017-02-30" in page.select_one(".note").get_text()
    assert len(result_titles(page)) == 3


def test_the_form_shows_each_searchs_own_values_and_one_searchs_bad_date_leaves_the_next_clean(client, archive):
    """Every search form shares its fields (``SharedFields``): nothing one reader sent may reach the next form."""
    bad = parse(client.get("/search/", {"q": "ماكرون", "from": "2017-02-30", "sort": "oldest", "place": "لبنان"}))
    good = parse(client.get("/search/", {"q": "بيروت", "to": "2018-06-01"}))
    assert [bad.select_one(f"#id_{name}")["value"] for name in ("q", "from")] == ["ماكرون", ""]
    assert bad.select_one("#id_sort option[selected]")["value"] == "oldest"
    assert [(field["name"], field["value"]) for field in bad.select('.search-form input[type="hidden"]')] == [
        ("place", "لبنان")]
    assert [good.select_one(f"#id_{name}")["value"] for name in ("q", "from", "to")] == ["بيروت", "", "2018-06-01"]
    assert good.select_one("#id_sort option[selected]")["value"] == "relevance"
    assert not good.select('.search-form input[type="hidden"]')
    assert not any("2017-02-30" in note.get_text() for note in good.select(".note"))


def test_empty_query_with_a_filter_browses_by_date(client, archive):
    page = parse(client.get("/search/", {"person": "إيمانويل-ماكرون"}))
    assert result_titles(page) == ["ماكرون يعود", "ماكرون في بيروت"]


def test_did_you_mean_offers_a_spelling_the_index_knows(client, archive):
    page = parse(client.get("/search/", {"q": "ماكرن"}))
    suggestion = page.select_one(".did-you-mean a")
    assert suggestion.get_text() == "ماكرون"
    assert len(result_titles(parse(client.get("/search/" + suggestion["href"])))) == 3


def test_did_you_mean_never_turns_one_number_into_another(client, archive, search_index):
    add_article("حصيلة عام 2018", "أرقام الحصيلة السنوية لعام 2018 ولعام ١٤٣٩.", day="2018-12-30")
    search_index.rebuild()
    assert not parse(client.get("/search/", {"q": "2015"})).select(".did-you-mean")
    assert not parse(client.get("/search/", {"q": "١٤٣٨"})).select(".did-you-mean")
    corrected = parse(client.get("/search/", {"q": "حصيلت 2018"})).select_one(".did-you-mean a").get_text()
    assert corrected.split()[1] == "2018" and corrected.split()[0] != "حصيلت"  # the word corrected, the number kept


def test_json_api_mirrors_the_page_in_plain_utf8(client, archive):
    response = client.get("/api/search/", {"q": "ماكرون", "place": "لبنان"})
    assert response["Content-Type"] == "application/json"
    assert "ماكرون" in response.content.decode("utf-8")  # not \\u-escaped
    data = json.loads(response.content)
    assert data["total"] == 2
    assert {r["title"] for r in data["results"]} == {"ماكرون في بيروت", "زيارة رسمية"}
    assert sum(v["count"] for v in data["facets"]["month"]) == data["total"]


def test_csv_and_json_downloads_of_the_results(client, archive):
    response = client.get("/search/export.csv", {"q": "ماكرون"})
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["id", "title", "published", "source", "tags", "url"]
    assert {row[1] for row in rows[1:]} == {"ماكرون في بيروت", "زيارة رسمية", "ماكرون يعود"}
    data = json.loads(client.get("/search/export.json", {"q": "ماكرون"}).content)
    assert len(data) == 3
    assert client.get("/search/export.xml").status_code == 404


def test_the_json_download_has_the_apis_rows_without_marks(client, archive):
    """Downloads skip the marking (most of a 1,000-row export's time): the same rows, titles and passages plain."""
    downloaded = json.loads(client.get("/search/export.json", {"q": "ماكرون", "sort": "newest"}).content)
    api = json.loads(client.get("/api/search/", {"q": "ماكرون", "sort": "newest"}).content)["results"]
    assert [row.keys() for row in downloaded] == [row.keys() for row in api]
    marked = {"title_html", "snippet_html"}
    assert [{k: v for k, v in row.items() if k not in marked} for row in downloaded] == \
        [{k: v for k, v in row.items() if k not in marked} for row in api]
    assert any("<mark>" in row["title_html"] for row in api)
    assert [row["title_html"] for row in downloaded] == [row["title"] for row in downloaded]  # escaped, no marks
    assert {row["snippet_html"] for row in downloaded} == {
        "زيارة قصيرة للرئيس الفرنسي.", "وصل الرئيس الفرنسي ماكرون إلى بيروت أمس.", "عاد ماكرون إلى باريس."}


@pytest.mark.parametrize("typed", ["ماكر", "مَاكْر", "إيمانويل", "ايمانويل", "ترمب"])
def test_suggestions_with_or_without_hamza_and_diacritics(client, archive, typed):
    names = [s["name"] for s in json.loads(client.get("/api/suggest/", {"q": typed}).content)["suggestions"]]
    assert names[0] in {"إيمانويل ماكرون", "دونالد ترامب"}
    assert ("ترامب" in names[0]) == (typed == "ترمب")


def test_article_page_has_related_neighbours_and_a_permalink(client, archive):
    page = parse(client.get(archive.get_absolute_url()))
    assert page.select_one("#permalink")["value"].endswith(archive.get_absolute_url())
    newer = page.select_one(".article-neighbours a[rel=next]")
    assert "ماكرون في بيروت" in newer.get_text()
    assert page.select_one(".article-neighbours a[rel=prev]") is None
    other = parse(client.get(newer["href"]))
    related = [a.get_text() for a in other.select(".related a")]
    assert related and related[0] in {"زيارة رسمية", "ماكرون يعود"}
    assert SEED_TITLE in other.select_one(".article-neighbours a[rel=prev]").get_text()


def test_the_english_query_box_shows_its_whole_placeholder(client, archive, settings):
    """The English placeholder holds quotation marks: written unescaped in the attribute, it ended it ("words, ")."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = parse(client.get("/search/", {"q": "ماكرون"}))
    assert page.select_one("#id_q")["placeholder"] == 'words, "a quoted phrase", OR, -exclude'
    assert page.select_one("#id_q-suggestions")["aria-label"] == "Suggestions"
