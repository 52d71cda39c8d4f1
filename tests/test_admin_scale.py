"""The admin at archive scale: autocomplete filters, Arabic counts and dates,
an import page that reads right to left."""
import pytest

from archive.models import Article, Source, Tag
from tests.pages import parse

pytestmark = pytest.mark.django_db
LIST = "/admin/archive/article/"


@pytest.fixture
def many_tags(demo):
    Tag.objects.bulk_create([Tag(kind=Tag.Kind.TOPIC, name=f"موضوع {n}", slug=f"topic-{n}") for n in range(600)])
    return demo


def test_tag_source_and_dateline_filters_are_autocomplete_boxes_not_lists(staff_client, many_tags):
    page = parse(staff_client.get(LIST))
    filters = page.select_one("#changelist-filter")
    assert len(filters.select("li")) < 20  # 600 tags, and no link for any of them
    boxes = {box["data-field-name"]: box for box in filters.select("select.archive-autocomplete-filter")}
    assert set(boxes) == {"source", "dateline", "tags"}
    assert boxes["tags"]["name"] == "tags__id__exact" and "admin-autocomplete" in boxes["tags"]["class"]
    scripts = [script["src"] for script in page.select("script[src]")]
    assert any("select2" in src for src in scripts) and any("autocomplete_filter.js" in src for src in scripts)


def test_a_picked_tag_filters_the_list_and_stays_shown_in_its_box(staff_client, many_tags):
    tag = Tag.objects.get(name="دونالد ترامب")
    page = parse(staff_client.get(LIST, {"tags__id__exact": tag.pk}))
    assert len(page.select("#result_list tbody tr")) == 1
    box = page.select_one("#filter_tags")
    assert box.select_one("option[selected]").get_text() == "دونالد ترامب"
    assert box["data-filter-query"] == "?"  # the list's query without this filter, for the script to add it back
    other = Tag.objects.get(name="موضوع 7")
    assert not parse(staff_client.get(LIST, {"tags__id__exact": other.pk})).select("#result_list tbody tr")


def test_the_autocomplete_of_the_dateline_filter_offers_places_only(staff_client, many_tags):
    response = staff_client.get("/admin/autocomplete/", {
        "app_label": "archive", "model_name": "article", "field_name": "dateline", "term": "موضوع"})
    assert response.json()["results"] == []
    response = staff_client.get("/admin/autocomplete/", {
        "app_label": "archive", "model_name": "article", "field_name": "dateline", "term": "موسكو"})
    assert [item["text"] for item in response.json()["results"]] == ["موسكو"]


@pytest.mark.parametrize("count, words", [
    (1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"), (11, "11 مقالًا"), (100, "100 مقال"),
])
def test_the_list_counts_articles_in_arabic_plural_forms(staff_client, db, count, words):
    Article.objects.bulk_create([
        Article(title=f"خبر {n}", body=f"نص الخبر {n}", fingerprint=f"fp-{n}") for n in range(count)])
    assert parse(staff_client.get(LIST)).select_one(".paginator").get_text().split() == words.split()


def test_tags_and_sources_are_counted_too(staff_client, db):
    Source.objects.bulk_create([Source(name=f"مصدر {n}") for n in range(11)])
    assert "11 مصدرًا" in parse(staff_client.get("/admin/archive/source/")).select_one(".paginator").get_text()
    Tag.objects.bulk_create([Tag(kind="topic", name=f"م {n}", slug=f"t{n}") for n in range(2)])
    assert "وسمان" in parse(staff_client.get("/admin/archive/tag/")).select_one(".paginator").get_text()


def test_dates_in_the_list_read_day_month_year(staff_client, demo):
    cell = parse(staff_client.get(LIST)).select_one("#result_list tbody td.field-published").get_text()
    assert cell == "10 مايو 2017، 12:00"


def test_the_import_page_keeps_file_extensions_whole_in_right_to_left_text(staff_client):
    page = parse(staff_client.get("/admin/archive/article/import/"))
    assert page.html["dir"] == "rtl"
    help_text = page.select_one("#id_file_helptext")
    isolated = [bdi.get_text() for bdi in help_text.select('bdi[dir="ltr"]')]
    assert isolated == [".txt", ".jsonl", ".csv", ".gz", ".xz", ".xml"]
    assert not page.select_one("#id_publish").has_attr("checked")  # drafts unless the editor asks
