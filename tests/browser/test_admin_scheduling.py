"""The editor's side in Chromium: the admin's search finds re-spelled names, scheduling, and previews.

The clock is time-machine's: moved for the test and for the live server's
thread alike, so "a minute later" takes no minute. Set SCREENSHOT_DIR to
keep screenshots of the article list with a scheduled article, and of a
draft's preview, at 1280 and 420 pixels wide.
"""
import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from archive.models import Article, Source
from tests.browser.admin_session import shoot

pytestmark = pytest.mark.django_db(transaction=True)
NOW = timezone.make_aware(datetime.datetime(2026, 5, 10, 11, 58, 30))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def newsroom(time_machine, search_index, django_user_model):
    time_machine.move_to(NOW, tick=True)
    django_user_model.objects.create_superuser("hala", "hala@example.org", "s3cret-pass")
    source = Source.objects.create(name="وكالة الأنباء")
    day = NOW - datetime.timedelta(days=3)
    made = {
        "published": Article.objects.create(title="أمريكا تفرض رسومًا جديدة", body="أعلنت أمريكا رسومًا جمركية.",
                                            source=source, status=Article.Status.PUBLISHED, published=day),
        "draft": Article.objects.create(title="مسودة: قمة أَمْرِيكِيَّة مرتقبة", body="تستعد أمريكا لقمة.",
                                        source=source, published=day),
        "breaking": Article.objects.create(title="اتفاق تجاري بين الصين وكندا", body="وقّعت الصين وكندا اتفاقًا.",
                                           source=source, published=day),
        "other": Article.objects.create(title="أمطار غزيرة في دمشق", body="هطلت أمطار غزيرة.", source=source,
                                        status=Article.Status.PUBLISHED, published=day),
    }
    search_index.rebuild()
    return made


@pytest.fixture
def editor(chromium, live_server, newsroom):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "hala")
    page.fill("#id_password", "s3cret-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    yield page
    context.close()


def listed_titles(page):
    return [title.strip() for title in page.locator("#result_list tbody th a").all_inner_texts()]


def test_the_admin_search_finds_a_re_spelled_name_drafts_included(editor, live_server):
    editor.goto(live_server.url + "/admin/archive/article/")
    editor.fill("#searchbar", "امريكا")
    editor.press("#searchbar", "Enter")
    editor.wait_for_selector("#result_list")
    assert set(listed_titles(editor)) == {"أمريكا تفرض رسومًا جديدة", "مسودة: قمة أَمْرِيكِيَّة مرتقبة"}


def test_a_draft_is_previewed_by_its_editor_and_hidden_from_readers(editor, live_server, page, newsroom):
    draft = newsroom["draft"]
    editor.goto(f"{live_server.url}/admin/archive/article/{draft.pk}/change/")
    editor.click("a.viewsitelink")
    editor.wait_for_url("**" + draft.get_absolute_url())
    preview = editor
    assert preview.url.endswith(draft.get_absolute_url())
    assert "معاينة للمحررين" in preview.inner_text(".preview-banner")
    assert preview.inner_text("h1") == draft.title
    shoot(preview, "article-preview")
    assert page.goto(live_server.url + draft.get_absolute_url()).status == 404  # a reader's tab


def test_an_article_scheduled_a_minute_ahead_appears_on_time(editor, live_server, page, newsroom, time_machine):
    breaking = newsroom["breaking"]
    due = (timezone.localtime() + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    editor.goto(f"{live_server.url}/admin/archive/article/{breaking.pk}/change/")
    editor.fill("#id_published_0", f"{due:%Y-%m-%d}")
    editor.fill("#id_published_1", f"{due:%H:%M:%S}")
    editor.select_option("#id_status", "published")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist")
    assert "المقال مجدول" in editor.inner_text(".messagelist")
    state = editor.locator("#result_list tbody tr", has_text=breaking.title).locator(".state-scheduled")
    assert state.inner_text().startswith("مجدول") and f"{due:%H:%M}" in state.inner_text()
    shoot(editor, "admin-list-scheduled")

    def reader_sees():
        home = page.goto(live_server.url + "/")
        assert home.status == 200
        on_home = breaking.title in page.inner_text("main")
        page.goto(live_server.url + "/search/?q=" + "كندا")
        in_search = breaking.title in page.inner_text("main")
        feed = feedparser.parse(page.request.get(live_server.url + "/feeds/atom/").body())
        sitemap = ET.fromstring(page.request.get(live_server.url + "/sitemap-articles.xml").body())
        article = page.request.get(live_server.url + breaking.get_absolute_url()).status
        return {
            "home": on_home, "search": in_search,
            "feed": breaking.title in [entry.title for entry in feed.entries],
            "sitemap": any(loc.text.endswith(breaking.get_absolute_url()) for loc in sitemap.iter(f"{SITEMAP}loc")),
            "article": article,
        }

    assert reader_sees() == {"home": False, "search": False, "feed": False, "sitemap": False, "article": 404}
    time_machine.move_to(due + datetime.timedelta(seconds=5), tick=True)
    assert reader_sees() == {"home": True, "search": True, "feed": True, "sitemap": True, "article": 200}
    editor.reload()
    assert editor.locator("#result_list tbody tr", has_text=breaking.title).locator(".state-scheduled").count() == 0
