"""Normalization and fingerprints: every character class the press throws at us."""

import unicodedata

import pytest

from archive.arabic.fingerprint import text_fingerprint
from archive.arabic.normalize import DIACRITICS, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("مُحَمَّدٌ", "محمد"),
        ("إسرائيل", "اسراييل"),
        ("اسرائيل", "اسراييل"),
        ("أحمد", "احمد"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("مدرسة", "مدرسه"),
        ("مستشفى", "مستشفي"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("کتاب", "كتاب"),
        ("گوگل", "كوكل"),
        ("فارسی", "فارسي"),
        ("ہندی", "هندي"),
        ("ۀ", "ه"),
        ("ے", "ي"),
        ("ڤيديو", "فيديو"),
        ("كـــتـــاب", "كتاب"),
        ("القرآنُ", "القران"),
        ("رَحْمٰن", "رحمن"),  # superscript alef U+0670
        ("ذٰلِكَ", "ذلك"),
        ("\u06d6\u06dbقل", "قل"),  # Quranic annotation marks
    ],
)
def test_letters_and_marks_fold(raw, expected):
    assert normalize(raw) == expected


def test_decomposed_hamza_composes_before_folding():
    decomposed = "\u0627\u0654حمد"  # alef + combining hamza above
    assert unicodedata.normalize("NFC", decomposed)[0] == "\u0623"
    assert normalize(decomposed) == "احمد"
    assert normalize("\u064a\u0654") == "ي"  # yeh + hamza -> ئ -> ي
    assert normalize("\u0648\u0654") == "و"  # waw + hamza -> ؤ -> و


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\ufefb", "لا"),  # ﻻ lam-alef isolated
        ("\ufef7", "لا"),  # ﻷ lam-alef with hamza
        ("\ufef5", "لا"),  # ﻵ lam-alef with madda
        ("\ufe8d\ufedf\ufecc\ufeae\ufe91", "العرب"),  # presentation forms
        ("\ufdf2", "الله"),
        ("\ufe94", "ه"),  # ta marbuta final form
    ],
)
def test_presentation_forms_become_base_letters(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [("٢٠١٧", "2017"), ("۱۳۹۷", "1397"), ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("٣٫٥٪", "3.5%")],
)
def test_digits_become_ascii(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("mark", ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
                                  "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069", "\u200c", "\u200d", "\ufeff", "\u0640"])
def test_invisible_marks_vanish_inside_a_word(mark):
    assert normalize(f"مد{mark}رسة") == "مدرسه"


@pytest.mark.parametrize("sep", ["،", "؛", "؟", "«", "»", "“", "”", "„", "‹", "›", "…", "—"])
def test_arabic_punctuation_becomes_space(sep):
    assert normalize(f"سوريا{sep}لبنان").split() == ["سوريا", "لبنان"]


def test_every_diacritic_is_dropped():
    assert normalize("ب" + DIACRITICS + "ت") == "بت"
    assert normalize(DIACRITICS) == ""
    assert normalize("َُِّْ") == ""


def test_latin_is_casefolded_and_kept():
    assert normalize("Trump TWEETED") == "trump tweeted"
    assert normalize("Straße") == "strasse"
    assert normalize("قال Trump: «نعم»") == "قال trump:  نعم "


def test_control_characters_become_spaces_but_newlines_stay():
    assert normalize("أ\x00ب\x07ج\x85د") == "ا ب ج د"
    assert normalize("سطر\nسطر\tآخر") == "سطر\nسطر\tاخر"


def test_empty_and_long_inputs():
    assert normalize("") == ""
    long_text = "مُدَرِّسَةٌ " * 1000
    assert len(long_text) == 12000
    assert normalize(long_text) == "مدرسه " * 1000


def test_is_idempotent_over_tricky_text():
    text = "ﻷ\u0627\u0654 مُحَمَّدٌ ٢٠١٧ ۀ ک Straße İstanbul \ufdfa\u200fـ"
    once = normalize(text)
    assert normalize(once) == once


def test_fingerprint_ignores_diacritics_hamza_tatweel_whitespace():
    a = text_fingerprint("قالَ الرئيسُ", "إنّ المدرسةَ  مغلقة\n")
    b = text_fingerprint("قال الرييس", " ان المدرسه مغلـــقه")
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0


def test_fingerprint_changes_with_words_and_part_boundaries():
    assert text_fingerprint("قال الرئيس") != text_fingerprint("قال الوزير")
    assert text_fingerprint("أ ب", "ج") != text_fingerprint("أ", "ب ج")
    assert text_fingerprint("أ", None) == text_fingerprint("ا", "")


def test_long_texts_fold_every_character_as_the_table_does():
    """A long text is folded by replacing its common letters when it has no other: the same result, for
    every character of the Basic Multilingual Plane, alone or beside the common ones."""
    from archive.arabic.normalize import _TABLE

    padding = "ةأ،إىئآؤ" + "كتب " * 10
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = padding + chr(code) + padding
        expected = unicodedata.normalize("NFC", text).translate(_TABLE).casefold()
        assert normalize(text) == expected, hex(code)
