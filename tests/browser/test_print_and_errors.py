"""An article printed (Chromium's print-to-PDF, rendered to PNG), and the pages of issue 12 at two widths.

Screenshots go to ``$SCREENSHOT_DIR`` (default: a temporary folder) to be looked at.
"""
import os
import tempfile
from pathlib import Path

import pypdfium2
import pytest

from archive.models import Tag
from tests.factories import SEED_TITLE, add_article, load_demo

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="archive-shots-"))


pytestmark = pytest.mark.django_db  # not transactional: the archive is written once (``site``)

@pytest.fixture(scope="module")
def archive(site, module_index):
    """Written once for the module's tests, which only look at its pages (``site``)."""
    demo = load_demo()
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    for day in ("2017-03-02", "2017-05-20", "2017-06-03", "2017-09-12", "2018-01-04"):
        add_article(f"ماكرون يوم {day}", "زيارة قصيرة للرئيس الفرنسي ماكرون.", day=day, tags=[macron])
    module_index.rebuild()
    return demo


def test_a_printed_article_is_the_article_alone(page, site, archive):
    page.goto(site.url + archive.get_absolute_url())
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4", print_background=True))
    first = pdf[0]
    first.render(scale=1.2).to_pil().save(SHOTS / "article-print.png")
    text = "".join(pdf[number].get_textpage().get_text_range() for number in range(len(pdf)))
    assert site.url + archive.get_absolute_url() in text  # the permalink, written out
    for site_part in ("RSS", "Atom"):  # the footer's feed links
        assert site_part not in text
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [
            '.site-header', '.site-footer', '.search-box', '.permalink button', '.article-neighbours',
        ].map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    assert page.locator("h1.article-title").is_visible()
    assert page.inner_text("h1.article-title").strip() == SEED_TITLE


@pytest.mark.parametrize("width", [1280, 420])
@pytest.mark.parametrize("name, path", [
    ("not-found", "/no-such-page/"),
    ("article", "article"),
    ("tag", "/tags/إيمانويل-ماكرون/"),
    ("search", "/search/?q=ماكرون"),
])
def test_pages_at_two_widths(page, site, archive, width, name, path):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site.url + (archive.get_absolute_url() if path == "article" else path))
    assert response.status == (404 if name == "not-found" else 200)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing pushes the page sideways
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
