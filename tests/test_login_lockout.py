"""Issue 14: "200 wrong passwords, then the right one accepted". Now the admin's login locks after a few.

django-axes counts failures per user name and address; past LOGIN_FAILURE_LIMIT
(5 by default) that pair is refused for LOGIN_COOLOFF_MINUTES, the right
password included, with an Arabic page that says why and for how long.
"""
import pytest
from django.conf import settings

from tests.pages import parse

pytestmark = pytest.mark.django_db
LOGIN_URL = "/admin/login/"
PASSWORD = "s3cret-pass-for-the-editor"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(client, password, username="editor", address="203.0.113.5"):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)


def logged_in(client):
    return client.get("/admin/").status_code == 200


def test_wrong_passwords_up_to_the_limit_then_even_the_right_one_is_refused(client, editor):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "guess").status_code == 200  # the form again, with its error
    locked = log_in(client, "guess")
    assert locked.status_code == 429
    refused = log_in(client, PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)
    page = parse(refused)
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.select_one("h1").get_text(strip=True) == "محاولات دخول خاطئة كثيرة"
    text = page.select_one(".error-page").get_text(" ", strip=True)
    assert "أُغلق الدخول إلى لوحة المحررين مؤقتًا" in text and "(5)" in text
    assert "أعد المحاولة بعد 30" in text  # minutes, in Arabic


def test_the_lock_is_for_that_name_from_that_address_only(client, editor, django_user_model):
    django_user_model.objects.create_superuser("other", "other@example.org", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 429
    assert log_in(client, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert log_in(client, PASSWORD, username="other").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302


def test_behind_a_proxy_the_lock_is_for_the_client_not_the_proxy(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": "editor", "password": "guess", "next": "/admin/"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert log_in(client, PASSWORD, address="10.0.0.2").status_code == 302  # another client, same proxy
