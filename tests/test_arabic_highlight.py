"""Highlighting and snippets: same matching as search, marks on the original."""

import html
import random
import re

import pytest

from archive.arabic.analysis import analyze, query_terms
from archive.arabic.highlight import Highlighter, _squashed, highlight, match_spans, snippet
from archive.arabic.variants import get_table, set_table
from tests.corpus import corpus_articles


def unmark(marked):
    return html.unescape(re.sub(r"</?mark>", "", marked))


def test_unvocalized_query_marks_the_vocalized_word_whole():
    assert highlight("قال مُحَمَّدٌ اليوم", "محمد") == "قال <mark>مُحَمَّدٌ</mark> اليوم"


def test_vocalized_query_marks_the_plain_word():
    assert highlight("قال محمد اليوم", "مُحَمَّد") == "قال <mark>محمد</mark> اليوم"


def test_ta_marbuta_hamza_and_alef_maqsura_match():
    assert highlight("مدرسه إسرائيل مستشفى", "مدرسة اسرائيل مستشفي") == (
        "<mark>مدرسه</mark> <mark>إسرائيل</mark> <mark>مستشفى</mark>")


def test_whole_words_only():
    text = "قال المقال: وقال مقالٌ"
    assert highlight(text, "قال") == "<mark>قال</mark> المقال: <mark>وقال</mark> مقالٌ"


def test_stem_and_variant_matches_are_marked():
    text = "والأميركيون في سورية مع ترمب"
    assert highlight(text, "أمريكي سوريا ترامب") == (
        "<mark>والأميركيون</mark> في <mark>سورية</mark> مع <mark>ترمب</mark>")


def test_stop_words_in_the_query_are_not_marked():
    assert highlight("ذهب في الصباح", "في الصباح") == "ذهب في <mark>الصباح</mark>"


def test_text_is_escaped_before_marking():
    text = '<script>alert("مدرسة")</script> & <b>مدرسة</b>'
    out = highlight(text, "مدرسة")
    assert "<script>" not in out and "<b>" not in out
    assert out == ("&lt;script&gt;alert(&quot;<mark>مدرسة</mark>&quot;)&lt;/script&gt; "
                   "&amp; &lt;b&gt;<mark>مدرسة</mark>&lt;/b&gt;")
    assert unmark(out) == text


def test_query_html_is_never_rendered():
    out = highlight("نص عادي", "<img src=x onerror=alert(1)>")
    assert out == "نص عادي"


def test_query_as_words_or_terms():
    text = "المدرسة الجديدة"
    terms = list(analyze("مدرسة"))
    assert highlight(text, ["مدرسة"]) == highlight(text, terms) == highlight(text, "مدرسة")
    assert match_spans(text, terms) == [(0, 7)]


def test_no_match_and_empty_inputs():
    assert highlight("لا شيء هنا", "مدرسة") == "لا شيء هنا"
    assert highlight("", "مدرسة") == ""
    assert highlight("نص", "") == "نص"


def test_snippet_finds_the_densest_window():
    filler = "كلام عام لا علاقة له بالموضوع " * 20
    text = filler + "زار الرئيس المدرسة ثم زار المدرسة الثانية " + filler
    out = snippet(text, "مدرسة", width=80)
    assert out.startswith("…") and out.endswith("…")
    assert out.count("<mark>") == 2
    assert len(unmark(out)) <= 80 + 2


def test_snippet_of_the_first_match_reads_no_further_than_its_window():
    """A results page's passage is where the body first holds the words (the densest run near there), and
    what comes later is never analysed: a later, denser run is not chosen."""
    filler = "كلام عام لا علاقة له بالموضوع " * 20
    text = filler + "زار الرئيس المدرسة " + filler + "المدرسة والمدرسة الثانية ومدرستهم " + filler
    out = Highlighter("مدرسة").snippet(text, 80, first=True)
    assert out.count("<mark>") == 1 and "زار الرئيس <mark>المدرسة</mark>" in out
    assert snippet(text, "مدرسة", width=80).count("<mark>") == 2  # the densest run, further on
    near = filler + "المدرسة ثم زار المدرسة الثانية " + filler + "المدرسة والمدرسة ومدرستهم"
    assert Highlighter("مدرسة").snippet(near, 80, first=True).count("<mark>") == 2
    assert Highlighter("مدرسة").spans(text, reach=80) == Highlighter("مدرسة").spans(text)[:1]


def test_snippet_cuts_on_word_boundaries_and_collapses_whitespace():
    text = "أول\n\nسطر " + "كلمة " * 60 + "\n\nمدرسة " + "نهاية " * 60
    out = snippet(text, "مدرسة", width=60)
    body = unmark(out).strip("…")
    assert "\n" not in out and "  " not in body
    assert all(word in ("كلمة", "مدرسة", "نهاية") for word in body.split())


