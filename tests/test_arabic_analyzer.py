"""The analysis pipeline and its Whoosh analyzer, on a real Whoosh index."""

import pickle

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import create_in, open_dir
from whoosh.qparser import MultifieldParser, QueryParser

from archive.arabic.analysis import STEM, SURFACE, Term, analyze, query_terms
from archive.arabic.variants import get_table, load_table, set_table
from archive.search.engine.whoosh_analysis import (
    ArabicAnalyzer,
    arabic_query_parser,
    arabic_text_field,
    install_arabic_phrases,
    positional_phrase,
)

# --- analysis.py --------------------------------------------------------------


def test_terms_have_positions_offsets_and_kinds():
    text = "قالَ الرئيسُ في المدرسةِ"
    assert list(analyze(text)) == [
        Term("قال", 0, 0, 4, SURFACE),
        Term("الرييس", 1, 5, 12, SURFACE),
        Term("رييس", 1, 5, 12, STEM),
        Term("المدرسه", 3, 16, 24, SURFACE),  # في (position 2) dropped
        Term("مدرس", 3, 16, 24, STEM),
    ]


def test_stop_words_can_be_kept_and_stems_left_out():
    kept = [(t.text, t.position) for t in analyze("في المدرسة", removestops=False, stems=False)]
    assert kept == [("في", 0), ("المدرسه", 1)]


def test_variants_apply_to_surface_and_stem():
    terms = {(t.text, t.kind) for t in analyze("والأميركيون وترمب")}
    assert terms == {("والامريكيون", SURFACE), ("امريك", STEM),
                     ("وترامب", SURFACE), ("ترامب", STEM)}


def test_query_terms_accepts_strings_words_and_terms():
    expected = {"المدرسه", "مدرس"}
    assert query_terms("المدرسة") == expected
    assert query_terms(["المدرسة", "في"]) == expected
    assert query_terms(list(analyze("المدرسة"))) == expected


# --- the Whoosh analyzer ------------------------------------------------------


def test_analyzer_pickles_and_compares_equal():
    analyzer = pickle.loads(pickle.dumps(ArabicAnalyzer()))
    assert analyzer == ArabicAnalyzer() and analyzer != ArabicAnalyzer(stem_boost=0.2)


def test_tokens_carry_positions_chars_and_boosts():
    text = "في المدرسةِ"
    tokens = [(t.text, t.pos, t.startchar, t.endchar, t.boost)
              for t in ArabicAnalyzer()(text, positions=True, chars=True, start_char=10)]
    assert tokens == [("المدرسه", 1, 13, 21, 1.0), ("مدرس", 1, 13, 21, 0.5)]


def test_removestops_false_marks_stop_words():
    tokens = [(t.text, t.stopped) for t in ArabicAnalyzer()("في مدرسة", removestops=False)]
    assert tokens == [("في", True), ("مدرسه", False), ("مدرس", False)]


def test_untokenized_value_is_normalized_whole():
    tokens = [t.text for t in ArabicAnalyzer()("أمريكـ*", tokenize=False, mode="query")]
    assert tokens == ["امريك*"]


DOCS = {
    "vocal": "قالَ مُحَمَّدٌ إنَّ الطلابَ عادوا",
    "plain": "زار محمد مدينة حلب",
    "hamza": "أعلنت إسرائيل عن خطة",
    "alef": "اعلن الوزير عن مستشفى جديد",
    "taa": "افتتاح مدرسه للبنات",
    "tatweel": "كـــتـــاب جـديـد",
    "digits": "في عام ٢٠١٧ ارتفعت الأسعار",
    "prefix": "والمكتبة العامة وبالجامعة",
    "variants": "قال ترمب إن الأميركيين في سورية",
    "phrase": "الرئيس في سوريا يلتقي الوفد",
    "reversed": "سوريا الرئيس",
    "exact": "المدرسة الكبيرة",
    "stemonly": "مدرستها الكبيرة",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whoosh")
    schema = Schema(id=ID(stored=True, unique=True),
                    text=TEXT(analyzer=ArabicAnalyzer(), stored=True, multitoken_query="or"))
    writer = create_in(str(folder), schema).writer()
    for key, text in DOCS.items():
        writer.add_document(id=key, text=text)
    writer.commit()
    return open_dir(str(folder))  # the schema comes back unpickled


def search(index, text, parser=None):
    parser = parser or arabic_query_parser("text", index.schema)
    with index.searcher() as searcher:
        return [hit["id"] for hit in searcher.search(parser.parse(text), limit=None)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("محمد", {"vocal", "plain"}),
        ("مُحَمَّد", {"vocal", "plain"}),
        ("إسرائيل", {"hamza"}),
        ("اسرائيل", {"hamza"}),
        ("أعلن", {"alef"}),
        ("مستشفي", {"alef"}),
        ("مدرسة", {"taa", "exact", "stemonly"}),
        ("كتاب", {"tatweel"}),
        ("كـتـاب", {"tatweel"}),
        ("2017", {"digits"}),
        ("٢٠١٧", {"digits"}),
        ("مكتبة", {"prefix"}),
        ("المكتبة", {"prefix"}),
        ("جامعة", {"prefix"}),
        ("بالمكتبة", {"prefix"}),
        ("أمريكي", {"variants"}),
        ("الأمريكيين", {"variants"}),
        ("ترامب", {"variants"}),
        ("سوريا", {"variants", "phrase", "reversed"}),
        ("في", set()),
    ],
)
def test_search_matches_spelling_variants(index, query, expected):
    assert set(search(index, query)) == expected


