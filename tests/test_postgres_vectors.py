"""The PostgreSQL engine's document vectors, made a word as written at a time, equal the word-by-word reading.

``document_texts`` (what the import and every save write) must give exactly
what ``document_text_in_order`` gives: the same ``tsvector`` text (lexemes,
positions, weights, in the same order) and the same words; and
``counted_vectors`` (what the rebuild writes) the same vectors, with the same
words counted. Checked on real articles and on the texts that try its edges.
The rebuild copies them in binary (``counted_vectors(binary=True)``): the
same lexemes and positions as ``binary_vector`` reads from the text, and
PostgreSQL reads that binary as the very vector it reads from the text.
"""

from collections import Counter

import pytest

from archive.arabic.variants import get_table, load_table, set_table
from archive.search.engine.postgres_vectors import (
    MAX_POSITION,
    BinaryVectorDumper,
    WordTally,
    WrittenWords,
    binary_vector,
    counted_vectors,
    document_text,
    document_text_in_order,
    document_texts,
)
from tests.corpus import corpus_articles


def _corpus_articles(limit):
    for item in corpus_articles(limit):
        tags = f"{item['source']}\n{item['category']}\nالولايات المتحدة الأمريكية\nO'Brien \\ قناة"
        yield item["title"], tags, f"{item['title']}\n\n{item['body']}"


def _same(articles):
    made = document_texts(articles)
    assert len(made) == len(articles)
    for article, text in zip(articles, made, strict=True):
        assert text == document_text_in_order(*article), article[0][:80]
        assert document_text(*article) == text
    tally = WordTally()
    assert counted_vectors(articles, tally) == [text.vector for text in made]
    assert counted_vectors(articles[::-1], tally) == [text.vector for text in made[::-1]]
    binary = counted_vectors(articles, tally, binary=True)
    assert [_entries(vector) for vector in binary] == [_entries(binary_vector(text.vector)) for text in made]
    text_docs, title_docs = tally.counts()
    assert text_docs == {word: 3 * count for word, count in Counter(
        word for text in made for word in text.text_words).items()}
    assert title_docs == {word: 3 * count for word, count in Counter(
        word for text in made for word in text.title_words).items()}


def _entries(binary):
    """{lexeme: positions with their weight bits} of a vector in tsvector's binary form (its whole bytes read)."""
    entries, at = {}, 4
    for _entry in range(int.from_bytes(binary[:4], "big")):
        end = binary.index(b"\0", at)
        lexeme, count, at = binary[at:end].decode(), int.from_bytes(binary[end + 1:end + 3], "big"), end + 3
        entries[lexeme] = [int.from_bytes(binary[at + 2 * index:at + 2 * index + 2], "big") for index in range(count)]
        at += 2 * count
    assert at == len(binary)
    return entries


def test_corpus_articles_give_the_word_by_word_vectors():
    articles = list(_corpus_articles(1500))
    for start in range(0, len(articles), 250):
        _same(articles[start:start + 250])
    known = WrittenWords.current()
    read_as_written = sum(known.ids(body) is not None for _title, _tags, body in articles)
    assert read_as_written == len(articles)  # not one took the word-by-word reading


EDGES = [
    # a folded title (no hamza, ى or ة) with a stop word that is also a name: the text decides
    ("الامير علي يصل الى المدينه", "", "وصل الامير علي الى المدينه"),
    ("قال ان الاتفاق نافذ", "ان", "ان"),
    # vocalized, tatweel, joiners, presentation forms, Arabic-Indic digits glued to letters
    ("مُحَمَّدٌ يَـــزور ﻻ ﷺ", "ﺍﻟﻘﺎﻫﺮﺓ", "في عام ٢٠١٨م زار بـ20 مد\u200cرسة"),
    # characters past the Basic Multilingual Plane, a mark among them
    ("رسالة 😀 مع 𝐀𝐁", "", "نص \U0001d400\u0651كلمة 𓀀 آخر"),
    # Latin with quotes and backslashes, casefolded; a word too long to be a lexeme
    ("O'Reilly \\ Straße", "ß", "x" * 300 + " كلمة " + "ب" * 201),
    # stop words only, empty sections
    ("في من على", "", "و في"),
    ("", "", "مدرسة"),
    ("", "", ""),
    ("عنوان", "", ""),
]