def test_snippet_falls_back_to_the_start():
    text = "بداية النص " + "كلام " * 100
    out = snippet(text, "مدرسة", width=40)
    assert out.startswith("بداية النص") and out.endswith("…")
    assert "<mark>" not in out


def test_snippet_of_short_text_has_no_ellipsis_and_is_escaped():
    assert snippet("<مدرسة>", "مدرسة") == "&lt;<mark>مدرسة</mark>&gt;"


def test_corpus_highlights_round_trip_to_the_original():
    """On real articles: removing marks and unescaping gives the text back,
    and every marked word matches the query through the analysis."""
    query = "الرئيس الأمريكي ترامب سوريا روسيا"
    wanted, marked = query_terms(query), 0
    for item in corpus_articles(400):
        body = item["body"]
        out = highlight(body, query)
        assert unmark(out) == body
        for word in re.findall(r"<mark>(.*?)</mark>", out):
            assert query_terms(html.unescape(word)) & wanted
            marked += 1
    assert marked > 150


def analysed_spans(text, query):
    """The spans the index's own analysis says match: the definition the highlighter must keep."""
    wanted = query_terms(query)
    return sorted({(term.start, term.end) for term in analyze(text) if term.text in wanted})


MIXED_TEXTS = [
    "قال مُحَمَّدٌ إن علي بن أبي طالب زار المدرسة في ٢٠١٨م",
    "ذهب علي إلى السوق وعلي الرغم من ذلك بقي الأمير علي",
    "آلية جديدة للتعاون بين سوريا وروسيا بـ20 مليون دولار",
    "والأميركيون في سورية مع ترمب، والرئيس الأمريكي ترامب",
    "ﺍﻟﺮﺋﻴﺲ ﺍﻟﺴﻮﺭﻱ في دمشق\u200cاليوم، علي",
    "المتفق عليه بين الرئيس علي وعلى الوزير",
]


def test_one_highlighter_for_many_texts_marks_what_the_analysis_matches():
    """A results page judges each distinct word once for all its passages (``Highlighter``): the
    marks must still be, text by text, the words whose analysed terms are the query's."""
    for query in ("علي سوريا ترامب", "الرئيس علي", "2018 مدرسة محمد", "آلية روسيا دولار"):
        page = Highlighter(query)
        for text in MIXED_TEXTS * 2:  # the second round answers from the judged words
            assert page.spans(text) == analysed_spans(text, query), (query, text)
            assert page.highlight(text) == highlight(text, query)
            assert page.snippet(text, 60) == snippet(text, query, width=60)


def test_corpus_passages_mark_what_the_analysis_matches():
    queries = ["الرئيس الأمريكي ترامب", "سوريا روسيا", "علي مجلس الأمن", "الأمم المتحدة 2018"]
    pages = [Highlighter(query) for query in queries]
    articles = corpus_articles(300)
    assert len(articles) == 300
    differing = [(query, text[:80]) for article in articles for query, page in zip(queries, pages, strict=True)
                 for text in (article["title"], article["body"][:3000])
                 if page.spans(text) != analysed_spans(text, query)]
    assert differing == []


def test_words_skipped_unanalysed_are_never_words_that_match():
    """The highlighter analyses only the words holding a query term or a spelling the variant table
    folds into one (``VariantTable.forms_folded_into``): on corpus passages, for queries of the
    texts' own words and of variant spellings with their prefixes and suffixes, under a table with
    an alias added as tags add them, the marks are still exactly what the analysis matches."""
    articles = corpus_articles(150)
    previous = set_table(get_table().copy().extend([["بشار الأسد", "الأسد", "بشار"], ["ماكرون", "مكرون"]]))
    try:
        texts = [text for article in articles for text in (article["title"], article["body"][:3000])]
        rng = random.Random(9)
        queries = ["والأميركيون ترمب سورية", "الأمريكية بوتن", "بالإنكليزية", "أسد مكرون", "الاسد", "ماكرونيه"]
        queries += [" ".join(rng.choice(text.split()) for _ in range(2)) for text in rng.sample(texts, 40)]
        for query in queries:
            page = Highlighter(query)
            for text in texts:
                assert page.spans(text) == analysed_spans(text, query), (query, text[:80])
    finally:
        set_table(previous)


@pytest.mark.parametrize("text", ["", " ", "\n\t ", "كلمة", " كلمة", "كلمة\u00a0", "  كلمتان \n\n اثنتان  ",
                                  "a\u2003b\u3000c\u200bd", "\u0085x\x1cy "])
def test_a_snippets_white_space_is_squashed_as_the_regular_expression_does(text):
    """Every run of white space in a snippet becomes one space (``str.split``'s white space is ``\\s``'s)."""
    assert _squashed(text) == re.sub(r"\s+", " ", text)
