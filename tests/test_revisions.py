"""Every change to an article is kept (who, when, what), shown as a word diff, and restorable in one click."""
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from archive.importing.tagging import RETAGGED
from archive.importing.writer import UPDATED
from archive.models import Article, ArticleTag, Tag, TagAlias
from archive.revisions import BASELINE, change_of, versions_of
from archive.revisions.compare import recorded_links
from archive.search.archive_search import SearchRequest, search_archive
from tests.factories import add_article
from tests.pages import change_url, opened_form, parse

pytestmark = pytest.mark.django_db

ARTICLE_CHANGES = "/admin/archive/article/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("hala", "hala@example.org", "s3cret-pass", first_name="هالة")


@pytest.fixture
def hala(client, editor):
    client.force_login(editor)
    return client


def kept(article):
    """The article's versions, oldest first, as (user name or None, comment, title, tag names)."""
    rows = []
    for version in versions_of(article.pk):
        fields = version.field_dict
        tags = [tag for tag, _origin in recorded_links(version)]
        names = sorted(Tag.objects.filter(pk__in=tags).values_list("name", flat=True))
        user = version.revision.user
        rows.append((user.username if user else None, version.revision.get_comment(), fields["title"], names))
    return rows


def edit(client, article, **changes):
    response = client.post(change_url(article), {**opened_form(client, article), **changes})
    assert response.status_code == 302, parse(response).select(".errorlist")
    article.refresh_from_db()
    return response


def history_urls(client, article):
    page = parse(client.get(f"{ARTICLE_CHANGES}{article.pk}/history/"))
    return [row.select_one("th a")["href"] for row in page.select("#change-history tbody tr")]


def found(q):
    return [hit.article.pk for hit in search_archive(SearchRequest(q=q)).hits]


def restore_fields(client, url):
    return restore_form(parse(client.get(url)))


def restore_form(page):
    form = page.select_one("form.revision-restore")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_an_admin_save_keeps_the_state_before_and_the_new_one_with_its_editor(hala, demo):
    original = demo.title
    tags = sorted(demo.tags.values_list("name", flat=True))
    edit(hala, demo, title="عنوان صحّحته هالة")
    assert kept(demo) == [
        (None, BASELINE, original, tags),  # the article as the demo stored it, before versions were kept
        ("hala", "تم تغيير العنوان.", "عنوان صحّحته هالة", tags),
    ]
    baseline = versions_of(demo.pk).first()
    assert baseline.revision.date_created < versions_of(demo.pk).last().revision.date_created


def test_a_browsers_crlf_line_ends_are_no_change_of_the_text(hala, demo):
    edit(hala, demo, title="عنوان صحّحته هالة", body=demo.body.replace("\n", "\r\n"))
    assert "\r" not in demo.body
    assert kept(demo)[-1][1] == "تم تغيير العنوان."


