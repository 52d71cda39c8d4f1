"""The Whoosh text field's postings, gathered a word as written at a time, equal those of its tokens one by one.

``PackedPositions.word_values`` takes ``ArabicAnalyzer.term_positions``
when it can; Whoosh's ``Positions.word_values`` reads the analyzer's tokens
one by one. Both must give the same terms, frequencies, weights and
positions, on real articles and on the texts that try the analysis' edges.
"""

import pytest
from whoosh.formats import Positions

from archive.arabic.variants import get_table, load_table, set_table
from archive.search.engine.whoosh_analysis import ArabicAnalyzer
from archive.search.engine.whoosh_positions import PackedPositions
from tests.corpus import corpus_articles

EDGES = [
    "الامير علي يصل الى المدينه",  # folded, with a stop word that is also a name
    "قال إن الأمير علي وصل إلى المدينة، وقال ان",
    "مُحَمَّدٌ يَـــزور ﻻ ﷺ في عام ٢٠١٨م زار بـ20 مد\u200cرسة",
    "رسالة 😀 مع 𝐀𝐁 نص \U0001d400\u0651كلمة 𓀀 آخر",
    "O'Reilly \\ Straße " + "x" * 300,
    "في من على و",
    "",
    " ".join(["مدرسة", "المدارس", "في", "مدارسها"] * 100),
]


def _postings(value, fmt, analyzer, reference):
    word_values = Positions.word_values if reference else fmt.word_values
    return sorted(word_values(fmt, value, analyzer, mode="index") if reference
                  else word_values(value, analyzer, mode="index"))


def _same(value, fmt=None, analyzer=None):
    fmt, analyzer = fmt or PackedPositions(field_boost=2.0), analyzer or ArabicAnalyzer()
    assert _postings(value, fmt, analyzer, reference=False) == _postings(value, fmt, analyzer, reference=True)


def test_corpus_articles_give_the_postings_of_their_tokens():
    items = corpus_articles(600)
    for item in items:
        _same(f"{item['title']}\n{item['body']}")
    assert len(items) == 600
    assert ArabicAnalyzer().term_positions(item["body"]) is not None  # gathered, not read token by token


@pytest.mark.parametrize("value", EDGES, ids=range(len(EDGES)))
def test_edge_texts_give_the_postings_of_their_tokens(value):
    _same(value)


def test_another_stem_boost_and_a_new_variant_group():
    _same(EDGES[1], analyzer=ArabicAnalyzer(stem_boost=0.3))
    previous = set_table(load_table())
    try:
        text = "قال بوتينوف إن البوتينوفية بوتينوفا"
        _same(text)
        get_table().extend([["بوتينوف", "بوتينوفا"]])
        _same(text)
    finally:
        set_table(previous)
