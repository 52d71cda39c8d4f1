"""Expensive requests are rationed per client: exports and timeline images answer 429 past their share."""
import pytest
from django.core.cache import caches

from archive.throttle import CACHE_ALIAS

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
