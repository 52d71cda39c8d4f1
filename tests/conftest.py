"""Shared fixtures: the demo archive, parsed pages, staff users."""
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from archive.models import Article

SEED_TITLE = "لافروف: أي لقاء قمة بين بوتين وترامب يجب أن يخرج بنتائج ملموسة"
SEED_PERSONS = [
    "سيرغي لافروف",
    "فلاديمير بوتين",
    "دونالد ترامب",
    "ديميتري بيسكوف",
    "ريكس تيلرسون",
    "ماريا زاخاروفا",
]


@pytest.fixture
def demo(db):
    """The demo archive as `make run` loads it; returns the seed article."""
    call_command("load_demo", verbosity=0)
    return Article.objects.get(title=SEED_TITLE)


def parse(response):
    return BeautifulSoup(response.content.decode("utf-8"), "html.parser")


@pytest.fixture
def staff_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass")
    client.force_login(editor)
    return client


@pytest.fixture
def search_index(tmp_path):
    """A real Whoosh index on disk, fresh for the test; ``.rebuild()`` indexes the database."""
    from haystack import connections

    from archive.search.aliases import forget_tag_aliases

    info = connections.connections_info["default"]
    saved_path = info["PATH"]
    info["PATH"] = str(tmp_path / "whoosh")
    connections.reload("default")

    class Index:
        @staticmethod
        def backend():
            return connections["default"].get_backend()

        def rebuild(self):
            index = connections["default"].get_unified_index().get_index(Article)
            self.backend().clear()
            self.backend().update(index, list(index.index_queryset()))

        def count(self):
            backend = self.backend()
            backend.setup()
            return backend.index.refresh().doc_count()

    yield Index()
    info["PATH"] = saved_path
    connections.reload("default")
    forget_tag_aliases()  # this test's tags are gone with its database
