"""`load_demo` gives the seed article with its metadata, and is safe to run twice."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.models import Article, Tag, TagAlias
from tests.factories import SEED_PERSONS

pytestmark = pytest.mark.django_db


def test_load_demo_twice_changes_nothing(demo):
    counts = (Article.objects.count(), Tag.objects.count(), TagAlias.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data: 1 article, 0 newly created." in out.getvalue()
    assert (Article.objects.count(), Tag.objects.count(), TagAlias.objects.count()) == counts
    assert counts[0] == 1


def test_seed_metadata(demo):
    assert demo.source.name == "سانا"
    assert demo.dateline.name == "موسكو"
    assert timezone.localdate(demo.published).isoformat() == "2017-05-10"
    assert demo.is_published
    by_kind = {kind: set(demo.tags.filter(kind=kind).values_list("name", flat=True)) for kind in Tag.Kind}
    assert by_kind[Tag.Kind.PERSON] == set(SEED_PERSONS)
    assert {"موسكو", "واشنطن", "هامبورغ", "ألاسكا", "سورية", "شبه الجزيرة الكورية"} == by_kind[Tag.Kind.PLACE]
    assert {
        "وكالة تاس", "قناة مير", "مجموعة العشرين", "البيت الأبيض",
        "وزارة الخارجية الروسية", "مجلس منطقة القطب الشمالي", "روسيا اليوم",
    } == by_kind[Tag.Kind.ORGANISATION]
    assert by_kind[Tag.Kind.TOPIC]


@pytest.mark.parametrize(
    "name,alias",
    [("دونالد ترامب", "ترمب"), ("سيرغي لافروف", "سيرجي لافروف"), ("سورية", "سوريا")],
)
def test_press_aliases_are_loaded(demo, name, alias):
    assert alias in Tag.objects.get(name=name).alias_names
