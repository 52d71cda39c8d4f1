"""Searching the archive through the real Whoosh index, as a reader would."""
import datetime

import pytest
from django.utils import translation

from archive.search.archive_search import SearchRequest, search_archive
from tests.factories import SEED_TITLE, add_article

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(module_small_archive):
    """The search tests' small archive (tests/conftest.py), built once for the module."""
    return module_small_archive


def titles(results):
    return [hit.article.title for hit in results.hits]


def search(q="", **filters):
    return search_archive(SearchRequest(q=q, **filters))


@pytest.mark.parametrize(
    "query",
    ["محمد", "مُحَمَّدٌ", "المدرسه", "مدرسة", "والمدرسة", "بالمدرسة", "اسرائيل", "مستشفي", "مستشفى", "مـــدرسة"],
)
def test_a_word_is_found_however_it_is_written(archive, query):
    assert titles(search(query)) == [archive["school"].title]


@pytest.mark.parametrize("query", ["ترمب", "سوريا", "سيرجي لافروف", "الأمريكي ترمب"])
def test_press_spelling_variants_find_each_other(archive, query):
    assert SEED_TITLE in titles(search(query))


def test_all_words_are_required(archive):
    assert titles(search("لافروف ماكرون")) == []
    assert set(titles(search("لافروف OR ماكرون"))) == {SEED_TITLE, "ماكرون في بيروت", "زيارة رسمية"}
    assert set(titles(search("لافروف أو ماكرون"))) == {SEED_TITLE, "ماكرون في بيروت", "زيارة رسمية"}


def test_exact_phrase_matches_words_in_order_only(archive):
    assert titles(search('"لقاء قمة بين بوتين"')) == [SEED_TITLE]
    assert titles(search('"بوتين بين قمة لقاء"')) == []
    # A stop word inside the phrase keeps its place.
    assert titles(search('"قمة بين بوتين"')) == [SEED_TITLE]


def test_exclusion(archive):
    assert set(titles(search("بيروت"))) == {"ماكرون في بيروت", "زيارة رسمية"}
    assert titles(search("بيروت -قصيرة")) == ["زيارة رسمية"]
    assert titles(search("بيروت NOT قصيرة")) == ["زيارة رسمية"]


def test_title_ranks_above_body(archive):
    assert titles(search("ماكرون")) == ["ماكرون في بيروت", "زيارة رسمية"]


def test_drafts_are_never_found(archive):
    assert "ماكرون مسودة" not in titles(search("مسودة"))


def test_highlights_mark_whole_vocalized_words_and_not_inside_others(archive):
    school = search("محمد المدرسة").hits[0]
    assert school.title_html == "<mark>مُحَمَّدٌ</mark> يزور <mark>المَدْرَسَةَ</mark>"
    maqal = search("قال OR مقال")
    by_title = {hit.article.title: hit for hit in maqal.hits}
    assert "<mark>مقال</mark>" in by_title["مقال الرأي"].title_html
    assert "<mark>وقال</mark>" in by_title[archive["school"].title].snippet_html
    only_qal = search("قال")
    assert "مقال الرأي" not in titles(only_qal)


def test_highlights_escape_html(archive, search_index):
    add_article("<b>عاجل</b> & خبر", "نص <script>alert(1)</script> عاجل")
    search_index.rebuild()
    hit = search("عاجل").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>عاجل</mark>&lt;/b&gt; &amp; خبر"
    assert "<script>" not in hit.snippet_html


def test_facets_count_tags_sources_and_months(archive):
    results = search("ماكرون OR لافروف")
    facets = {name: {v.label: v.count for v in values} for name, values in results.facets.items()}
    assert facets["person"]["إيمانويل ماكرون"] == 1
    assert facets["person"]["دونالد ترامب"] == 1
    assert facets["source"] == {"بي بي سي عربي": 2, "سانا": 1}
    assert facets["month"] == {"نيسان - أبريل 2018": 2, "أيار - مايو 2017": 1}
    assert sum(facets["month"].values()) == results.total == 3


def test_month_facets_are_named_in_the_readers_language_each_time(archive):
    """Month labels are kept per language: an English page between two Arabic ones is named in English."""
    def months():
        return [value.label for value in search("ماكرون OR لافروف").facets["month"]]

    assert months() == ["نيسان - أبريل 2018", "أيار - مايو 2017"]
    with translation.override("en"):
        assert months() == ["April 2018", "May 2017"]
    assert months() == ["نيسان - أبريل 2018", "أيار - مايو 2017"]