def test_bulk_publish_and_unpublish_are_kept_with_the_action_named(hala, demo):
    draft = add_article("خبر لم يُنشر", "نص المسودة.", status="draft")
    hala.post(ARTICLE_CHANGES, {"action": "publish", "_selected_action": [draft.pk, demo.pk]})
    assert Article.objects.get(pk=draft.pk).is_published
    (_, _, _, _), published = kept(draft)
    assert published[:2] == ("hala", "نُشر بإجراء جماعي من قائمة المقالات")
    assert json.loads(versions_of(draft.pk).last().serialized_data)[0]["fields"]["status"] == "published"
    assert len(kept(demo)) == 0  # already published: not changed, nothing kept

    hala.post(ARTICLE_CHANGES, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert kept(draft)[-1][:2] == ("hala", "أُلغي نشره بإجراء جماعي من قائمة المقالات")


def test_tagging_again_from_the_admin_keeps_the_new_tags(hala, demo):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    TagAlias.objects.create(tag=macron, name="ماكرون")
    article = add_article("زيارة رسمية", "وصل ماكرون إلى بيروت أمس.")
    hala.post(ARTICLE_CHANGES, {"action": "tag_again", "_selected_action": [article.pk]})
    (*_, before), (user, comment, _, after) = kept(article)
    assert before == [] and (user, comment) == ("hala", RETAGGED) and "إيمانويل ماكرون" in after


def test_tag_articles_keeps_a_version_of_each_article_it_tags(demo):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    TagAlias.objects.create(tag=macron, name="ماكرون")
    article = add_article("زيارة رسمية", "وصل ماكرون إلى بيروت أمس.")
    call_command("tag_articles", verbosity=0)
    (_, baseline, _, before), (user, comment, _, after) = kept(article)
    assert (baseline, before) == (BASELINE, []) and (user, comment) == (None, RETAGGED)
    assert "إيمانويل ماكرون" in after


def test_import_update_keeps_the_version_it_replaced_and_the_new_one(demo, tmp_path):
    record = {"title": demo.title, "body": demo.body, "lead": "مقدمة جاءت بالتحديث.", "status": "published"}
    path = tmp_path / "update.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), "--update", verbosity=0)
    (_, before), (_, after) = [(v.revision.get_comment(), v.field_dict["lead"]) for v in versions_of(demo.pk)]
    assert before == "" and after == "مقدمة جاءت بالتحديث."
    assert [user for user, *_ in kept(demo)] == [None, None]
    assert [comment for _, comment, *_ in kept(demo)] == [BASELINE, UPDATED]

    call_command("import_articles", str(path), "--update", verbosity=0)  # the same record again: no change
    assert len(kept(demo)) == 2


def test_history_lists_who_when_and_what_changed_in_arabic(hala, demo):
    edit(hala, demo, title="عنوان صحّحته هالة", lead="مقدمة جديدة")
    page = parse(hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/"))
    assert page.html["dir"] == "rtl" and page.html["lang"] == "ar"
    newest, oldest = page.select("#change-history tbody tr")
    assert "هالة" in newest.get_text() and "العنوان، المقدمة" in newest.get_text()
    assert "النسخة الحالية" in newest.get_text()
    assert "لا محرّر" in oldest.get_text() and "أول نسخة محفوظة" in oldest.get_text()
    month = newest.select_one("time").get_text()
    assert any(name in month for name in ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
                                          "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"))


def test_the_version_page_shows_a_word_diff_of_title_body_and_tags(hala, demo):
    original = demo.title
    beirut = Tag.objects.create(kind=Tag.Kind.PLACE, name="بيروت")
    edit(hala, demo, title=original.replace("يجب", "ينبغي"), body=demo.body + "\nفقرة أضافتها هالة.",
         tags=[str(pk) for pk in demo.tags.values_list("pk", flat=True)] + [str(beirut.pk)])
    first = history_urls(hala, demo)[-1]

    page = parse(hala.get(first))  # the first version against the article now: what a restore would do
    title = page.select_one("tr.diff-title")
    assert [d.get_text() for d in title.select("del")] == ["ينبغي"]
    assert [i.get_text() for i in title.select("ins")] == ["يجب"]
    assert [d.get_text() for d in page.select("tr.diff-body del")] == ["¶ فقرة أضافتها هالة."]
    assert [d.get_text() for d in page.select("tr.diff-tags del")] == ["بيروت"]
    assert page.select("tr.diff-tags span")  # the tags kept are listed too
    assert page.select_one("form.revision-restore input[type=submit]")

    latest = parse(hala.get(history_urls(hala, demo)[0] + "?against=previous"))  # what the editor's save changed
    assert [i.get_text() for i in latest.select("tr.diff-title ins")] == ["ينبغي"]
    assert [i.get_text() for i in latest.select("tr.diff-body ins")] == ["فقرة أضافتها هالة."]


def test_restore_puts_the_version_back_through_the_save_and_the_search_follows(
        hala, demo, search_index, django_capture_on_commit_callbacks):
    quake = add_article("زلزال في اليابان", "نص قصير عن الطقس.")
    search_index.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        edit(hala, quake, title="إعصار في الفلبين")
    assert found("زلزال") == []
    first = history_urls(hala, quake)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        response = hala.post(first, restore_fields(hala, first))
    assert response.status_code == 302 and response["Location"] == change_url(quake)
    quake.refresh_from_db()
    assert quake.title == "زلزال في اليابان"
    assert found("زلزال") == [quake.pk] and found("إعصار") == []
    user, comment, title, _ = kept(quake)[-1]
    assert (user, title) == ("hala", "زلزال في اليابان") and comment.startswith("استُرجعت النسخة المحفوظة في ")
    assert len(kept(quake)) == 3
    assert LogEntry.objects.filter(object_id=str(quake.pk), change_message__startswith="استرجاع").exists()
    messages = parse(hala.get(response["Location"])).select(".messagelist .success")
    assert "استُرجعت نسخة" in messages[0].get_text()


def test_restoring_a_version_whose_tags_were_deleted_restores_the_rest_and_names_them(hala, demo):
    tags = set(demo.tags.values_list("name", flat=True))
    edit(hala, demo, title="عنوان جديد", tags=[])
    first = history_urls(hala, demo)[-1]
    gone = Tag.objects.get(name="ماريا زاخاروفا")
    gone.delete()
    Tag.objects.filter(name="ريكس تيلرسون").delete()

    page = parse(hala.get(first))
    assert "ماريا زاخاروفا" in page.select_one(".revision-gone").get_text()
    response = hala.post(first, restore_form(page), follow=True)
    assert response.status_code == 200
    demo.refresh_from_db()
    assert demo.title != "عنوان جديد"
    assert set(demo.tags.values_list("name", flat=True)) == tags - {"ماريا زاخاروفا", "ريكس تيلرسون"}
    warning = parse(response).select_one(".messagelist .warning").get_text()
    assert "«ماريا زاخاروفا»" not in warning  # names listed plainly, joined by the Arabic comma
    assert "ريكس تيلرسون، ماريا زاخاروفا" in warning and "حُذفت" in warning


def test_a_form_opened_before_a_restore_meets_the_conflict_check(hala, demo, django_user_model):
    edit(hala, demo, title="عنوان ثانٍ")
    omar = Client()
    omar.force_login(django_user_model.objects.create_superuser("omar", "omar@example.org", "pass-2-long"))
    seen = opened_form(omar, demo)
    first = history_urls(hala, demo)[-1]
    hala.post(first, restore_fields(hala, first))
    response = omar.post(change_url(demo), {**seen, "lead": "مقدمة عمر"})
    assert response.status_code == 200
    notice = parse(response).select_one("#edit-conflict")
    assert "هالة" in notice.get_text() and notice.select_one("tr.conflict-title")
    demo.refresh_from_db()
    assert demo.lead == ""


def test_a_restore_from_a_page_opened_before_another_change_restores_nothing(hala, demo):
    edit(hala, demo, title="عنوان ثانٍ")
    first = history_urls(hala, demo)[-1]
    fields = restore_fields(hala, first)
    edit(hala, demo, title="عنوان ثالث")
    response = hala.post(first, fields)
    assert response.status_code == 200
    assert "تغيّر المقال بعد أن فتحت هذه الصفحة" in parse(response).select_one(".messagelist .error").get_text()
    demo.refresh_from_db()
    assert demo.title == "عنوان ثالث"
    assert parse(response).select_one("tr.diff-title ins")  # the diff against what is stored now


def test_a_restore_that_would_duplicate_another_article_is_refused_in_arabic(hala, demo):
    original = demo.title
    edit(hala, demo, title="عنوان ثانٍ")
    add_article(original, demo.body.replace("\r\n", "\n"))  # another article now has the first version's text
    first = history_urls(hala, demo)[-1]
    response = hala.post(first, restore_fields(hala, first))
    assert response.status_code == 200
    assert "محفوظ في الأرشيف من قبل" in parse(response).select_one(".messagelist .error").get_text()
    demo.refresh_from_db()
    assert demo.title == "عنوان ثانٍ"


def test_a_deleted_article_is_recovered_from_its_last_version(hala, demo):
    tags = demo.tags.count()
    edit(hala, demo, title="عنوان قبل الحذف")
    pk = demo.pk
    demo.delete()
    page = parse(hala.get(f"{ARTICLE_CHANGES}recover/"))
    link = page.select_one("#content-main tbody a")["href"]
    response = hala.post(link, restore_fields(hala, link))
    assert response.status_code == 302
    assert Article.objects.get(pk=pk).title == "عنوان قبل الحذف"
    assert Article.objects.get(pk=pk).tags.count() == tags


def test_a_version_of_another_article_is_a_404(hala, demo):
    other = add_article("خبر آخر", "نص آخر.")
    edit(hala, other, title="خبر آخر معدّل")
    version = Version.objects.get_for_object(other).first()
    assert hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/{version.pk}/").status_code == 404


def test_a_restore_puts_each_tag_back_as_the_gazetteers_or_an_editors(hala, demo):
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    TagAlias.objects.create(tag=macron, name="ماكرون")
    article = add_article("زيارة رسمية", "وصل ماكرون إلى بيروت أمس.")
    call_command("tag_articles", verbosity=0)
    edit(hala, article, tags=[])
    retagged = history_urls(hala, article)[1]
    hala.post(retagged, restore_fields(hala, retagged))
    assert ArticleTag.objects.get(article=article, tag=macron).origin == ArticleTag.Origin.GAZETTEER


def with_versions(article, editor, count):
    """Give ``article`` ``count`` versions: its baseline, then a title changed by ``editor`` each time."""
    for n in range(1, count):
        with change_of([article.pk], f"تعديل رقم {n}", editor):
            Article.objects.filter(pk=article.pk).update(title=f"العنوان رقم {n}", updated=timezone.now())
    assert versions_of(article.pk).count() == count


@pytest.mark.parametrize("count", [5, 40])
def test_the_history_costs_the_same_few_queries_however_long_it_is(hala, editor, demo, count,
                                                                  django_assert_max_num_queries):
    """It read each version's tags and names apart: 115 queries for 21 versions."""
    with_versions(demo, editor, count)
    with django_assert_max_num_queries(14):
        page = parse(hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/"))
    assert len(page.select("#change-history tbody tr")) == min(count, 20)


def test_a_long_history_is_paged_newest_first_with_arabic_links(hala, editor, demo):
    with_versions(demo, editor, 45)
    first = parse(hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/"))
    assert first.html["dir"] == "rtl"
    rows = first.select("#change-history tbody tr")
    assert [row.select("td")[1].get_text() for row in rows] == [f"تعديل رقم {n}" for n in range(44, 24, -1)]
    assert "النسخة الحالية" in rows[0].get_text() and "العنوان" in rows[-1].get_text()
    pages = first.select_one("nav.revision-pages")
    assert pages["aria-label"] == "صفحات سجل النسخ"
    assert pages.select_one(".revision-count").get_text() == \
        "عدد النسخ: 45، في الصفحة 1 من 3 (من الأحدث إلى الأقدم)"
    older = pages.select_one("a[rel=next]")
    assert older.get_text() == "نسخ أقدم" and older["href"] == "?p=2"

    last = parse(hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/", {"p": 3}))
    rows = last.select("#change-history tbody tr")
    assert [row.select("td")[1].get_text() for row in rows] == [*(f"تعديل رقم {n}" for n in range(4, 0, -1)), BASELINE]
    assert "العنوان" in rows[0].get_text()  # what its version changed, from the version before (on this page)
    assert "أول نسخة محفوظة" in rows[-1].get_text() and "النسخة الحالية" not in last.get_text()
    assert last.select_one("nav.revision-pages a[rel=prev]").get_text() == "نسخ أحدث"
    middle = parse(hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/", {"p": 2}))
    assert "العنوان" in middle.select("#change-history tbody tr")[-1].get_text()  # against page 3's newest
    # A page past the end shows the last one, as Django's paginators do.
    assert parse(hala.get(f"{ARTICLE_CHANGES}{demo.pk}/history/", {"p": 99})).select(
        "#change-history tbody tr")[-1].select("td")[1].get_text() == BASELINE
