"""A tag's articles read by key, for small tags, are the ones the walk down the public order index lists."""
import datetime
from collections import Counter

import pytest
from django.utils import timezone

from archive.models import Article, Tag
from archive.pages import tag_articles
from archive.pages.tag_articles import NewestTagged

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make(tag, number, status=Article.Status.PUBLISHED, published=NOW):
    article = Article.objects.create(title=f"خبر {number}", body=f"نص الخبر {number}.", status=status,
                                     published=published)
    article.tags.add(tag)
    return article


@pytest.fixture
def tag():
    """A tag on dated articles (two at the same moment), undated ones, a draft and a scheduled one."""
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name="سيرغي لافروف")
    other = Tag.objects.create(kind=Tag.Kind.PLACE, name="موسكو")
    same_moment = NOW - datetime.timedelta(days=3)
    for number, published in enumerate([NOW - datetime.timedelta(days=30), same_moment, None,
                                        NOW - datetime.timedelta(days=400), same_moment, None,
                                        NOW - datetime.timedelta(hours=1)]):
        make(tag, number, published=published)
        make(other, 100 + number, published=published)  # the archive's other articles, in between
    make(tag, 50, status=Article.Status.DRAFT)
    make(tag, 51, published=NOW + datetime.timedelta(days=2))  # scheduled: not yet public
    return tag


def walked(tag):
    return list(Article.objects.published().tagged(tag).newest_first())


@pytest.mark.parametrize("steps", [0, 10**9], ids=["walk down the index", "read by key"])
def test_every_slice_lists_the_walks_articles_in_its_order(tag, monkeypatch, steps):
    monkeypatch.setattr(tag_articles, "KEY_READ_STEPS", steps)  # 0: always by key; huge: always the walk
    expected = walked(tag)
    articles = NewestTagged(tag)
    assert len(articles) == len(expected) == 7
    assert articles.moments() in (None, Counter(article.published for article in expected if article.published))
    for start in range(len(expected) + 1):
        for stop in range(start, len(expected) + 2):
            assert articles[start:stop] == expected[start:stop], (start, stop)


@pytest.mark.django_db(transaction=True, reset_sequences=True)  # the archive's size is its last id: PostgreSQL's
# sequences go on counting past the rows other tests rolled back, and a large tag would look small beside them
def test_a_small_tag_is_read_by_key_and_a_large_one_walked(tag, django_assert_num_queries):
    """By key: the tag's links, the archive's size, the tag's articles (its count and dates), the page's.
    Walked: the links, the size, the public count (the links, a look for hidden articles, theirs subtracted),
    the page."""
    lone = Tag.objects.create(kind=Tag.Kind.TOPIC, name="زلازل")
    lone_article = make(lone, 60)
    for number in range(61, 75):
        make(tag, number, published=NOW - datetime.timedelta(days=number))
    everywhere = Tag.objects.create(kind=Tag.Kind.TOPIC, name="أخبار")
    for article in Article.objects.all():
        article.tags.add(everywhere)
    everything = walked(everywhere)
    with django_assert_num_queries(4):
        small = NewestTagged(lone)
        assert small[:20] == [lone_article]
    assert small.moments() == Counter([lone_article.published])
    with django_assert_num_queries(6):
        large = NewestTagged(everywhere)
        assert large[:20] == everything[:20]
    assert large.moments() is None and len(large) == len(everything)


def test_the_page_shows_an_article_at_once_when_it_is_published(client, tag):
    draft = Article.objects.get(title="خبر 50")
    assert draft.get_absolute_url() not in client.get(tag.get_absolute_url()).content.decode()
    draft.status, draft.published = Article.Status.PUBLISHED, NOW - datetime.timedelta(minutes=1)
    draft.save()
    page = client.get(tag.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() in page
    assert page.index(draft.get_absolute_url()) < page.index(Article.objects.get(title="خبر 1").get_absolute_url())