def test_filters_by_tag_source_and_dates(archive):
    assert titles(search("ماكرون", person=["إيمانويل-ماكرون"])) == ["ماكرون في بيروت"]
    assert titles(search("", person=["دونالد-ترامب"])) == [SEED_TITLE]
    assert titles(search("ماكرون", source=["سانا"])) == []
    in_april = search("", date_from=datetime.date(2018, 4, 1), date_to=datetime.date(2018, 4, 30))
    assert titles(in_april) == ["زيارة رسمية", "ماكرون في بيروت"]
    swapped = search("", date_from=datetime.date(2018, 4, 30), date_to=datetime.date(2018, 4, 1))
    assert titles(swapped) == titles(in_april)
    assert swapped.notes


def test_unknown_filters_are_named_and_ignored(archive):
    results = search("ماكرون", person=["لا-أحد"], source=["مصدر مجهول"])
    assert len(results.notes) == 2
    assert "لا-أحد" in results.notes[0]
    assert results.total == 2


def test_sorting(archive):
    newest = titles(search("", sort="newest"))
    assert newest[0] == "مقال الرأي" and newest[-1] == SEED_TITLE
    assert titles(search("", sort="oldest")) == list(reversed(newest))


def test_empty_query_browses_everything_public_by_date(archive):
    results = search("")
    assert results.total == 5
    assert not results.notes


def test_a_page_past_the_end_gives_the_last_page(archive):
    results = search_archive(SearchRequest(q="", page=9999, page_size=2))
    assert results.page == 3 and len(results.hits) == 1
    assert "9999" in results.notes[0]


NOTHING_LEFT = "شائعة"  # the note that no word is left to search for (stop words, marks, operators alone)


@pytest.mark.parametrize(
    ("query", "found", "note"),
    [
        ('"لقاء قمة', [SEED_TITLE], None),
        ("(لافروف", [SEED_TITLE], None),
        ("لافروف)", [SEED_TITLE], None),
        ("OR", [], NOTHING_LEFT),
        ("أو", [], NOTHING_LEFT),
        ("-", [], NOTHING_LEFT),
        ("- لافروف", [], "مستبعدة"),
        ("NOT", [], NOTHING_LEFT),
        ('""', [], NOTHING_LEFT),
        ("()", [], NOTHING_LEFT),
        ("في من على", [], None),  # على alone is searched, as the name علي (issue 13), which no article holds
        ("َُِّ", [], NOTHING_LEFT),
        ("ـــ", [], NOTHING_LEFT),
        ("a" * 10_000, [], "طويل"),
        ('"' + "ب" * 500 + ' لافروف"', [], None),  # a phrase with a word longer than any the index keeps
        ("لافروف " * 3000, [SEED_TITLE], "طويل"),
        ("\x00\x01\x1b[31m لافروف", [], None),  # the escape's 31m is a word too, and every word is required
        ("Lavrov لافروف", [], None),  # every word is required, and no article holds Lavrov
        ("Trump", [SEED_TITLE], None),
        ("title:لافروف", [], None),  # no field syntax: title is a word, required like the others
        ("*", [], NOTHING_LEFT),
        ("?", [], NOTHING_LEFT),
        ("لاف*", [], None),  # no prefix search: لاف is a word of its own
        ("~2", [], None),
        ("^", [], NOTHING_LEFT),
        ("[a TO z]", [], None),
        ("\u202eلافروف\u202c", [SEED_TITLE], None),
    ],
)
def test_malformed_queries_give_results_or_a_note_never_an_error(archive, query, found, note):
    results = search(query)
    assert titles(results) == found and results.total == len(found)
    if note:
        assert any(note in said for said in results.notes), results.notes
    else:
        assert results.notes == []


def test_only_stop_words_or_marks_explain_themselves(archive):
    # Not على: typed alone or last it is searched, as the name علي (issue 13).
    for query in ("في من عن", "َُِّ"):
        results = search(query)
        assert results.total == 0 and "شائعة" in results.notes[0]


def test_latin_words_are_searchable_case_folded(archive, search_index):
    add_article("Reuters: تقرير", "ذكرت وكالة Reuters أن NATO تجتمع.")
    search_index.rebuild()
    assert titles(search("reuters")) == ["Reuters: تقرير"]
    assert titles(search("nato")) == ["Reuters: تقرير"]


def test_a_month_typed_in_the_query_filters_by_date(archive):
    results = search("ماكرون نيسان 2018")
    assert titles(results) == ["ماكرون في بيروت", "زيارة رسمية"]
    assert "نيسان - أبريل 2018" in results.notes[0]
    assert titles(search("ماكرون 2017")) == []
    assert set(titles(search("أبريل ٢٠١٨"))) == {"ماكرون في بيروت", "زيارة رسمية"}
