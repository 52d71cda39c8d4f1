"""Preview: staff open drafts and scheduled articles at their own address, marked as such; nobody else can."""
import datetime

import pytest
from django.utils import timezone

from archive.models import Article, Source
from tests.pages import change_url, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(db):
    source = Source.objects.create(name="وكالة")
    return {
        "draft": Article.objects.create(title="مسودة لم تنشر", body="نص المسودة.", source=source,
                                        published=timezone.now() - datetime.timedelta(days=1)),
        "scheduled": Article.objects.create(title="مقال مجدول", body="نص المقال المجدول.", source=source,
                                            status=Article.Status.PUBLISHED,
                                            published=timezone.now() + datetime.timedelta(days=1)),
        "public": Article.objects.create(title="مقال منشور", body="نص منشور.", source=source,
                                         status=Article.Status.PUBLISHED,
                                         published=timezone.now() - datetime.timedelta(days=2)),
    }


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_staff_see_a_preview_marked_in_arabic(staff_client, unpublished, kind):
    article = unpublished[kind]
    response = staff_client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = parse(response)
    banner = page.select_one(".preview-banner")
    assert banner is not None and "معاينة للمحررين" in banner.get_text()
    assert ("مجدول" if kind == "scheduled" else "مسودة") in banner.get_text()
    assert page.select_one("h1.article-title").get_text(strip=True) == article.title
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Neighbours and related articles are public ones only.
    assert unpublished["draft"].title not in str(page.select_one(".article-nav") or "")


def test_a_public_article_has_no_banner_even_for_staff(staff_client, unpublished):
    page = parse(staff_client.get(unpublished["public"].get_absolute_url()))
    assert page.select_one(".preview-banner") is None


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_everyone_else_gets_404(client, django_user_model, unpublished, kind):
    url = unpublished[kind].get_absolute_url()
    assert client.get(url).status_code == 404
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pass-word-1")
    client.force_login(reader)  # logged in, but not staff
    assert client.get(url).status_code == 404


def test_view_on_site_of_a_draft_opens_its_preview(staff_client, unpublished):
    draft = unpublished["draft"]
    form = parse(staff_client.get(change_url(draft)))
    link = form.select_one("a.viewsitelink")["href"]
    response = staff_client.get(link, follow=True)
    assert response.redirect_chain[-1][0].endswith(draft.get_absolute_url())
    assert response.status_code == 200 and parse(response).select_one(".preview-banner")


def test_nothing_unpublished_reaches_lists_feeds_or_sitemap(staff_client, unpublished):
    """Even for staff: the lists, feeds and sitemap are the public archive; only the article's own page previews."""
    for url in ("/", "/feeds/rss/", "/feeds/atom/", "/sitemap-articles.xml"):
        content = staff_client.get(url).content.decode()
        assert "مقال منشور" in content or unpublished["public"].get_absolute_url() in content, url
        for kind in ("draft", "scheduled"):
            assert unpublished[kind].title not in content, url
            assert unpublished[kind].get_absolute_url() not in content, url


def test_saving_a_date_far_ahead_warns_the_editor(staff_client, unpublished):
    from tests.pages import opened_form

    article = unpublished["public"]
    data = opened_form(staff_client, article)
    data.update({"published_0": "9999-12-31", "published_1": "10:00:00"})
    response = staff_client.post(change_url(article), data, follow=True)
    assert response.status_code == 200
    messages = [message.message for message in response.context["messages"]]
    assert any("بعيد جدًا" in message and "9999" in message for message in messages), messages
    article.refresh_from_db()
    assert article.is_scheduled
    listing = parse(staff_client.get("/admin/archive/article/"))
    assert "9999" in listing.select_one(".state-scheduled").get_text()
    form = parse(staff_client.get(change_url(article)))
    assert "مجدول" in form.select_one(".field-publication_state .state-scheduled").get_text()

