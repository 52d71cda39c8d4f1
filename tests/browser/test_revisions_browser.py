"""An editor edits an article twice, reads its history and the diff, and restores the first version.

Set SCREENSHOT_DIR to keep screenshots of the history list and of a version's diff and restore page
at 1280 and 420 pixels wide.
"""
import pytest
from playwright.sync_api import expect

from tests.browser.admin_session import log_in, shoot

pytestmark = pytest.mark.django_db(transaction=True)
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
          "ديسمبر")


def save_title(page, url, title):
    page.goto(url)
    page.fill("#id_title", title)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def test_an_editor_restores_the_first_version_and_the_site_shows_it(chromium, live_server, demo, editors):
    first_title = demo.title
    context, page = log_in(chromium, live_server, "hala")
    try:
        change = f"{live_server.url}/admin/archive/article/{demo.pk}/change/"
        save_title(page, change, first_title.replace("يجب أن يخرج", "ينبغي أن يخرج"))
        save_title(page, change, "لافروف يطالب بنتائج ملموسة من أي قمة")

        page.goto(change)
        page.click("a.historylink")
        rows = page.locator("#change-history tbody tr")
        expect(rows).to_have_count(3)  # the demo's text, then each save (waits for the history page)
        assert "هالة" in rows.nth(0).inner_text() and "النسخة الحالية" in rows.nth(0).inner_text()
        assert any(month in rows.nth(0).locator("time").inner_text() for month in MONTHS)
        assert page.eval_on_selector("#change-history", "e => getComputedStyle(e).direction") == "rtl"
        shoot(page, "admin-history")

        rows.nth(2).locator("th a").click()  # the first version: the article as the demo stored it
        diff = page.wait_for_selector("tr.diff-title .word-diff")
        assert "يطالب" in " ".join(page.locator("tr.diff-title del").all_inner_texts())  # goes with the restore
        assert "يجب أن يخرج" in " ".join(page.locator("tr.diff-title ins").all_inner_texts())  # comes back
        assert diff.evaluate("e => getComputedStyle(e).direction") == "rtl"
        shoot(page, "admin-version")

        page.click("form.revision-restore input[type=submit]")
        page.wait_for_selector(".messagelist .success")
        assert "استُرجعت نسخة" in page.inner_text(".messagelist")
        assert page.input_value("#id_title") == first_title

        page.goto(live_server.url + demo.get_absolute_url())
        assert page.inner_text("h1.article-title") == first_title
        page.goto(change)
        page.click("a.historylink")
        expect(page.locator("#change-history tbody tr")).to_have_count(4)  # waits for the history page
        assert "استُرجعت النسخة المحفوظة في" in page.locator("#change-history tbody tr").nth(0).inner_text()
    finally:
        context.close()


def test_a_long_history_is_read_a_page_at_a_time(chromium, live_server, demo, editors):
    from django.contrib.auth import get_user_model

    from tests.test_revisions import with_versions

    with_versions(demo, get_user_model().objects.get(username="hala"), 45)
    context, page = log_in(chromium, live_server, "hala")
    try:
        page.goto(f"{live_server.url}/admin/archive/article/{demo.pk}/history/")
        rows = page.locator("#change-history tbody tr")
        assert rows.count() == 20 and "النسخة الحالية" in rows.nth(0).inner_text()
        pages = page.locator("nav.revision-pages")
        assert pages.evaluate("e => getComputedStyle(e).direction") == "rtl"
        shoot(page, "admin-history-paged")
        pages.locator("a[rel=next]").click()
        page.wait_for_url("**/history/?p=2")
        assert page.locator("nav.revision-pages .this-page").inner_text() == "2"
        assert "تعديل رقم 24" in rows.nth(0).inner_text() and rows.count() == 20
    finally:
        context.close()
