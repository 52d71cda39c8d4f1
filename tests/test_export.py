"""Exporting articles as JSON Lines, and importing the file into an empty archive gives the same archive back."""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.dates import aware_from_day
from archive.models import Article, ArticleTag, Source, Tag, TagAlias
from archive.search.archive_search import SearchRequest, search_archive

pytestmark = pytest.mark.django_db

QUERIES = [
    SearchRequest(q="ترمب"),
    SearchRequest(q="لافروف"),
    SearchRequest(q="حلب"),
    SearchRequest(q="", sort="newest"),
    SearchRequest(q="سوريا", sort="oldest"),
]


def export(*args):
    out = StringIO()
    call_command("export_articles", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def tag_with_aliases(kind, name, *aliases, slug=""):
    tag = Tag.objects.create(kind=kind, name=name, slug=slug)
    for alias in aliases:
        TagAlias.objects.create(tag=tag, name=alias)
    return tag


@pytest.fixture
def archive(demo):
    """The seed article, plus articles that use every field a different way."""
    aleppo = tag_with_aliases(Tag.Kind.PLACE, "حلب", "حلب الشهباء", slug="aleppo")
    topic = tag_with_aliases(Tag.Kind.TOPIC, "إعادة الإعمار")
    sana = Source.objects.get(name="سانا")
    first = Article.objects.create(
        title="إعادة إعمار الأسواق القديمة في حلب", lead="بدأت الأعمال في سوق المدينة.",
        body="بدأت ورشات إعادة إعمار الأسواق القديمة في حلب.\n\nوقال المحافظ إن الأعمال تستمر عامين.",
        published=aware_from_day(datetime.date(2018, 3, 1)), source=sana, dateline=aleppo,
        url="https://www.sana.sy/?p=100", status=Article.Status.PUBLISHED, author="مراسل سانا",
        image_url="https://www.sana.sy/wp-content/souq.jpg", image_caption="سوق المدينة", image_credit="سانا",
    )
    first.tags.set([aleppo, topic])
    draft = Article.objects.create(title="مسودة بلا تاريخ ولا مصدر", body="نص لم يُنشر بعد عن ترمب.")
    draft.tags.set([Tag.objects.get(name="دونالد ترامب")], through_defaults={"origin": ArticleTag.Origin.GAZETTEER})
    Article.objects.create(
        title="خبر بتوقيت دقيق", body="نص خبر عن سوريا نُشر في ساعة معروفة.",
        published=datetime.datetime(2018, 5, 2, 21, 45, tzinfo=datetime.UTC),
        status=Article.Status.PUBLISHED, url="https://example.org/exact",
    )
    return Article.objects.all()


def snapshot():
    """Every field and tag (with who tagged it) of every article, keyed by title."""
    def tag(t):
        return (t.kind, t.name, t.slug, tuple(sorted(t.alias_names)))

    return {
        a.title: {
            "fields": (a.lead, a.body, a.published, a.url, a.status, a.fingerprint,
                       a.author, a.image_url, a.image_caption, a.image_credit),
            "source": (a.source.name, a.source.url) if a.source else None,
            "dateline": tag(a.dateline) if a.dateline else None,
            "tags": sorted((*tag(link.tag), link.origin) for link in a.articletag_set.all()),
        }
        for a in Article.objects.select_related("source", "dateline").prefetch_related("articletag_set__tag__aliases")
    }


def searches():
    results = [search_archive(request) for request in QUERIES]
    return [
        (r.total, [hit.article.title for hit in r.hits],
         {k: [(v.value, v.count) for v in vs] for k, vs in r.facets.items()})
        for r in results
    ]


def test_export_then_import_into_an_empty_archive_gives_the_same_archive(archive, search_index, tmp_path):
    search_index.rebuild()
    before, found_before = snapshot(), searches()
    assert all(total for total, _, _ in found_before[:3])
    path = tmp_path / "out.jsonl"
    out = StringIO()
    call_command("export_articles", stdout=out)
    path.write_text(out.getvalue(), encoding="utf-8")

    Article.objects.all().delete()
    Tag.objects.all().delete()
    Source.objects.all().delete()
    search_index.backend().clear()
    assert search_index.count() == 0

    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())
    assert snapshot() == before
    assert searches() == found_before


def test_every_field_and_tag_is_written(archive):
    [record] = [r for r in export() if r["url"] == "https://www.sana.sy/?p=100"]
    assert record["published"] == "2018-03-01T12:00:00+02:00"
    assert record["source"] == {"name": "سانا", "url": "https://www.sana.sy/"}
    assert record["dateline"] == {"kind": "place", "name": "حلب", "slug": "aleppo", "aliases": ["حلب الشهباء"]}
    assert record["lead"] == "بدأت الأعمال في سوق المدينة." and record["status"] == "published"
    assert {"kind": "topic", "name": "إعادة الإعمار", "slug": "إعادة-الإعمار", "aliases": [],
            "origin": "editor"} in record["tags"]
    assert record["author"] == "مراسل سانا"
    assert record["image"] == {"url": "https://www.sana.sy/wp-content/souq.jpg", "caption": "سوق المدينة",
                               "credit": "سانا"}
    assert set(record) >= {"title", "body", "url", "created", "updated"}


def test_a_tag_the_gazetteer_gave_is_written_as_its(archive):
    [record] = [r for r in export() if r["title"] == "مسودة بلا تاريخ ولا مصدر"]
    assert [(tag["name"], tag["origin"]) for tag in record["tags"]] == [("دونالد ترامب", "gazetteer")]


def test_an_article_without_byline_or_image_says_so(archive):
    [record] = [r for r in export() if r["url"] == "https://example.org/exact"]
    assert record["author"] == "" and record["image"] is None


def test_filters_choose_the_articles(archive):
    assert len(export()) == 4
    assert {r["title"] for r in export("--status", "draft")} == {"مسودة بلا تاريخ ولا مصدر"}
    assert len(export("--source", "سانا")) == 2
    assert [r["url"] for r in export("--tag", "aleppo")] == ["https://www.sana.sy/?p=100"]
    assert [r["url"] for r in export("--from", "2018-03-01", "--to", "2018-03-01")] == ["https://www.sana.sy/?p=100"]
    # 21:45 UTC on 2 May is 00:45 on 3 May in Damascus: days are the site's days.
    assert [r["url"] for r in export("--from", "2018-05-03")] == ["https://example.org/exact"]
    assert export("--to", "2018-05-02", "--from", "2018-04-01") == []
