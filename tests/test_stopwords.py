"""Stop words decided on the word as written (issue 13): content words that fold onto a stop word stay findable."""
import datetime

import pytest

from archive.arabic.analysis import analyze
from archive.arabic.highlight import highlight
from archive.arabic.normalize import normalize
from archive.arabic.stopwords import AMBIGUOUS, LOOKALIKES, STOPWORDS, WRITTEN, is_stopword
from archive.dates import aware_from_day
from archive.models import Article
from archive.search.archive_search import SearchRequest, search_archive


def surfaces(text):
    return [term.text for term in analyze(text, stems=False)]


@pytest.mark.parametrize("word", sorted(LOOKALIKES))
def test_every_lookalike_is_indexed_as_written(word):
    assert surfaces(f"أمس {word} اليوم") == ["امس", normalize(word), "اليوم"]


@pytest.mark.parametrize("word", sorted(LOOKALIKES))
def test_every_lookalike_typed_alone_is_searched(word):
    assert surfaces(normalize(word)) == [normalize(word)]


@pytest.mark.parametrize("word", [
    "على", "إلى", "إليه", "أن", "إن", "أنا", "أي", "فيه", "عليه", "منه", "لكنه", "هنا", "الى", "ان",
])
def test_the_function_words_they_resemble_are_still_stopped(word):
    assert surfaces(f"أمس {word} اليوم") == ["امس", "اليوم"]


def test_no_folded_stop_word_is_a_lookalike():
    assert not {normalize(word) for word in LOOKALIKES} & STOPWORDS
    assert {"علي", "اليه", "ان", "الي"} <= AMBIGUOUS
    assert not any(is_stopword(normalize(word)) for word in LOOKALIKES)


def test_the_written_list_keeps_hamza_and_alef_maqsura():
    assert {"على", "إلى", "أن", "إليه"} <= WRITTEN and not {"علي", "آلية", "آن"} & WRITTEN


def test_a_quoted_phrase_reads_the_function_word_inside_and_the_name_at_the_end():
    assert [(t.text, t.position) for t in analyze("الحرب علي الارهاب", stems=False)] == [("الحرب", 0), ("الارهاب", 2)]
    assert surfaces("الامير علي") == ["الامير", "علي"]
    assert surfaces("المتفق عليه") == ["المتفق"]


def test_the_highlighter_marks_the_name_not_the_preposition():
    assert highlight("سلّم علي الرسالة على عجل", "علي") == "سلّم <mark>علي</mark> الرسالة على عجل"


# --- through the search, as the reader met it -------------------------

def add(title, body):
    return Article.objects.create(title=title, body=body, status=Article.Status.PUBLISHED,
                                  published=aware_from_day(datetime.date(2015, 10, 1)))


@pytest.fixture
def lookalikes(db, search_index):
    articles = {
        "mechanism": add("اعتماد آلية جديدة", "أقرت الحكومة آلية لمراقبة الأسعار."),
        "to_him": add("رسالة", "أرسل الوزير إليه رسالة على عجل."),
        "ali": add("الأمير علي بن الحسين", "افتتح الأمير علي بن الحسين البطولة."),
        "charles": add("الأمير تشارلز", "زار الأمير تشارلز المدينة على متن طائرة."),
        "time": add("آن الأوان", "قال إنه آن الأوان للتغيير."),
        "category": add("فئة الشباب", "تستهدف الحملة فئة الشباب."),
    }
    search_index.rebuild()
    return articles


def found(query):
    results = search_archive(SearchRequest(q=query))
    return {hit.article.title for hit in results.hits}, results.notes


@pytest.mark.parametrize("query, title", [
    ("آلية", "اعتماد آلية جديدة"), ("علي", "الأمير علي بن الحسين"), ("آن", "آن الأوان"), ("فئة", "فئة الشباب"),
])
def test_a_lookalike_alone_finds_its_article_and_no_other(lookalikes, query, title):
    titles, notes = found(query)
    assert titles == {title} and not notes


def test_prince_ali_does_not_find_prince_charles(lookalikes):
    assert found("الأمير علي")[0] == {"الأمير علي بن الحسين"}
