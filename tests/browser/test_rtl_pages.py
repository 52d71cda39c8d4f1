"""The home page and the seed article render right to left in a real browser."""
import pytest

from tests.factories import SEED_TITLE

pytestmark = pytest.mark.django_db(transaction=True)


def layout_of(page, selector):
    """Where the browser put an element, and the direction it computed for it."""
    return page.eval_on_selector(
        selector,
        """element => {
            const box = element.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(element);
            const text = range.getBoundingClientRect();
            const parent = element.parentElement;
            const parentStyle = getComputedStyle(parent);
            const parentContentRight = parent.getBoundingClientRect().right
                - parseFloat(parentStyle.borderRightWidth) - parseFloat(parentStyle.paddingRight);
            return {
                direction: getComputedStyle(element).direction,
                right: box.right, parentRight: parentContentRight,
                textRight: text.right, textLeft: text.left, left: box.left,
            };
        }""",
    )


def assert_right_aligned(layout):
    assert layout["direction"] == "rtl"
    # The element's box starts at the right edge of its container's content.
    assert abs(layout["right"] - layout["parentRight"]) < 2, layout
    # The text hugs the right edge of its box; any slack is on the left.
    assert layout["right"] - layout["textRight"] < 2, layout


def test_home_page_renders_right_to_left(page, live_server, demo):
    page.goto(live_server.url + "/")
    assert page.eval_on_selector("html", "e => [e.dir, e.lang]") == ["rtl", "ar"]
    assert page.inner_text(".card-title") == SEED_TITLE
    assert_right_aligned(layout_of(page, ".card-title"))


def test_seed_article_renders_right_to_left(page, live_server, demo):
    page.goto(live_server.url + demo.get_absolute_url())
    assert page.inner_text("h1") == SEED_TITLE
    assert_right_aligned(layout_of(page, "h1.article-title"))
    assert_right_aligned(layout_of(page, ".article-body p:last-child"))
    page.click("a.tag-person >> text=دونالد ترامب")
    page.wait_for_url("**/tags/**")
    assert page.inner_text("h1") == "دونالد ترامب"
