"""The newsroom in Chromium: two editors on one article, a lead image from upload to page and feed, the list's filters.

Set SCREENSHOT_DIR to keep screenshots of the list, the change form and the
conflict notice at 1280 and 420 pixels wide.
"""
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from archive.models import Article, Tag
from tests.browser.admin_session import log_in, shoot

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_editors_and_the_second_is_told_what_changed(chromium, live_server, demo, editors):
    hala_context, hala = log_in(chromium, live_server, "hala")
    omar_context, omar = log_in(chromium, live_server, "omar")
    try:
        url = f"{live_server.url}/admin/archive/article/{demo.pk}/change/"
        hala.goto(url)
        omar.goto(url)
        shoot(omar, "admin-change-form")
        hala.fill("#id_title", "لافروف: أي قمة بين بوتين وترامب يجب أن تخرج بنتائج")
        hala.click("input[name=_save]")
        hala.wait_for_selector(".messagelist .success")

        omar.fill("#id_title", "لافروف يطالب بنتائج ملموسة من أي قمة")
        omar.fill("#id_lead", "مقدمة كتبها عمر.")
        omar.click("input[name=_save]")
        notice = omar.wait_for_selector("#edit-conflict")
        assert "لم يُحفظ تعديلك" in notice.inner_text() and "هالة" in notice.inner_text()
        # Only the title changed: the body's lines, posted back with CRLF by Hala's browser, are no change.
        assert omar.locator("#edit-conflict tbody tr").evaluate_all("rows => rows.map(r => r.className)") == [
            "conflict-title"]
        assert omar.input_value("#id_title") == "لافروف يطالب بنتائج ملموسة من أي قمة"
        assert omar.eval_on_selector("#edit-conflict", "e => getComputedStyle(e).direction") == "rtl"
        shoot(omar, "admin-conflict")
        demo.refresh_from_db()
        assert demo.title == "لافروف: أي قمة بين بوتين وترامب يجب أن تخرج بنتائج" and demo.lead == ""

        omar.click("input[name=_save]")  # now knowingly, with both versions in view
        omar.wait_for_selector(".messagelist .success")
        demo.refresh_from_db()
        assert demo.title == "لافروف يطالب بنتائج ملموسة من أي قمة" and demo.lead == "مقدمة كتبها عمر."
    finally:
        hala_context.close()
        omar_context.close()


def test_an_editor_uploads_a_lead_image_and_sees_it_on_the_page_and_in_the_feed(
        chromium, live_server, demo, editors, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = tmp_path / "الوزيران.jpg"
    Image.new("RGB", (640, 360), "teal").save(picture, "JPEG")
    context, page = log_in(chromium, live_server, "hala")
    try:
        page.goto(f"{live_server.url}/admin/archive/article/{demo.pk}/change/")
        page.set_input_files("#id_image", str(picture))
        page.fill("#id_image_caption", "لافروف وتيلرسون في موسكو")
        page.fill("#id_image_credit", "سانا")
        page.fill("#id_author", "مراسل سانا")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")

        page.goto(live_server.url + demo.get_absolute_url())
        image = page.wait_for_selector("figure.lead-image img")
        assert image.evaluate("img => img.complete && img.naturalWidth") == 640
        assert "لافروف وتيلرسون في موسكو" in page.inner_text("figure.lead-image figcaption")
        assert "مراسل سانا" in page.inner_text(".byline")

        feed = ET.fromstring(page.context.request.get(live_server.url + "/feeds/rss/").body())
        enclosure = feed.find("channel/item/enclosure")
        assert enclosure.get("type") == "image/jpeg"
        assert page.context.request.get(enclosure.get("url")).status == 200
    finally:
        context.close()


def test_the_tag_filter_is_an_autocomplete_box(chromium, live_server, demo, editors):
    Tag.objects.bulk_create([Tag(kind=Tag.Kind.TOPIC, name=f"موضوع {n}", slug=f"t-{n}") for n in range(300)])
    Article.objects.create(title="خبر آخر", body="نص آخر لا وسم فيه.", status="published")
    context, page = log_in(chromium, live_server, "hala")
    try:
        page.goto(live_server.url + "/admin/archive/article/")
        assert page.inner_text(".paginator").split() == "مقالان".split()
        shoot(page, "admin-list")
        page.click("#changelist-filter details[data-filter-title='الوسوم'] .select2-selection")
        page.keyboard.type("ترمب")
        page.click(".select2-results__option >> text=دونالد ترامب")
        page.wait_for_url("**tags__id__exact=*")
        assert page.locator("#result_list tbody tr").count() == 1
        assert page.inner_text(".paginator").split() == "مقال واحد".split()
        shoot(page, "admin-list-filtered")
    finally:
        context.close()
