"""Related articles keep the index's word counts per generation: an edit counts at once."""
import pytest

from archive.arabic.analysis import SURFACE, analyze
from archive.models import Article
from archive.search import engine
from archive.search.related import related_articles, word_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(demo, search_index):
    search_index.rebuild()
    return demo


def surface(word):
    return next(term.text for term in analyze(word) if term.kind == SURFACE)


def test_a_new_article_counts_in_the_next_look_up(indexed, django_capture_on_commit_callbacks):
    word = surface("زلزال")
    assert word_counts.frequencies({word}) == {word: 0}
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.create(title="زلزال في اليابان", body="ضرب زلزال قوي شمال اليابان.", status="published")
    assert word_counts.frequencies({word}) == engine.doc_frequencies([word]) == {word: 1}


def test_an_article_sharing_its_words_is_related_at_once(indexed, django_capture_on_commit_callbacks):
    """Alone, its words are in one article (no use for finding others) and are counted so; a second article
    with them makes them count twice, which the next article page must know to list it."""
    with django_capture_on_commit_callbacks(execute=True):
        first = Article.objects.create(title="زلزال هوكايدو", body="زلزال وتسونامي في هوكايدو.",
                                       status="published")
    assert related_articles(first) == []
    with django_capture_on_commit_callbacks(execute=True):
        second = Article.objects.create(title="تسونامي هوكايدو", body="تسونامي بعد زلزال هوكايدو.",
                                        status="published")
    assert related_articles(first) == [second]
