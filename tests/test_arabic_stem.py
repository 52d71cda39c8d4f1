"""Light stemming: prefixes, suffixes and the guards that protect short words."""

import pytest

from archive.arabic.normalize import normalize
from archive.arabic.stem import is_arabic, prefix_steps, stem, strip_prefixes, strip_suffixes


def stem_of(word):
    return stem(normalize(word))


@pytest.mark.parametrize(
    "word, expected",
    [
        ("المدرسة", "مدرس"),
        ("والمدرسة", "مدرس"),
        ("بالمدرسة", "مدرس"),
        ("كالمدرسة", "مدرس"),
        ("فالمدرسة", "مدرس"),
        ("للمدرسة", "مدرس"),
        ("مدرستها", "مدرس"),  # ت of ة before a pronoun
        ("مدرسته", "مدرس"),
        ("بالرئيس", "رييس"),
        ("للرئيس", "رييس"),
        ("لرئيسه", "رييس"),
        ("وقال", "قال"),
        ("المعلمون", "معلم"),
        ("المعلمين", "معلم"),
        ("معلمات", "معلم"),
        ("والأميركيون", "اميرك"),
        ("الأمريكية", "امريك"),
        ("بمصر", "مصر"),
        ("سياراتها", "سيار"),
        ("تصريحاتها", "تصريح"),
        ("الحكومة", "حكوم"),
        ("حكومتها", "حكوم"),
    ],
)
def test_affixes_are_peeled(word, expected):
    assert stem_of(word) == expected


@pytest.mark.parametrize(
    "word",
    ["قال", "مقال", "من", "في", "يد", "دم", "اب", "عن", "بيت", "وقت", "منها", "ابن"],
)
def test_short_words_are_left_alone(word):
    assert stem_of(word) == normalize(word)


def test_length_guards():
    assert strip_prefixes("وله") == "وله"        # و would leave 2 letters
    assert strip_prefixes("الف") == "الف"        # ال would leave 1 letter
    assert strip_prefixes("الحج") == "حج"        # the article may leave 2
    assert strip_prefixes("بيت") == "بيت"        # ب would leave 2
    assert strip_suffixes("منها") == "منها"      # ها would leave 2
    assert strip_suffixes("بيوتها") == "بيوت"    # 4 letters: ت is a root letter


def test_one_article_or_one_preposition_after_waw():
    assert prefix_steps("والرييس") == ["والرييس", "الرييس", "رييس"]
    assert prefix_steps("بترامب") == ["بترامب", "ترامب"]
    assert prefix_steps("وبترامب") == ["وبترامب", "بترامب"]  # no و + ب stacking
    assert prefix_steps("مدرسه") == ["مدرسه"]


def test_suffixes_follow_light10_order_once_each():
    assert strip_suffixes("امريكيون") == "امريك"   # ون then ي
    assert strip_suffixes("مكافات") == "مكاف"
    assert strip_suffixes("كتابان") == "كتاب"


def test_non_arabic_words_are_not_stemmed():
    assert stem("trump") == "trump"
    assert stem("2018") == "2018"
    assert not is_arabic("abc") and is_arabic("كتاب") and not is_arabic("")
