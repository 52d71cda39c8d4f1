"""The editors' admin: Arabic, right to left, staff only, and it refuses duplicates with a clear error."""
import json

import pytest

from archive.models import Article, Tag, TagAlias
from tests.factories import SEED_TITLE
from tests.pages import parse

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/archive/article/add/"


def article_form(source, tag, **overrides):
    data = {
        "title": "عنوان مقال جديد",
        "lead": "",
        "body": "نص مقال جديد عن الدبلوماسية",
        "published_0": "2018-03-01",
        "published_1": "10:00:00",
        "source": source.pk,
        "dateline": "",
        "url": "https://example.org/new",
        "status": "published",
        "tags": [tag.pk],
    }
    data.update(overrides)
    return data


def test_visitors_who_are_not_staff_are_sent_to_login(client, django_user_model):
    response = client.get("/admin/archive/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    reader = django_user_model.objects.create_user("reader", password="reader-pass-1")
    client.force_login(reader)
    response = client.get("/admin/archive/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_speaks_arabic_right_to_left(client):
    page = parse(client.get("/admin/login/"))
    assert page.html["dir"] == "rtl"
    assert page.html["lang"] == "ar"
    assert "اسم المستخدم" in page.get_text()


def test_article_list_searches_filters_and_has_a_date_hierarchy(staff_client, demo, search_index):
    search_index.rebuild()  # the list's search box asks the search engine (tests/test_admin_search.py)
    listing = parse(staff_client.get("/admin/archive/article/", {"q": "لافروف"}))
    assert [a.get_text(strip=True) for a in listing.select("#result_list tbody th a")] == [SEED_TITLE]
    assert "2017" in listing.select_one("nav.toplinks").get_text()
    tag = Tag.objects.get(name="دونالد ترامب")
    by_tag = parse(staff_client.get("/admin/archive/article/", {"tags__id__exact": tag.pk}))
    assert len(by_tag.select("#result_list tbody tr")) == 1
    drafts = parse(staff_client.get("/admin/archive/article/", {"status__exact": "draft"}))
    assert not drafts.select("#result_list tbody tr")
    by_source = parse(staff_client.get("/admin/archive/article/", {"source__id__exact": demo.source.pk}))
    assert len(by_source.select("#result_list tbody tr")) == 1


def test_tags_are_picked_by_autocomplete_with_aliases(staff_client, demo):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "archive", "model_name": "article", "field_name": "tags", "term": "ترمب"},
    )
    names = [item["text"] for item in json.loads(response.content)["results"]]
    assert names == ["دونالد ترامب"]


def test_editor_adds_an_article(staff_client, demo):
    tag = Tag.objects.get(name="دونالد ترامب")
    response = staff_client.post(ADD_URL, article_form(demo.source, tag))
    assert response.status_code == 302
    article = Article.objects.get(title="عنوان مقال جديد")
    assert list(article.tags.all()) == [tag]
    assert article.is_published


def test_same_text_again_is_a_form_error_and_nothing_is_saved(staff_client, demo):
    tag = Tag.objects.get(name="دونالد ترامب")
    response = staff_client.post(
        ADD_URL, article_form(demo.source, tag, title=demo.title, body=demo.body, url="")
    )
    assert response.status_code == 200
    errors = parse(response).select(".errorlist")
    assert any("محفوظ في الأرشيف" in e.get_text() for e in errors)
    assert Article.objects.count() == 1


def test_same_url_again_is_a_form_error(staff_client, demo):
    demo.url = "https://sana.sy/?p=1"
    demo.save()
    tag = Tag.objects.get(name="دونالد ترامب")
    response = staff_client.post(ADD_URL, article_form(demo.source, tag, url=demo.url))
    assert response.status_code == 200
    assert "هذا الرابط محفوظ" in parse(response).select_one(".field-url .errorlist").get_text()
    assert Article.objects.count() == 1


def test_publish_and_unpublish_actions(staff_client, demo, client):
    changelist = "/admin/archive/article/"
    staff_client.post(changelist, {"action": "unpublish", "_selected_action": [demo.pk]})
    demo.refresh_from_db()
    assert not demo.is_published
    staff_client.post(changelist, {"action": "publish", "_selected_action": [demo.pk]})
    demo.refresh_from_db()
    assert demo.is_published


def test_aliases_are_edited_on_the_tag(staff_client, db):
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    response = staff_client.post(
        f"/admin/archive/tag/{tag.pk}/change/",
        {
            "kind": "person", "name": tag.name, "slug": tag.slug,
            "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": "ايمانويل ماكرون", "aliases-0-id": "", "aliases-0-tag": tag.pk,
        },
    )
    assert response.status_code == 302
    assert list(TagAlias.objects.filter(tag=tag).values_list("name", flat=True)) == ["ايمانويل ماكرون"]


def test_a_second_tag_of_the_same_name_and_kind_is_a_form_error(staff_client, db):
    Tag.objects.create(kind=Tag.Kind.PLACE, name="دمشق")
    response = staff_client.post(
        "/admin/archive/tag/add/",
        {
            "kind": "place", "name": "دمشق", "slug": "",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "يوجد وسم من النوع نفسه" in parse(response).get_text()
    assert Tag.objects.filter(name="دمشق").count() == 1


def test_tag_of_another_kind_with_an_alike_name_gets_its_own_slug(staff_client, db):
    Tag.objects.create(kind=Tag.Kind.PLACE, name="دمشق")
    response = staff_client.post(
        "/admin/archive/tag/add/",
        {
            "kind": "topic", "name": "دمشق", "slug": "",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert sorted(Tag.objects.filter(name="دمشق").values_list("slug", flat=True)) == ["دمشق", "دمشق-2"]
