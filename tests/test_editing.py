"""No lost update: two editors open the same article; the second to save is told what changed,
nothing is overwritten."""
import pytest
from django.test import Client

from archive.models import Article, Tag
from tests.pages import change_url, form_fields, opened_form, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(django_user_model):
    first, second = Client(), Client()
    first.force_login(
        django_user_model.objects.create_superuser("hala", "hala@example.org", "pass-1-long", first_name="هالة"))
    second.force_login(django_user_model.objects.create_superuser("omar", "omar@example.org", "pass-2-long"))
    return first, second


def test_the_second_save_is_refused_with_what_changed_and_nothing_is_overwritten(two_editors, demo):
    first, second = two_editors
    seen_by_first, seen_by_second = opened_form(first, demo), opened_form(second, demo)
    assert seen_by_first["version"]

    assert first.post(change_url(demo), {**seen_by_first, "title": "عنوان صحّحته هالة"}).status_code == 302
    response = second.post(change_url(demo), {**seen_by_second, "title": "عنوان كتبه عمر", "lead": "مقدمة عمر"})

    assert response.status_code == 200
    demo.refresh_from_db()
    assert demo.title == "عنوان صحّحته هالة" and demo.lead == ""  # nothing of the second save went in
    page = parse(response)
    notice = page.select_one("#edit-conflict")
    assert "لم يُحفظ تعديلك" in notice.get_text() and "هالة" in notice.get_text()
    row = notice.select_one("tr.conflict-title")
    assert "عنوان صحّحته هالة" in row.select("td")[0].get_text()
    assert [tag.get_text() for tag in row.select("ins")] == ["كتبه عمر"]
    assert [tag.get_text() for tag in row.select("del")] == ["صحّحته هالة"]
    # The second editor's text is still in the form, and saving again is now a decision in view of both.
    assert page.select_one("#id_title")["value"] == "عنوان كتبه عمر"
    again = form_fields(page)
    assert second.post(change_url(demo), again).status_code == 302
    demo.refresh_from_db()
    assert demo.title == "عنوان كتبه عمر" and demo.lead == "مقدمة عمر"


def test_their_changes_to_fields_i_did_not_touch_are_kept(two_editors, demo):
    first, second = two_editors
    seen_by_first, seen_by_second = opened_form(first, demo), opened_form(second, demo)
    first.post(change_url(demo), {**seen_by_first, "lead": "مقدمة هالة", "status": "draft"})
    response = second.post(change_url(demo), {**seen_by_second, "title": "عنوان عمر"})
    page = parse(response)
    assert page.select_one("#id_lead").get_text().strip() == "مقدمة هالة"
    assert page.select_one("#id_status option[selected]")["value"] == "draft"
    assert "لم تغيّره" in page.select_one("tr.conflict-lead").get_text()
    second.post(change_url(demo), form_fields(page))
    demo.refresh_from_db()
    assert (demo.title, demo.lead, demo.status) == ("عنوان عمر", "مقدمة هالة", "draft")


def test_retagging_meanwhile_is_a_conflict_too(two_editors, demo):
    _first, second = two_editors
    seen = opened_form(second, demo)
    extra = Tag.objects.create(kind=Tag.Kind.TOPIC, name="دبلوماسية")
    demo.tags.add(extra)  # as tag_again or an import does: no save of the article
    response = second.post(change_url(demo), {**seen, "title": "عنوان جديد"})
    assert response.status_code == 200
    assert "دبلوماسية" in parse(response).select_one("tr.conflict-tags").get_text()
    assert Article.objects.get(pk=demo.pk).tags.filter(pk=extra.pk).exists()


def test_an_import_meanwhile_is_named_as_such(two_editors, demo):
    _first, second = two_editors
    seen = opened_form(second, demo)
    Article.objects.filter(pk=demo.pk).update(body=demo.body + "\nفقرة أضافها الاستيراد.")
    response = second.post(change_url(demo), {**seen, "title": "عنوان جديد"})
    assert "باستيراد" in parse(response).select_one("#edit-conflict").get_text()


def test_saving_what_nobody_else_changed_just_saves(two_editors, demo):
    first, _second = two_editors
    seen = opened_form(first, demo)
    assert first.post(change_url(demo), {**seen, "title": "عنوان أول"}).status_code == 302
    seen = opened_form(first, demo)
    assert first.post(change_url(demo), {**seen, "title": "عنوان ثانٍ"}).status_code == 302


def test_the_editor_is_told_the_article_was_changed_not_added(two_editors, demo):
    """Django's own Arabic catalog says «نجحت إضافة» (added) here; the archive's catalog says what happened."""
    first, _second = two_editors
    seen = opened_form(first, demo)
    page = parse(first.post(change_url(demo), {**seen, "title": "عنوان معدّل"}, follow=True))
    message = page.select_one(".messagelist").get_text().strip()
    assert message == "عُدِّل مقال «عنوان معدّل» بنجاح."
