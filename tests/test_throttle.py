"""Expensive requests are rationed per client: exports and timeline images answer 429 past their share."""
import pytest
from django.core.cache import caches

from archive.serving.throttle import CACHE_ALIAS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def test_the_eleventh_export_in_a_minute_waits_and_says_why(client, demo, search_index):
    search_index.rebuild()
    statuses = [client.get("/search/export.csv", {"q": "لافروف"}).status_code for _ in range(10)]
    assert statuses == [200] * 10
    refused = client.get("/search/export.json", {"q": "لافروف"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "انتظر" in refused.content.decode("utf-8")


def test_another_client_keeps_its_own_share(client, demo, search_index):
    search_index.rebuild()
    for _ in range(11):
        client.get("/search/export.csv", {"q": "لافروف"})
    other = client.get("/search/export.csv", {"q": "لافروف"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_pages_are_not_rationed(client, demo, search_index):
    search_index.rebuild()
    assert {client.get("/search/", {"q": "لافروف"}).status_code for _ in range(40)} == {200}


PROXY = "10.0.0.2"  # every request reaches the site from the reverse proxy


def export_from(client, forwarded_for):
    return client.get("/search/export.csv", {"q": "لافروف"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_a_proxy_each_client_keeps_its_own_share(client, demo, search_index, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    search_index.rebuild()
    assert [export_from(client, "198.51.100.1").status_code for _ in range(11)][-1] == 429
    assert export_from(client, "198.51.100.2").status_code == 200


def test_a_client_cannot_escape_its_share_by_writing_the_header_itself(client, demo, search_index, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    search_index.rebuild()
    # The proxy appends the address it saw; what the client wrote stays on the left and is never read.
    statuses = [export_from(client, f"192.0.2.{n}, 198.51.100.1").status_code for n in range(11)]
    assert statuses[-1] == 429


def test_without_a_declared_proxy_the_header_is_ignored(client, demo, search_index):
    search_index.rebuild()
    statuses = [export_from(client, f"192.0.2.{n}").status_code for n in range(11)]
    assert statuses[-1] == 429
