"""A reader searching in a real browser: diacritics, facets, dates and suggestions."""
import pytest

from archive.models import Tag
from tests.factories import add_article, load_demo

pytestmark = pytest.mark.django_db  # not transactional: the archive is written once (``site``)

@pytest.fixture(scope="module")
def archive(site, module_index):
    """Written once for the module's tests, which only look at its pages (``site``)."""
    demo = load_demo()
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس الفرنسي.", day="2018-04-02", tags=[macron])
    add_article("زيارة رسمية", "وصل الرئيس الفرنسي ماكرون إلى بيروت أمس.", day="2018-04-20")
    add_article("ماكرون يعود", "عاد ماكرون إلى باريس.", day="2018-05-03", tags=[macron])
    module_index.rebuild()
    return demo


def result_titles(page):
    return [text.strip() for text in page.locator(".result .card-title").all_inner_texts()]


def test_typing_a_vocalized_query_shows_highlighted_results(page, site, archive):
    page.goto(site.url + "/search/")
    page.fill("#id_q", "مَاكْرُونُ")
    page.press("#id_q", "Enter")
    page.wait_for_selector(".result")
    assert sorted(result_titles(page)) == sorted(["ماكرون في بيروت", "زيارة رسمية", "ماكرون يعود"])
    marks = page.locator(".result mark").all_inner_texts()
    assert marks and set(marks) == {"ماكرون"}
    assert page.eval_on_selector(".result mark", "e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_choosing_a_person_facet_narrows_the_results(page, site, archive):
    page.goto(site.url + "/search/?q=ماكرون")
    page.click(".facet a:has-text('إيمانويل ماكرون')")
    page.wait_for_selector(".active-filters")
    assert sorted(result_titles(page)) == sorted(["ماكرون يعود", "ماكرون في بيروت"])
    assert "إيمانويل ماكرون" in page.inner_text(".active-filters")
    page.click(".active-filters a")
    page.wait_for_selector(".result")
    assert len(result_titles(page)) == 3


def test_a_date_range_from_the_date_inputs(page, site, archive):
    page.goto(site.url + "/search/?q=ماكرون")
    page.fill("#id_from", "2018-04-01")
    page.fill("#id_to", "2018-04-30")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**from=2018-04-01**")
    assert sorted(result_titles(page)) == sorted(["ماكرون في بيروت", "زيارة رسمية"])


def test_the_suggestion_list_offers_tags_as_you_type(page, site, archive):
    page.goto(site.url + "/")
    page.locator("#site-q").press_sequentially("ايمانو", delay=30)
    page.wait_for_selector("#site-q-suggestions li")
    assert page.get_attribute("#site-q", "aria-expanded") == "true"
    assert "إيمانويل ماكرون" in page.inner_text("#site-q-suggestions")
    page.press("#site-q", "ArrowDown")
    assert page.get_attribute("#site-q-suggestions li", "aria-selected") == "true"
    page.press("#site-q", "Enter")
    page.wait_for_url("**/tags/**")
    assert page.inner_text("h1") == "إيمانويل ماكرون"
