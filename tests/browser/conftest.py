"""Debian's Chromium driven by Playwright, against Django's live test server.

Never a browser download: Playwright is pointed at /usr/bin/chromium, which
`make test` installs from the system packages.
"""
import os

import pytest
from django.core.management import call_command
from django.test.utils import modify_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the Django ORM
# calls the tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    """One browser for the session (Playwright gives it a fresh, throwaway profile)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A tab in a context of its own: no cookie and no kept-alive connection outlives the test
    (a kept-alive connection would keep the live server's thread, and its search index, too)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    yield context.new_page()
    context.close()


@pytest.fixture
def editors(django_user_model):
    """Two editors with the password ``admin_session.log_in`` types: هالة (hala, named) and omar."""
    from tests.browser.admin_session import PASSWORD

    django_user_model.objects.create_superuser("hala", "hala@example.org", PASSWORD, first_name="هالة")
    django_user_model.objects.create_superuser("omar", "omar@example.org", PASSWORD)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A live server over an archive that a module writes once and its tests only look at.

    pytest-django's ``live_server`` makes each test transactional: the database
    is emptied after it, and the archive and its index are written again for
    the next (seconds a test). A module of pages only looked at asks for
    ``site`` instead, a server of the module's own (pytest-django's, not its
    fixture): its module-scoped archive fixture writes committed rows (the
    server's threads read them), and the module's end empties the database as
    a transactional test's end would. Its tests are marked ``django_db`` (not
    transactional), which has the test database made.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        try:
            with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
