"""The data model's promises: one copy of each article, unique Arabic slugs, one public rule."""
import pytest

from archive.models import Article, DuplicateArticleError, Source, Tag


@pytest.fixture
def source(db):
    return Source.objects.create(name="سانا")


def make_article(**fields):
    defaults = {"title": "عنوان", "body": "نص المقال", "status": Article.Status.PUBLISHED}
    return Article.objects.create(**{**defaults, **fields})


def test_same_text_with_other_diacritics_and_hamza_is_refused(source):
    make_article(title="لقاء القمة", body="أكد الوزير أن اللقاء مهم")
    with pytest.raises(DuplicateArticleError) as refused:
        make_article(title="لِقاء القِمّة", body="اكد الوزيـــر ان اللقاء مهم")
    assert "محفوظ في الأرشيف" in str(refused.value)
    assert Article.objects.count() == 1


def test_same_url_is_refused_and_empty_urls_are_not_duplicates(source):
    make_article(body="أول", url="https://example.org/a")
    make_article(body="ثان")
    make_article(body="ثالث")
    with pytest.raises(DuplicateArticleError):
        make_article(body="رابع", url="https://example.org/a")
    assert Article.objects.count() == 3


def test_editing_an_article_keeps_its_own_fingerprint(source):
    article = make_article(body="نص أول")
    article.title = "عنوان جديد"
    article.save()
    assert Article.objects.get().title == "عنوان جديد"


def test_arabic_names_get_arabic_slugs_and_alike_names_distinct_ones(db):
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name="سورية")
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, name="سورية")
    punctuated = Tag.objects.create(kind=Tag.Kind.TOPIC, name="سورية!")
    assert place.slug == "سورية"
    assert len({place.slug, topic.slug, punctuated.slug}) == 3
    assert topic.slug.startswith("سورية-")


def test_a_name_with_no_letters_still_gets_a_slug(db):
    assert Tag.objects.create(kind=Tag.Kind.TOPIC, name="!!!").slug


def test_published_is_the_public_rule(source):
    shown = make_article(body="منشور")
    make_article(body="مسودة", status=Article.Status.DRAFT)
    assert list(Article.objects.published()) == [shown]
