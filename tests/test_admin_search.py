"""The admin's search box is the archive's search: same analysis, same counts, drafts and scheduled ones too."""
import datetime
import time

import pytest
from django.core.cache import caches
from django.utils import timezone

from archive.models import Article, Source, Tag, TagAlias
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.staff import staff_matches
from tests.pages import parse

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/archive/article/"


def listed(staff_client, q):
    page = parse(staff_client.get(LIST_URL, {"q": q}))
    return [link.get_text(strip=True) for link in page.select("#result_list tbody th a")]


@pytest.fixture
def newsroom(search_index):
    source = Source.objects.create(name="وكالة")
    trump = Tag.objects.create(kind=Tag.Kind.PERSON, name="دونالد ترامب")
    TagAlias.objects.create(tag=trump, name="ترمب")
    day = timezone.make_aware(datetime.datetime(2018, 3, 1, 12))

    def write(title, body, status=Article.Status.PUBLISHED, published=day, tags=()):
        article = Article.objects.create(title=title, body=body, status=status, published=published, source=source)
        article.tags.set(tags)
        return article

    made = {
        "vocalized": write("زيارة إلى أَمْرِيكَا", "وصل الوفد إلى أمريكا الجنوبية."),
        "hamza": write("أمريكا والصين", "محادثات تجارية بين أمريكا والصين."),
        "plain": write("تقرير", "قالت الخارجية الامريكية إن الأمريكيين سيغادرون."),
        "draft": write("مسودة عن أمريكا", "نص لم يُنشر بعد عن أمريكا.", status=Article.Status.DRAFT),
        "scheduled": write("أمريكا غدًا", "خبر مجدول عن أمريكا.",
                           published=timezone.now() + datetime.timedelta(hours=2)),
        "alias": write("تصريحات جديدة", "قال الرئيس في مؤتمر صحفي.", tags=[trump]),
        "other": write("خبر آخر", "لا علاقة له بما سبق."),
    }
    search_index.rebuild()
    return made


def test_a_re_spelled_name_finds_every_article_drafts_and_scheduled_included(staff_client, newsroom):
    found = set(listed(staff_client, "امريكا"))
    assert found == {"زيارة إلى أَمْرِيكَا", "أمريكا والصين", "مسودة عن أمريكا", "أمريكا غدًا"}


def test_a_tag_alias_finds_the_tagged_article(staff_client, newsroom):
    assert listed(staff_client, "ترمب") == ["تصريحات جديدة"]


def test_published_matches_are_the_public_search_count(staff_client, newsroom):
    public = search_archive(SearchRequest(q="امريكا"))
    page = parse(staff_client.get(LIST_URL, {"q": "امريكا", "status__exact": "published"}))
    rows = page.select("#result_list tbody tr")
    # Published and due: what readers find; the scheduled one is published too, and listed as «مجدول».
    due = [row for row in rows if "مجدول" not in row.get_text()]
    assert len(due) == public.total == 2
    assert any("مجدول" in row.get_text() for row in rows)


def test_the_list_says_scheduled_with_the_moment(staff_client, newsroom):
    page = parse(staff_client.get(LIST_URL))
    scheduled = next(row for row in page.select("#result_list tbody tr") if "أمريكا غدًا" in row.get_text())
    state = scheduled.select_one(".state-scheduled")
    moment = timezone.localtime(newsroom["scheduled"].published)
    assert state.get_text(" ", strip=True).startswith("مجدول")
    assert f"{moment.year}، {moment:%H:%M}" in state.get_text()
    assert state.select_one("time")["datetime"] == moment.isoformat()


def test_a_pasted_address_and_common_words_only(staff_client, newsroom):
    Article.objects.filter(pk=newsroom["other"].pk).update(url="https://example.org/other")
    assert listed(staff_client, "https://example.org/other") == ["خبر آخر"]
    assert listed(staff_client, "في من") == []


def test_admin_search_is_fast_on_thousands_of_articles(staff_client, newsroom, search_index):
    source = Source.objects.get(name="وكالة")
    Article.objects.bulk_create([
        Article(title=f"خبر رقم {n} عن {'أمريكا' if n % 3 == 0 else 'الصين'}", body=f"نص الخبر {n}.", source=source,
                fingerprint=f"bulk-{n}", status=Article.Status.DRAFT if n % 5 == 0 else Article.Status.PUBLISHED,
                published=timezone.now() - datetime.timedelta(hours=n))
        for n in range(3000)])
    search_index.rebuild()
    staff_client.get(LIST_URL)  # the searcher and its arrays are opened once per process
    caches["search"].clear()
    assert len(staff_matches("امريكا")) == 1004  # 1,000 of the bulk (drafts too), 4 written above
    # The best of three cold searches (the results cache emptied each time): one slow run on a busy machine is noise.
    search_seconds = best_of_three(lambda: (caches["search"].clear(), staff_matches("امريكا")))
    assert search_seconds < 0.5, search_seconds  # 0.10 s measured on a quiet machine
    # The whole page, search included, costs about what the unsearched list costs (Django renders 100 rows either
    # way); the best of three, on a machine shared with other work.
    assert "1004" in parse(staff_client.get(LIST_URL, {"q": "امريكا"})).select_one(".paginator").get_text()
    searched = best_of_three(lambda: (caches["search"].clear(), staff_client.get(LIST_URL, {"q": "امريكا"})))
    unsearched = best_of_three(lambda: staff_client.get(LIST_URL))
    assert searched < unsearched + 0.5, (searched, unsearched)


def best_of_three(load):
    times = []
    for _ in range(3):
        started = time.perf_counter()
        load()
        times.append(time.perf_counter() - started)
    return min(times)
