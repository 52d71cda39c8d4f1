"""The date archive walked by clicking, a tag's timeline read right to left, and axe on both."""
import pytest

from archive.models import Tag
from tests.browser.accessibility import assert_accessible
from tests.factories import add_article

pytestmark = pytest.mark.django_db(transaction=True)

@pytest.fixture
def browse_archive():
    putin = Tag.objects.create(kind=Tag.Kind.PERSON, name="فلاديمير بوتين")
    moscow = Tag.objects.create(kind=Tag.Kind.PLACE, name="موسكو")
    add_article("بوتين في شباط", "نص.", day="2017-02-28", tags=[putin, moscow])
    add_article("بوتين في أيار", "نص.", day="2017-05-10", tags=[putin])
    add_article("بوتين مرة أخرى", "نص.", day="2017-05-10", tags=[putin, moscow])
    add_article("بوتين في الشتاء", "نص.", day="2018-01-15", tags=[putin])
    return putin


def test_date_archive_is_walked_by_clicking(page, live_server, browse_archive):
    page.goto(live_server.url + "/archive/")
    assert_accessible(page)
    page.click(".period-grid a >> text=2017")
    page.wait_for_url("**/archive/2017/")
    assert_accessible(page)
    page.click(".period-grid a >> text=أيار - مايو")
    page.wait_for_url("**/archive/2017/05/")
    assert page.inner_text("h1") == "أرشيف أيار - مايو 2017"
    assert_accessible(page)
    page.click(".month-calendar a[href$='/05/10/']")
    page.wait_for_url("**/archive/2017/05/10/")
    assert page.inner_text("h1") == "الأربعاء 10 أيار - مايو 2017"
    assert page.inner_text(".hijri-date") == "14 شعبان 1438 هـ"
    assert page.locator(".card").count() == 2
    assert_accessible(page)
    page.click("a[rel=prev]")
    page.wait_for_url("**/archive/2017/02/28/")
    page.click("a[rel=next]")
    page.wait_for_url("**/archive/2017/05/10/")


def test_older_neighbour_is_on_the_right(page, live_server, browse_archive):
    page.goto(live_server.url + "/archive/2017/05/")
    older = page.locator("a[rel=prev]").bounding_box()
    newer = page.locator("a[rel=next]").bounding_box()
    assert older["x"] > newer["x"]


def test_tag_timeline_reads_right_to_left(page, live_server, browse_archive):
    page.goto(live_server.url + browse_archive.get_absolute_url())
    chart = page.locator("svg.timeline-chart")
    assert chart.get_attribute("role") == "img"
    bars = page.locator("svg.timeline-chart rect.bar")
    assert bars.count() == 3
    oldest, newest = bars.first.bounding_box(), bars.last.bounding_box()
    assert bars.first.get_attribute("data-month") == "2017-02"
    assert bars.last.get_attribute("data-month") == "2018-01"
    assert oldest["x"] > newest["x"]  # the oldest month stands at the right
    assert oldest["height"] == pytest.approx(newest["height"], abs=1)  # one article each
    assert page.locator("rect.bar[data-month='2017-05']").bounding_box()["height"] > oldest["height"]
    assert_accessible(page)
