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