@pytest.mark.parametrize("article", EDGES, ids=range(len(EDGES)))
def test_edge_texts_give_the_word_by_word_vectors(article):
    _same([article])


def test_many_edge_texts_in_one_batch():
    _same(EDGES + [EDGES[0]] + EDGES[::-1])


def test_a_word_past_256_positions_and_a_body_past_the_last_position():
    _same([("مدرسة", "مدرسة", " ".join(["مدرسة", "المدارس", "في"] * 300))])
    _same([("طويل", "", " ".join(["كلمة", "أخرى", "في"] * (MAX_POSITION // 3 + 10)))])


def test_postgresql_reads_the_binary_vectors_as_the_text(postgres):
    """What the rebuild copies (binary, made by NumPy, or read from the text where the text was read word by
    word) is the vector PostgreSQL parses from the text: lexemes, positions and weights."""
    articles = [*_corpus_articles(100), *EDGES, (" ".join(["كلمة"] * 300), "", "O'Reilly \\ ''"),
                ("طويل", "", " ".join(["كلمة", "أخرى", "في"] * (MAX_POSITION // 3 + 10)))]
    texts = [text.vector for text in document_texts(articles)]
    binary = counted_vectors(articles, WordTally(), binary=True)
    with postgres.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE vectors (position int, parsed tsvector, received tsvector)")
        raw = cursor.cursor
        raw.adapters.register_dumper(None, BinaryVectorDumper)
        with raw.copy("COPY vectors (position, received) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int4", "tsvector"])
            for position, vector in enumerate(binary):
                copy.write_row((position, vector))
        cursor.execute("UPDATE vectors SET parsed = (%s::text[])[position + 1]::tsvector", [texts])
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE parsed::text = received::text AND parsed = received) "
                       "FROM vectors")
        assert cursor.fetchone() == (len(articles), len(articles))


def test_a_new_variant_group_is_read_with_the_new_table():
    previous = set_table(load_table())
    try:
        article = ("زيارة فلاديمير بوتينوف", "بوتينوف", "قال بوتينوف إن البوتينوفية")
        _same([article])
        tally, before = WordTally(), document_text(*article)
        counted_vectors([article], tally)
        get_table().extend([["بوتينوف", "بوتينوفا"]])
        _same([article, ("", "", "بوتينوفا")])
        counted_vectors([article], tally)  # counted with the new table's lexeme ids
        after = document_text(*article)
        assert tally.counts()[0] == dict(Counter([*before.text_words, *after.text_words]))
        assert document_text("", "", "بوتينوفا").vector == document_text("", "", "بوتينوف").vector
    finally:
        set_table(previous)


def test_a_new_table_is_followed_keeping_the_words_it_leaves_alone():
    """An import installs the tag aliases again after each batch: a new table, a group or two larger. The words
    read before keep their analysis unless a new group may change it, and the vectors still equal the
    definition's with the new table."""
    previous = set_table(load_table())
    try:
        named = ("كوشنيروف يلتقي الزيدانيين", "", "قال كوشنروف ولكوشنيروف إن الزيدانيون والزايدانيين حضروا")
        articles = [*_corpus_articles(300), named]
        _same(articles)
        known = WrittenWords.current()
        learned = len(known.words)
        set_table(load_table().extend([["كوشنيروف", "كوشنروف"], ["الزيدانيون", "الزايدانيون"]]))
        assert WrittenWords.current() is known
        assert {"كوشنروف", "ولكوشنيروف", "الزيدانيون", "الزايدانيين"}.isdisjoint(known.words)
        assert len(known.words) > 0.95 * learned
        _same(articles)
        assert document_text("", "", "كوشنروف").vector == document_text("", "", "كوشنيروف").vector
        assert document_text("", "", "الزايدانيين").vector == document_text("", "", "الزيدانيين").vector
    finally:
        set_table(previous)
