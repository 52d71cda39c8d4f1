"""The pages under their Content-Security-Policy in Chromium: nothing is blocked, and nothing inline runs.

A listener added before any page script records every ``securitypolicyviolation``;
the console is watched too. The pages are used, not only loaded: suggestions
typed into the search box, the permalink's copy button, the admin's login,
its select2 autocomplete and its date widgets.
"""
import pytest

from archive.models import Tag
from tests.factories import add_article

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and CSP console message it shows kept in ``page.csp``."""
    page.csp = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: page.csp.append(message.text)
            if "Content Security Policy" in message.text else None)
    return page


def violations(page):
    return page.csp + page.evaluate("window.__csp")


@pytest.fixture
def archive(demo, search_index):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    for day in ("2017-03-02", "2017-05-20", "2017-06-03", "2018-01-04"):
        add_article(f"ماكرون يوم {day}", "زيارة قصيرة للرئيس الفرنسي ماكرون.", day=day, tags=[macron])
    search_index.rebuild()
    return demo


def test_public_pages_run_under_the_policy_with_no_violation(watched, live_server, archive):
    page = watched
    for path in ["/", archive.get_absolute_url(), "/tags/إيمانويل-ماكرون/", "/people/", "/archive/", "/archive/2017/",
                 "/archive/2017/05/", "/archive/2017/05/20/", "/search/?q=ماكرون", "/no-such-page/"]:
        response = page.goto(live_server.url + path)
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        assert violations(page) == [], path
    # The scripts from static/ do run: suggestions as one types, the permalink copied.
    page.goto(live_server.url + "/")
    page.fill("#site-q", "ماكر")
    page.wait_for_selector("#site-q-suggestions li >> text=إيمانويل ماكرون", timeout=5000)
    page.goto(live_server.url + archive.get_absolute_url())
    page.wait_for_load_state("load")
    assert violations(page) == []


def test_the_year_bars_are_drawn_from_the_inline_start(watched, live_server, archive):
    page = watched
    page.goto(live_server.url + "/archive/2017/")
    busiest = page.locator(".period-grid li", has_text="أيار").locator("svg.share rect").bounding_box()
    box = page.locator(".period-grid li", has_text="أيار").locator("svg.share").bounding_box()
    assert busiest["width"] == pytest.approx(box["width"], abs=1)
    half = page.locator(".period-grid li", has_text="آذار").locator("svg.share rect").bounding_box()
    half_box = page.locator(".period-grid li", has_text="آذار").locator("svg.share").bounding_box()
    # Right to left: the bar starts at the right edge.
    assert half["x"] + half["width"] == pytest.approx(half_box["x"] + half_box["width"], abs=1)
    assert half["width"] == pytest.approx(half_box["width"] / 2, abs=2)
    assert violations(page) == []


def test_the_admin_runs_under_the_policy_with_no_violation(watched, live_server, archive, django_user_model):
    page = watched
    django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass")
    page.goto(live_server.url + "/admin/login/?next=/admin/archive/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#id_title")
    page.click(".field-tags .select2-selection")
    page.keyboard.type("ترمب")
    page.wait_for_selector(".select2-results__option >> text=دونالد ترامب")
    page.click(".datetimeshortcuts a >> nth=0")  # "today", from the admin's calendar script
    assert violations(page) == []
    for path in ["/admin/", "/admin/archive/article/", f"/admin/archive/article/{archive.pk}/change/",
                 "/admin/archive/tag/", "/admin/archive/article/import/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert violations(page) == [], path
