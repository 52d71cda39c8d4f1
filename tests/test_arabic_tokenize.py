"""Tokenizer: whole words, normalized, with offsets into the original text."""


import pytest

from archive.arabic.normalize import in_step, normalize
from archive.arabic.tokenize import _MASK, _PLAIN, _WORD, Token, is_plain, normalized_words, tokenize, words
from tests.corpus import corpus_articles


def spans(text):
    """(normalized word, original slice, position) for every token."""
    return [(t.text, text[t.start:t.end], t.position) for t in tokenize(text)]


def test_vocalized_word_is_one_token_with_its_marks():
    text = "قال مُحَمَّدٌ: نعم"
    assert spans(text) == [("قال", "قال", 0), ("محمد", "مُحَمَّدٌ", 1), ("نعم", "نعم", 2)]


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d", "\u0640", "\u0651", "\u0670",
                                    "\u200f", "\u202b", "\u2067", "\ufeff",
                                    "\u06de", "\u06dd", "\u06e9"])  # Quranic signs
def test_marks_and_joiners_never_split_a_word(joiner):
    text = f"مد{joiner}رسة كبيرة"
    assert spans(text) == [("مدرسه", f"مد{joiner}رسة", 0), ("كبيره", "كبيرة", 1)]


@pytest.mark.parametrize("mark", ["\U000e0100", "\U0001e94a"])  # past the Basic Multilingual Plane
def test_marks_past_the_basic_plane_never_split_a_word(mark):
    """A text holding a character past U+FFFF is masked with the whole table (``tokenize.words``)."""
    assert [(start, end) for start, end in words(f"مد{mark}رسة كبيرة")] == [(0, 6), (7, 12)]


def test_tatweel_word_keeps_full_span():
    text = "كـــتـــاب"
    assert spans(text) == [("كتاب", text, 0)]


def test_decomposed_hamza_is_one_word():
    text = "\u0627\u0654حمد و\u0627\u0655سلام"
    assert [t.text for t in tokenize(text)] == ["احمد", "واسلام"]
    assert spans(text)[0][1] == "\u0627\u0654حمد"


def test_lam_alef_ligature_and_presentation_forms():
    assert spans("\ufefb \ufe8d\ufedf\ufecc\ufeae\ufe91") == [
        ("لا", "\ufefb", 0), ("العرب", "\ufe8d\ufedf\ufecc\ufeae\ufe91", 1)]


def test_arabic_punctuation_separates():
    text = "«سوريا»،لبنان؛العراق؟ مصر…"
    assert [t.text for t in tokenize(text)] == ["سوريا", "لبنان", "العراق", "مصر"]


def test_digits_are_words_and_indic_digits_fold():
    assert spans("عام ٢٠١٧ و2018") == [("عام", "عام", 0), ("2017", "٢٠١٧", 1),
                                       ("و", "و", 2), ("2018", "2018", 3)]
    assert [t.text for t in tokenize("۱۳۹۷")] == ["1397"]


def test_digits_glued_to_arabic_letters_are_split_with_exact_offsets():
    text = "في ٢٠١٨م دفع بـ20 دولارا"
    assert spans(text) == [("في", "في", 0), ("2018", "٢٠١٨", 1), ("م", "م", 2),
                           ("دفع", "دفع", 3), ("ب", "بـ", 4), ("20", "20", 5),
                           ("دولارا", "دولارا", 6)]


def test_latin_is_casefolded_and_underscore_separates():
    assert spans("Trump في CNN_Arabic mp3") == [
        ("trump", "Trump", 0), ("في", "في", 1), ("cnn", "CNN", 2),
        ("arabic", "Arabic", 3), ("mp3", "mp3", 4)]


def test_expanding_ligature_gives_several_words_on_one_span():
    assert spans("النبي ﷺ قال") == [
        ("النبي", "النبي", 0), ("صلي", "ﷺ", 1), ("الله", "ﷺ", 2),
        ("عليه", "ﷺ", 3), ("وسلم", "ﷺ", 4), ("قال", "قال", 5)]


@pytest.mark.parametrize("text", ["", "   ", "َُِّ", "\u200f\u200e", "ـــ", "،؛؟«»", "\x00\x07"])
def test_no_words(text):
    assert list(tokenize(text)) == []


