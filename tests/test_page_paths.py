"""Article, tag and date archive links built from one reversed path are the ones ``reverse()`` writes, prefix and
quoting too."""
import datetime
from urllib.parse import quote

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from archive.models import Article, Tag
from archive.pages.paths import date_path, route_path, source_atom_path, source_rss_path, tag_path

pytestmark = pytest.mark.django_db

SLUGS = ["دونالد-ترامب", "سيرغي_لافروف", "nato", "مجلس-الأمن-2254", "ﻻ-شكل-عرض"]


@pytest.fixture(params=["/", "/archive/"], ids=["root", "under a script prefix"])
def prefix(request):
    set_script_prefix(request.param)
    yield request.param
    clear_script_prefix()


def test_a_tag_link_is_the_reversed_one(prefix):
    for slug in SLUGS:
        tag = Tag(kind=Tag.Kind.PERSON, name=slug, slug=slug)
        assert tag.get_absolute_url() == reverse("archive:tag", kwargs={"slug": slug})
    assert Tag(slug=SLUGS[0]).get_absolute_url() == f"{prefix}tags/{quote(SLUGS[0])}/"  # UTF-8, percent-encoded


def test_an_article_link_is_the_reversed_one(prefix):
    article = Article.objects.create(title="عنوان", body="نص", status=Article.Status.PUBLISHED)
    assert article.get_absolute_url() == reverse("archive:article", kwargs={"pk": article.pk}) == \
        f"{prefix}articles/{article.pk}/"


def test_an_outlet_feed_link_is_the_reversed_one(prefix):
    for pk in (1, 42, 1234567):
        assert source_rss_path(pk) == reverse("archive:source_rss", kwargs={"pk": pk}) == f"{prefix}sources/{pk}/rss/"
        assert source_atom_path(pk) == reverse("archive:source_atom", kwargs={"pk": pk})


def test_a_date_archive_link_is_the_reversed_one(prefix):
    for day in (datetime.date(2017, 5, 1), datetime.date(2018, 11, 12), datetime.date(999, 12, 31),
                datetime.date(1234, 1, 2)):  # 1234 and 11/12: the stand-in's own digits
        values = {"year": day.year, "month": day.month, "day": day.day}
        for level, kept in (("year", ["year"]), ("month", ["year", "month"]), ("day", ["year", "month", "day"])):
            assert date_path(level, day) == reverse(f"archive:{level}", kwargs={name: values[name] for name in kept})
    assert date_path("day", datetime.date(2017, 5, 1)) == f"{prefix}archive/2017/05/01/"


def test_a_fixed_route_is_the_reversed_one(prefix):
    for name, args in (("archive:search", ()), ("set_language", ()), ("archive:search_export", ("csv",)),
                       ("archive:search_export", ("json",))):
        assert route_path(name, *args) == reverse(name, args=args)
    assert route_path("archive:search") == f"{prefix}search/"


def test_a_slug_the_route_refuses_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        tag_path("two words")
