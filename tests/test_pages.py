"""The public pages as a reader meets them: right to left, linked, and 404 for what is not public."""
from urllib.parse import quote

import pytest

from archive.models import Article, Tag
from tests.factories import SEED_PERSONS, SEED_TITLE
from tests.pages import parse

pytestmark = pytest.mark.django_db


def assert_rtl_arabic(page):
    assert page.html["dir"] == "rtl"
    assert page.html["lang"] == "ar"


def test_home_lists_the_seed_article(client, demo):
    page = parse(client.get("/"))
    assert_rtl_arabic(page)
    titles = [h.get_text(strip=True) for h in page.select(".card-title")]
    assert titles == [SEED_TITLE]


def test_article_page_shows_metadata_paragraphs_and_links_every_person(client, demo):
    response = client.get(demo.get_absolute_url())
    page = parse(response)
    assert_rtl_arabic(page)
    assert page.h1.get_text(strip=True) == SEED_TITLE
    meta = page.select_one(".article .meta")
    assert meta.time["datetime"].startswith("2017-05-10")
    assert "سانا" in meta.get_text()
    assert meta.select_one(".dateline").get_text(strip=True) == "موسكو"
    assert len(page.select(".article-body p")) >= 10
    person_links = {a.get_text(strip=True): a["href"] for a in page.select("a.tag-person")}
    assert sorted(person_links) == sorted(SEED_PERSONS)
    for href in person_links.values():
        tag_page = parse(client.get(href))
        assert SEED_TITLE in [h.get_text(strip=True) for h in tag_page.select(".card-title")]


def test_arabic_slug_answers_raw_and_percent_encoded(client, demo):
    tag = Tag.objects.get(name="دونالد ترامب")
    assert tag.slug == "دونالد-ترامب"
    for path in (f"/tags/{tag.slug}/", f"/tags/{quote(tag.slug)}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert parse(response).h1.get_text(strip=True) == "دونالد ترامب"


def test_tag_page_lists_aliases_and_count(client, demo):
    page = parse(client.get("/tags/دونالد-ترامب/"))
    aliases = page.select_one(".aliases").get_text()
    assert "ترمب" in aliases
    assert "1" in page.select_one(".tag-header .count").get_text()


@pytest.mark.parametrize(
    "path,kind",
    [("/people/", "person"), ("/places/", "place"), ("/organisations/", "organisation"), ("/topics/", "topic")],
)
def test_kind_indexes_list_their_tags_with_counts(client, demo, path, kind):
    page = parse(client.get(path))
    assert_rtl_arabic(page)
    listed = {li.a.get_text(strip=True): li.select_one(".count").get_text() for li in page.select(".tag-index li")}
    expected = set(demo.tags.filter(kind=kind).values_list("name", flat=True))
    if kind == "place":
        expected.add("موسكو")
    assert set(listed) == expected
    assert set(listed.values()) == {"1"}


def test_kind_index_counts_published_articles_only_most_used_first(client, demo):
    trump, putin = Tag.objects.get(name="دونالد ترامب"), Tag.objects.get(name="فلاديمير بوتين")
    only_in_draft = Tag.objects.create(kind=Tag.Kind.PERSON, name="شخص في مسودة فقط")
    Article.objects.create(title="قمة ثانية", body="نص.", status=Article.Status.PUBLISHED).tags.set([trump])
    Article.objects.create(title="مسودة", body="نص آخر.").tags.set([putin, only_in_draft])
    page = parse(client.get("/people/"))
    listed = [(li.a.get_text(strip=True), li.select_one(".count").get_text()) for li in page.select(".tag-index li")]
    assert listed[0] == ("دونالد ترامب", "2")
    assert ("فلاديمير بوتين", "1") in listed and only_in_draft.name not in dict(listed)
    assert listed[1:] == sorted(listed[1:])  # equal counts: by name


def test_unknown_and_draft_items_are_404(client, demo):
    assert client.get("/articles/999999/").status_code == 404
    assert client.get("/tags/لا-يوجد/").status_code == 404
    demo.status = Article.Status.DRAFT
    demo.save()
    assert client.get(demo.get_absolute_url()).status_code == 404
    assert SEED_TITLE not in client.get("/").content.decode()


@pytest.mark.parametrize("page_number", ["abc", "9999", "-1"])
def test_bad_page_numbers_give_the_nearest_page(client, demo, page_number):
    response = client.get("/", {"page": page_number})
    assert response.status_code == 200
    assert SEED_TITLE in response.content.decode()


def test_a_card_shows_the_opening_forty_words_of_its_text(client):
    words = [f"كلمة{number}" for number in range(300)]
    lines = "\n".join(" ".join(words[start:start + 10]) for start in range(0, 300, 10))
    Article.objects.create(title="طويل", body=lines, status=Article.Status.PUBLISHED)
    Article.objects.create(title="قصير", lead="مقدمة   من\nثلاث كلمات", body=" ".join(words),
                           status=Article.Status.PUBLISHED)
    excerpts = {card.select_one(".card-title").get_text(strip=True): card.select_one(".excerpt").get_text()
                for card in parse(client.get("/")).select(".card")}
    assert excerpts == {"طويل": " ".join(words[:40]) + " …", "قصير": "مقدمة من ثلاث كلمات"}
