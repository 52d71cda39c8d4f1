"""An editor logs in and adds an article through the admin, tags picked by autocomplete."""
import pytest

from archive.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_logs_in_and_adds_an_article(page, live_server, demo, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass")
    page.goto(live_server.url + "/admin/archive/article/add/")
    assert page.eval_on_selector("html", "e => [e.dir, e.lang]") == ["rtl", "ar"]
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#id_title")

    page.fill("#id_title", "ترامب يستقبل لافروف في البيت الأبيض")
    page.fill("#id_body", "استقبل الرئيس الأمريكي وزير الخارجية الروسي في المكتب البيضوي.")
    page.fill("#id_published_0", "2017-05-10")
    page.fill("#id_published_1", "12:00:00")
    page.select_option("#id_status", "published")
    # Tags through the select2 autocomplete: typing an alias finds the tag.
    page.click(".field-tags .select2-selection")
    page.keyboard.type("ترمب")
    page.click(".select2-results__option >> text=دونالد ترامب")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get(title="ترامب يستقبل لافروف في البيت الأبيض")
    assert [tag.name for tag in article.tags.all()] == ["دونالد ترامب"]
    page.goto(live_server.url + article.get_absolute_url())
    assert page.inner_text("h1") == article.title


def test_editor_edits_unpublishes_and_publishes_in_the_browser(page, live_server, demo, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass")
    page.goto(live_server.url + "/admin/login/?next=/admin/archive/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")

    page.click(f"#result_list a[href$='/{demo.pk}/change/']")
    page.fill("#id_lead", "مقدمة أضافها المحرر.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    demo.refresh_from_db()
    assert demo.lead == "مقدمة أضافها المحرر."

    def run_action(action):
        page.check(f"#result_list input[name=_selected_action][value='{demo.pk}']")
        page.select_option("select[name=action]", action)
        page.click("button[name=index]")
        page.wait_for_selector(".messagelist .success")
        demo.refresh_from_db()

    reader = page.context.browser.new_context()  # no session: the editor's own tab would get the preview
    try:
        run_action("unpublish")
        assert not demo.is_published
        assert reader.request.get(live_server.url + demo.get_absolute_url()).status == 404
        assert page.context.request.get(live_server.url + demo.get_absolute_url()).status == 200  # a preview
        run_action("publish")
        assert demo.is_published
        assert reader.request.get(live_server.url + demo.get_absolute_url()).status == 200
    finally:
        reader.close()