def test_stock_query_parser_works_for_words(index):
    parser = QueryParser("text", index.schema)
    assert set(search(index, "والمكتبة", parser)) == {"prefix"}
    assert set(search(index, "سورية ترمب", parser)) == {"variants"}
    assert isinstance(arabic_query_parser("text", index.schema), QueryParser)


def test_phrase_with_stop_word_matches_in_order_only(index):
    assert search(index, '"الرئيس في سوريا"') == ["phrase"]
    assert search(index, '"سوريا الرئيس"') == ["reversed"]
    assert search(index, '"الرئيس سوريا"') == []  # the stop word's gap is required
    assert search(index, '"سوريا في الرئيس"') == []
    assert search(index, '"رئيس في سوريا"') == ["phrase"]  # stems match in phrases
    assert set(search(index, '"الرئيس سوريا"~2')) == {"phrase"}
    assert set(search(index, '"في المدرسة"')) == {"exact", "taa", "stemonly"}
    assert search(index, '"في"') == []


def test_positional_phrase_shapes():
    assert positional_phrase("f", []).__class__.__name__ == "_NullQuery"
    assert positional_phrase("f", [(0, ["a"]), (1, ["b"])]).__class__.__name__ == "Phrase"
    assert positional_phrase("f", [(0, ["a"]), (2, ["b"])]).__class__.__name__ == "SpanSequence"


def test_exact_spelling_ranks_above_stem_only_match(index):
    ranked = search(index, "المدرسة")
    assert ranked[0] == "exact"
    assert set(ranked[1:]) == {"taa", "stemonly"}
    assert search(index, "مدرسه")[0] == "taa"


def test_stem_terms_are_indexed_with_half_weight(index):
    with index.searcher() as searcher:
        postings = searcher.reader().postings("text", "مدرس")
        weights = {}
        while postings.is_active():
            weights[searcher.stored_fields(postings.id())["id"]] = postings.weight()
            postings.next()
    assert weights == {"taa": 0.5, "exact": 0.5, "stemonly": 0.5}


@pytest.fixture
def fresh_registry():
    previous = set_table(load_table())
    yield get_table()
    set_table(previous)


def test_aliases_added_at_runtime_reach_an_existing_schema(tmp_path, fresh_registry):
    schema = Schema(id=ID(stored=True), text=arabic_text_field(stored=True))
    create_in(str(tmp_path), schema)
    index = open_dir(str(tmp_path))
    fresh_registry.extend([["ليونيل", "ليونل"]])  # e.g. a tag's aliases
    writer = index.writer()
    writer.add_document(id="a", text="سجل ليونل هدفا")
    writer.commit()
    assert search(index, "ليونيل") == ["a"]
    assert search(index, "وليونيل") == ["a"]


def test_phrases_over_several_fields_and_inside_boolean_queries(tmp_path):
    schema = Schema(id=ID(stored=True), title=arabic_text_field(), text=arabic_text_field())
    writer = create_in(str(tmp_path), schema).writer()
    writer.add_document(id="a", title="خبر", text="الرئيس في سوريا زار مدرستها")
    writer.add_document(id="b", title="المدرسة", text="نص قصير")
    writer.commit()
    index = open_dir(str(tmp_path))
    parser = install_arabic_phrases(MultifieldParser(["title", "text"], schema=index.schema))
    assert search(index, '"الرئيس في سوريا"', parser) == ["a"]
    assert search(index, '"الرئيس سوريا"', parser) == []
    assert set(search(index, '"الرئيس في سوريا" OR المدرسة', parser)) == {"a", "b"}
    assert search(index, '"الرئيس في سوريا" مدرسة', parser) == ["a"]
    assert search(index, "المدرسة", parser) == ["b", "a"]  # title exact, then text stem
