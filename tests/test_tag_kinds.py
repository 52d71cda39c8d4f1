"""Adding a tag kind is one member of ``Tag.Kind`` (and its migration): everything else follows.

The test copies the project, adds a kind (``event``: الأحداث) to the copy's
``Tag.Kind`` and nothing else, and runs the copy in a process of its own on a
fresh SQLite database and Whoosh index: the new kind must have its index
page and menu entry, its search parameter, form field, facet and filter, its
API field and its command option, like the four kinds the archive ships.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from archive.models import Tag

ROOT = Path(__file__).resolve().parent.parent
NEW_MEMBER = '        EVENT = "event", "events", "الأحداث", "حدث"\n'

CHECKS = r"""
import datetime, io, json
import django
django.setup()
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from archive.dates import aware_from_day
from archive.search.form import SearchForm
from archive.models import Article, Tag

call_command("migrate", verbosity=0)
summit = Tag.objects.create(kind="event", name="قمة هلسنكي")
other = Tag.objects.create(kind="event", name="قمة أنكوريج")
tagged = Article.objects.create(title="لقاء الرئيسين في فنلندا", body="التقى الرئيسان في فنلندا.",
                                status="published", published=aware_from_day(datetime.date(2018, 7, 16)))
tagged.tags.add(summit)
Article.objects.create(title="لقاء الرئيسين في ألاسكا", body="التقى الرئيسان في ألاسكا.",
                       status="published", published=aware_from_day(datetime.date(2025, 8, 15))).tags.add(other)
call_command("rebuild_index", interactive=False, verbosity=0)
client = Client(HTTP_HOST="localhost")
page = lambda url: BeautifulSoup(client.get(url).content.decode(), "html.parser")

index = page("/events/")
search = page(f"/search/?q=لقاء&event={summit.slug}")
api = client.get("/api/search/", {"q": "لقاء", "event": summit.slug}).json()
terminal = io.StringIO()
call_command("search_archive", "لقاء", "--event", other.slug, "--json", stdout=terminal)
print(json.dumps({
    "index_title": index.h1.get_text(strip=True),
    "index_tags": sorted(a.get_text(strip=True) for a in index.select("main a[href^='/tags/']")),
    "menu": [(a["href"], a.get_text(strip=True)) for a in page("/").select(".site-nav a")],
    "form_field": SearchForm({"event": [summit.slug]}).to_request()[0].event,
    "summit": summit.slug,
    "search_titles": [a.get_text().strip() for a in search.select(".result .card-title a")],
    "facet_titles": [h.get_text(strip=True) for h in search.select(".facets h2")],
    "api_total": api["total"], "api_facet": api["facets"]["event"], "api_query": api["query"]["event"],
    "command_titles": [hit["title"] for hit in json.loads(terminal.getvalue())["results"]],
}))
"""


def test_a_new_kind_gets_its_page_menu_entry_filter_facet_field_and_option(tmp_path):
    project = tmp_path / "project"
    for part in ("archive", "templates", "static"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    models = project / "archive" / "models.py"
    text = models.read_text(encoding="utf-8")
    anchor = '        TOPIC = "topic", "topics", _("الموضوعات"), _("موضوع")\n'
    assert anchor in text
    models.write_text(text.replace(anchor, anchor + NEW_MEMBER), encoding="utf-8")

    (tmp_path / "var").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", "DEBUG": "1", "PYTHONPATH": str(project),
           "ARCHIVE_VAR_DIR": str(tmp_path / "var"), "SEARCH_ENGINE": "whoosh"}
    env.pop("DATABASE_URL", None)
    run = subprocess.run([sys.executable, "-c", CHECKS], cwd=project, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])

    assert seen["index_title"] == "الأحداث"
    assert seen["index_tags"] == ["قمة أنكوريج", "قمة هلسنكي"]
    assert ("/events/", "الأحداث") in [tuple(link) for link in seen["menu"]]
    assert seen["form_field"] == [seen["summit"]]
    assert seen["search_titles"] == ["لقاء الرئيسين في فنلندا"]
    assert "الأحداث" in seen["facet_titles"]
    assert seen["api_total"] == 1
    assert [value["label"] for value in seen["api_facet"]] == ["قمة هلسنكي"]
    assert seen["api_query"] == [seen["summit"]]
    assert seen["command_titles"] == ["لقاء الرئيسين في ألاسكا"]


def test_the_shipped_kinds_each_have_their_page_and_menu_entry(client, db):
    from bs4 import BeautifulSoup

    menu = BeautifulSoup(client.get("/").content.decode(), "html.parser").select(".site-nav a")
    links = [(a["href"], a.get_text(strip=True)) for a in menu]
    for kind in Tag.Kind:
        assert (f"/{kind.route}/", kind.plural) in links
        page = BeautifulSoup(client.get(f"/{kind.route}/").content.decode(), "html.parser")
        assert page.h1.get_text(strip=True) == kind.plural
