"""The English interface in Chromium: the switch, and pages that read left to right at two widths.

Screenshots of home, search results, an article, a tag and a month in English go to
``$SCREENSHOT_DIR`` (default: a temporary folder) to be looked at.
"""
import os
import tempfile
from pathlib import Path

import pytest

from archive.models import Tag
from tests.factories import SEED_TITLE, add_article, load_demo

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="archive-shots-"))
SEARCH = "/search/?q=لافروف"


pytestmark = pytest.mark.django_db  # not transactional: the archive is written once (``site``)

@pytest.fixture(scope="module")
def archive(site, module_index):
    """Written once for the module's tests, which only look at its pages (``site``)."""
    demo = load_demo()
    lavrov = Tag.objects.get(name="سيرغي لافروف")
    for day in ("2017-03-02", "2017-06-03", "2018-01-04"):
        add_article(f"لافروف يوم {day}", "تصريح قصير لوزير الخارجية الروسي لافروف.", day=day, tags=[lavrov])
    module_index.rebuild()
    return demo


def nav_lefts(page):
    return page.eval_on_selector_all(".site-nav li", "items => items.map(item => item.getBoundingClientRect().left)")


def switch_to_english(page, site, path):
    page.goto(site.url + path)
    assert page.eval_on_selector("html", "e => [e.lang, e.dir]") == ["ar", "rtl"]
    with page.expect_navigation():
        page.click("form.language-switch button")
    assert page.url == site.url + page.evaluate("location.pathname + location.search")


def test_the_switch_turns_the_same_page_english_and_left_to_right(page, site, archive):
    page.goto(site.url + "/")
    arabic = nav_lefts(page)
    assert arabic == sorted(arabic, reverse=True)  # Arabic: the first section at the right
    switch_to_english(page, site, SEARCH)
    assert page.evaluate("decodeURIComponent(location.pathname + location.search)") == SEARCH
    assert page.eval_on_selector("html", "e => [e.lang, e.dir, getComputedStyle(e).direction]") == ["en", "ltr", "ltr"]
    assert page.inner_text(".site-nav li:first-child") == "Latest"
    english = nav_lefts(page)
    assert english == sorted(english)  # English: the first section at the left, the rest following
    header = page.eval_on_selector(".site-header .wrap", "e => e.getBoundingClientRect().left")
    brand = page.eval_on_selector(".brand", "e => e.getBoundingClientRect().left")
    assert brand - header < 40  # the site's name starts the header at the left
    card = page.eval_on_selector(".search-results .card-title", """e => {
        const box = e.getBoundingClientRect(), parent = e.closest('.card').getBoundingClientRect();
        return [box.left - parent.left, parent.right - box.right]; }""")
    assert card[0] < card[1] or card[0] < 30  # a result's title starts at the card's left

    page.goto(site.url + archive.get_absolute_url())  # the choice holds from page to page
    assert page.inner_text("h1") == SEED_TITLE  # an article is never translated
    assert page.inner_text(".article-tags h2") == "Tags"
    page.click("form.language-switch button")  # and back
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.eval_on_selector("html", "e => e.dir") == "rtl"


@pytest.mark.parametrize("width", [1280, 420])
def test_english_pages_at_two_widths(page, site, archive, width):
    switch_to_english(page, site, "/")
    page.set_viewport_size({"width": width, "height": 900})
    pages = [("home", "/"), ("search", SEARCH), ("article", archive.get_absolute_url()),
             ("tag", "/tags/سيرغي-لافروف/"), ("month", "/archive/2017/5/")]
    for name, path in pages:
        page.goto(site.url + path)
        assert page.eval_on_selector("html", "e => e.lang") == "en"
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing pushes the page sideways
        page.screenshot(path=str(SHOTS / f"english-{name}-{width}.png"), full_page=True)