def test_control_characters_separate_words():
    assert [t.text for t in tokenize("أ\x00ب\x1fج")] == ["ا", "ب", "ج"]


def test_start_pos_offsets_positions():
    assert [t.position for t in tokenize("واحد اثنان", start_pos=10)] == [10, 11]
    assert isinstance(next(tokenize("كلمة")), Token)


def test_long_input_offsets_stay_exact():
    text = "مُدَرِّسَةٌ، " * 1000
    tokens = list(tokenize(text))
    assert len(tokens) == 1000
    assert tokens[-1].position == 999
    assert all(text[t.start:t.end] == "مُدَرِّسَةٌ" and t.text == "مدرسه" for t in tokens)


def _corpus_bodies(limit):
    return [item["body"] for item in corpus_articles(limit)]


def test_tokens_of_text_and_of_its_normalization_agree():
    text = "قالَ ﻻ «مُحَمَّدٌ»، مد\u200cرسة ٢٠١٨م ﷺ Straße ۞ ـ"
    assert [t.text for t in tokenize(text)] == [t.text for t in tokenize(normalize(text))]


def test_corpus_tokens_match_their_original_slices():
    """On real articles every token is the normalized form of its slice,
    and tokenizing the normalized text gives the same words."""
    checked = 0
    for body in _corpus_bodies(300):
        assert [t.text for t in tokenize(body)] == [t.text for t in tokenize(normalize(body))]
        previous = (0, 0)
        for token in tokenize(body):
            assert token.text and token.text in normalize(body[token.start:token.end])
            # spans advance without overlap; an expanded ligature repeats its span
            assert token.start >= previous[1] or (token.start, token.end) == previous
            previous = (token.start, token.end)
            checked += 1
    assert checked > 50_000


@pytest.mark.parametrize("text", [
    "قال الرئيس الفرنسي ماكرون إن الاتحاد الأوروبي سيبحث الأزمة",  # one character each: cut from the normalized text
    "قالَ «مُحَمَّدٌ»، مد\u200cرسة",  # dropped marks and joiners
    "ﻻ ﷺ بـ20 ٢٠١٨م",  # ligatures and presentation forms that expand
    "Straße STRASSE ﬁne",  # case folding that expands
    "ا\u0653 أ",  # not in NFC (alef and maddah above compose)
    "\ufe70 تجربة",  # a presentation form normalization drops
])
def test_words_cut_from_the_normalized_text_are_the_words_normalized(text):
    """Where every character of the text became one in its normalization (``in_step``), its words' forms cut
    from that normalization (as the highlighter cuts them) are the forms of normalizing each word."""
    assert _cut_where_in_step(text) in (None, normalized_words(text)[1])


def test_corpus_words_cut_from_the_normalized_text_are_the_words_normalized():
    cut = 0
    for body in _corpus_bodies(300):
        for start in range(0, len(body), 120):
            passage = body[start:start + 120]
            forms = _cut_where_in_step(passage)
            assert forms in (None, normalized_words(passage)[1])
            cut += forms is not None
    assert cut > 1000


def _cut_where_in_step(text):
    """The forms of ``text``'s words cut from its normalization, or None where it is not ``in_step``."""
    normalized = normalize(text)
    return [normalized[start:end] for start, end in words(text)] if in_step(text, normalized) else None


EVERY_BMP_CHARACTER = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)


def test_words_read_as_written_are_those_of_the_masked_text():
    """Within the Basic Multilingual Plane the words are read without masking the marks first: the same spans,
    around and next to every character."""
    for start in range(0, len(EVERY_BMP_CHARACTER), 64):
        text = "ب" + EVERY_BMP_CHARACTER[start:start + 64] + "ت"
        assert words(text) == [m.span() for m in _WORD.finditer(text.translate(_MASK))]


@pytest.mark.parametrize("extra", ["", "ب", "3", "٣", "²", "_", " "])
def test_a_plain_word_is_letters_alone_or_digits_alone(extra):
    """``is_plain`` asks ``str.isalpha`` and ``str.isdecimal`` first: the same answer as the regular expression
    for every character, alone and beside a letter, a digit, a numeral that is not a digit, a mark or a space."""
    for char in EVERY_BMP_CHARACTER:
        assert is_plain(char + extra) == (_PLAIN.fullmatch(char + extra) is not None), hex(ord(char))
