"""A results page's articles read in two plain SQL queries: the same articles, relations and tags the ORM gives."""
import datetime
import gc
import pickle
import weakref

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import Article, Tag
from archive.search import page_articles as reading
from archive.search.page_articles import page_articles, shown_tags
from tests.factories import add_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
    beirut = Tag.objects.create(kind=Tag.Kind.PLACE, name="بيروت")
    economy = Tag.objects.create(kind=Tag.Kind.TOPIC, name="اقتصاد")
    made = {
        "tagged": add_article("ماكرون في بيروت", "زيارة قصيرة.", day="2018-04-02", tags=[macron, economy, beirut]),
        "untagged": add_article("زيارة رسمية", "وصل الرئيس إلى بيروت.", day="2018-04-20"),
        "draft": add_article("مسودة", "لم تنشر.", tags=[macron], status=Article.Status.DRAFT),
        "scheduled": add_article("خبر الغد", "ينشر غدًا.", day=str(timezone.localdate() + datetime.timedelta(days=2))),
    }
    made["tagged"].dateline = beirut
    made["tagged"].author = "مراسل"
    made["tagged"].save()
    made["untagged"].source = None
    made["untagged"].published = None
    made["untagged"].save()
    return made


def as_the_orm_reads(pks):
    rows = Article.objects.select_related("source", "dateline").prefetch_related("tags").in_bulk(pks)
    return {pk: article for pk, article in rows.items() if article.is_public}


def described(article):
    """What a results card, a feed or the API can read of an article."""
    fields = {field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields}
    return (fields, article.source and (article.source.pk, article.source.name, article.source.url),
            article.dateline and (article.dateline.pk, article.dateline.name, article.dateline.slug),
            [(tag.pk, tag.kind, tag.name, tag.slug) for tag in article.tags.all()])


@pytest.mark.parametrize("batch", [reading.BATCH, 1])
def test_the_public_articles_with_their_source_dateline_and_tags_as_the_orm_reads_them(articles, monkeypatch, batch):
    monkeypatch.setattr(reading, "BATCH", batch)  # several statements when the page holds more ids than one takes
    pks = [article.pk for article in articles.values()] + [10**6]  # one deleted since it was indexed
    ours = page_articles(pks)
    assert set(ours) == {articles["tagged"].pk, articles["untagged"].pk}  # no draft, nothing scheduled
    assert {pk: described(article) for pk, article in ours.items()} == \
        {pk: described(article) for pk, article in as_the_orm_reads(pks).items()}
    tagged = ours[articles["tagged"].pk]
    assert timezone.is_aware(tagged.published) and tagged.published == articles["tagged"].published
    assert {tag.name for tag in tagged.tags.all()} == {"اقتصاد", "إيمانويل ماكرون", "بيروت"}  # in the ORM's order


def test_reading_a_cards_relations_asks_the_database_nothing_more(articles):
    ours = page_articles([article.pk for article in articles.values()])
    with CaptureQueriesContext(connection) as queries:
        shown = [([tag.get_absolute_url() for tag in article.tags.all()], article.source and article.source.name,
                  article.dateline and article.dateline.get_absolute_url()) for article in ours.values()]
    assert queries.captured_queries == []
    assert ([], None, None) in shown and any(tags and source and dateline for tags, source, dateline in shown)
    tagged = ours[articles["tagged"].pk]
    assert [tag.name for tag in tagged.tags.filter(kind=Tag.Kind.PERSON)] == ["إيمانويل ماكرون"]  # still its own tags
    assert page_articles([]) == {}


def test_articles_sharing_a_source_and_tags_each_read_them_as_the_orm_does(articles):
    """A page's articles share sources and tags (one instance each on the page): every article still
    lists its own tags, its own source and dateline, as the ORM reads them."""
    macron, beirut = Tag.objects.get(name="إيمانويل ماكرون"), Tag.objects.get(name="بيروت")
    again = add_article("ماكرون مجددًا", "عاد إلى بيروت.", day="2018-05-01", tags=[beirut, macron])
    again.dateline = macron
    again.save()
    pks = [articles["tagged"].pk, again.pk, articles["untagged"].pk]
    ours = page_articles(pks)
    assert {pk: described(article) for pk, article in ours.items()} == \
        {pk: described(article) for pk, article in as_the_orm_reads(pks).items()}
    assert ours[again.pk].source.name == ours[articles["tagged"].pk].source.name == "بي بي سي عربي"


def test_a_cards_tags_are_the_articles_own_in_the_orms_order_without_a_query(articles):
    ours = page_articles([article.pk for article in articles.values()])
    theirs = as_the_orm_reads(list(ours))
    with CaptureQueriesContext(connection) as queries:
        shown = {pk: [(tag.pk, tag.name) for tag in shown_tags(article)] for pk, article in ours.items()}
    assert queries.captured_queries == []
    assert shown == {pk: [(tag.pk, tag.name) for tag in article.tags.all()] for pk, article in theirs.items()}
    assert shown[articles["tagged"].pk] and shown[articles["untagged"].pk] == []


def test_a_model_someone_listens_to_at_init_is_made_with_its_signals(articles):
    """Instances are made without ``Model.__init__`` only while nothing listens to ``post_init``."""
    made = []

    def heard(sender, instance, **kwargs):
        made.append(instance.pk)

    signals.post_init.connect(heard, sender=Article)
    try:
        ours = page_articles([articles["tagged"].pk])
    finally:
        signals.post_init.disconnect(heard, sender=Article)
    assert made == [articles["tagged"].pk]
    assert described(ours[articles["tagged"].pk]) == described(as_the_orm_reads([articles["tagged"].pk])[made[0]])


def test_an_edited_tag_or_source_name_shows_on_the_next_page(articles):
    tagged = articles["tagged"]
    page_articles([tagged.pk])
    tag = tagged.tags.get(name="بيروت")
    tag.name = "بيروت الكبرى"
    tag.save()
    tagged.source.name = "مصدر آخر"
    tagged.source.save()
    again = page_articles([tagged.pk])[tagged.pk]
    assert "بيروت الكبرى" in [tag.name for tag in shown_tags(again)]
    assert again.source.name == "مصدر آخر" and again.dateline.name == "بيروت الكبرى"


def test_a_pickled_article_keeps_its_tags(articles):
    """Whatever caches a page's article (pickled, as Django's cache does) finds its own tags in it."""
    tagged = page_articles([articles["tagged"].pk])[articles["tagged"].pk]
    again = pickle.loads(pickle.dumps(tagged))
    with CaptureQueriesContext(connection) as queries:
        assert [tag.name for tag in again.tags.all()] == [tag.name for tag in shown_tags(tagged)]
    assert queries.captured_queries == [] and len(shown_tags(again)) == 3


def test_a_pages_articles_are_freed_when_the_page_is_done(articles):
    """No reference cycle keeps a results page's articles (and their bodies) alive until a garbage collection:
    what the page reads of them (shown_tags, the source, the dateline) makes none."""
    ours = page_articles([article.pk for article in articles.values()])
    tagged = ours[articles["tagged"].pk]
    shown = [tag.name for tag in shown_tags(tagged)], tagged.source.name, tagged.dateline.name
    tagged = weakref.ref(tagged)
    gc.disable()
    try:
        del ours
        freed = tagged() is None
    finally:
        gc.enable()
    assert shown == (["إيمانويل ماكرون", "اقتصاد", "بيروت"], "بي بي سي عربي", "بيروت") and freed
