"""One client cannot take more than its share of the workers: its expensive requests run one at a time.

The other request is held by another process, as another gunicorn worker
would hold it: a lock the kernel shares between processes.
"""
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive.serving.fair_share import slot_path
from tests.pages import parse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

HOLD = """
import fcntl, sys, time
handle = open(sys.argv[1], "ab")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


@contextmanager
def running_elsewhere(address):
    """Another worker process runs a request of ``address`` (holds its slot) until the block ends."""
    slot_path(address, 0).parent.mkdir(parents=True, exist_ok=True)
    worker = subprocess.Popen([sys.executable, "-c", HOLD, str(slot_path(address, 0))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout.readline() == "held\n"
        yield
    finally:
        worker.stdin.close()
        worker.wait(timeout=10)


def test_a_second_search_at_once_is_refused_with_an_arabic_page(client, demo, search_index):
    search_index.rebuild()
    with running_elsewhere("127.0.0.1"):
        refused = client.get("/search/", {"q": "لافروف"})
        other_client = client.get("/search/", {"q": "لافروف"}, REMOTE_ADDR="192.0.2.7")
    assert refused.status_code == 429 and refused["Retry-After"] == "2"
    page = parse(refused)
    assert page.html["dir"] == "rtl" and page.html["lang"] == "ar"
    assert page.h1.get_text() == "طلبك ينتظر طلبًا سابقًا"
    assert "انتظر حتى ينتهي" in page.main.get_text()
    # A plain page (no database, no context) whose one style the policy allows, the plain layout's.
    layout = BeautifulSoup((ROOT / "templates" / "plain.html").read_text(), "html.parser")
    assert page.style.string == layout.style.string
    assert other_client.status_code == 200
    assert client.get("/search/", {"q": "لافروف"}).status_code == 200  # once the other one is done


@pytest.mark.parametrize("path", ["/search/export.csv", "/search/rss/", "/tags/فلاديمير-بوتين/timeline.png"])
def test_every_expensive_view_takes_its_turn(client, demo, search_index, path):
    search_index.rebuild()
    with running_elsewhere("127.0.0.1"):
        assert client.get(path, {"q": "لافروف"}).status_code == 429
    assert client.get(path, {"q": "لافروف"}).status_code == 200


def test_the_api_says_so_in_json(client, demo, search_index):
    with running_elsewhere("127.0.0.1"):
        refused = client.get("/api/search/", {"q": "لافروف"})
    assert refused.status_code == 429
    assert json.loads(refused.content)["code"] == "too_many_at_once"


def test_pages_are_not_limited(client, demo):
    with running_elsewhere("127.0.0.1"):
        assert client.get("/").status_code == 200
        assert client.get(f"/articles/{demo.pk}/").status_code == 200


def test_the_slots_folder_is_made_again_when_something_removed_it(client, demo, search_index, settings, tmp_path):
    """The folder is made when a slot's file cannot be opened, not checked on every request: a fresh archive,
    or one whose folder was cleaned away while it ran, still serves searches."""
    search_index.rebuild()
    settings.CLIENT_SLOTS_DIR = tmp_path / "gone" / "slots"
    assert client.get("/search/", {"q": "لافروف"}).status_code == 200
    assert slot_path("127.0.0.1", 0).exists()
