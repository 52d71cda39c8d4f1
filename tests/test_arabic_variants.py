"""Press spelling variants: the shipped table, runtime extension, stems."""

import pytest

from archive.arabic.analysis import analyze_word
from archive.arabic.normalize import normalize
from archive.arabic.variants import DATA_FILE, VariantTable, get_table, load_table, parse_groups, set_table


@pytest.fixture
def shipped():
    return load_table()


def fold(word, table):
    """(surface, stems) of a raw word through the analysis."""
    return analyze_word(normalize(word), table)


@pytest.mark.parametrize(
    "a, b",
    [
        ("أمريكا", "أميركا"),
        ("أمريكي", "أميركي"),
        ("الأمريكية", "الأميركية"),
        ("سوريا", "سورية"),
        ("ترامب", "ترمب"),
        ("سيرغي", "سيرجي"),
        ("غوغل", "جوجل"),
        ("فيسبوك", "فايسبوك"),
        ("تويتر", "توتير"),
        ("بوتين", "بوتن"),
        ("نتنياهو", "نتانياهو"),
        ("الإنجليزي", "الإنكليزي"),
        ("الميليشيات", "المليشيات"),
        ("مسؤول", "مسئول"),
        ("غوتيريس", "غوتيريش"),
        ("تشيلسي", "تشلسي"),
    ],
)
def test_shipped_groups_fold_both_spellings_alike(shipped, a, b):
    assert fold(a, shipped) == fold(b, shipped)


def test_shipped_table_is_large_and_parses():
    groups = parse_groups(DATA_FILE.read_text(encoding="utf-8"))
    assert len([g for g in groups if len(g) > 1]) >= 100
    assert ["فيسبوك", "فايسبوك", "فيس بوك"] in groups


def test_prefixed_and_inflected_forms_fold(shipped):
    surface, stems = fold("والأميركيون", shipped)
    assert surface == "والامريكيون" and stems == ("امريك",)
    assert fold("أمريكي", shipped)[1] == fold("الأميركيين", shipped)[1] == ("امريك",)
    assert fold("وترمب", shipped) == ("وترامب", ("ترامب",))
    assert fold("لترمب", shipped) == ("لترامب", ("ترامب",))
    assert fold("مسئولة", shipped)[1] == fold("المسؤولين", shipped)[1] == ("مسوول",)


def test_listed_names_are_protected_from_suffix_stripping(shipped):
    assert fold("بوتين", shipped) == ("بوتين", ("بوتين",))
    assert fold("ماكرون", shipped) == ("ماكرون", ("ماكرون",))
    assert fold("اللبناني", shipped)[1] == ("لبنان",)
    assert fold("الإيرانيون", shipped)[1] == ("ايران",)
    assert fold("ماكر", shipped) == ("ماكر", ("ماكر",))


def test_unlisted_words_are_untouched(shipped):
    assert fold("مدرسة", shipped) == ("مدرسه", ("مدرس",))


def test_an_empty_table_is_used_as_given_not_replaced_by_the_default():
    empty = VariantTable()
    assert len(empty) == 0
    assert fold("ترمب", empty) == ("ترمب", ("ترمب",))
    assert fold("بوتين", empty) == ("بوتين", ("وتين", "بوت"))  # why names are listed


def test_parse_groups_format():
    text = "# comment\nأ ب  ج # trailing\n\nدونالد ترامب، ترمب,ترامب\n   \n"
    assert parse_groups(text) == [["أ", "ب", "ج"], ["دونالد ترامب", "ترمب", "ترامب"]]


def test_extend_merges_groups_sharing_a_form():
    table = VariantTable([["ترامب", "ترمب"]])
    table.extend([["ترمب", "Trump"], ["جوجل", "غوغل"]])
    assert table.lookup("trump") == ("ترامب", "ترامب")
    assert table.lookup("جوجل") == ("جوجل", "جوجل")
    table.extend([["غوغل", "ترامب"]])  # bridges two groups: one canonical,
    assert table.lookup("trump")[0] == table.lookup("ترمب")[0] == "جوجل"  # the first hit's
    assert len(table) == 1


def test_forms_are_normalized_and_stored_without_article():
    table = VariantTable([["الأُرْدُن", "الاردنّ"], ["قطر"]])
    assert table.lookup("اردن") == ("اردن", "اردن")
    assert fold("بالأردن", table) == ("بالاردن", ("اردن",))
    assert table.lookup("الاردن") is None  # callers peel the article first


def test_multi_word_forms_are_kept_for_alternatives_only():
    table = VariantTable([["دونالد ترامب", "ترمب", "ترامب"], ["ولي العهد", "محمد بن سلمان"]])
    assert table.lookup("ترامب") == table.lookup("ترمب") == ("ترمب", "ترمب")
    assert table.lookup("دونالد") is None
    assert table.alternatives("ترامب") == ["ترامب", "ترمب", "دونالد ترامب"]
    assert table.alternatives("محمد بن سلمان") == ["محمد بن سلمان", "ولي العهد"]
    assert table.alternatives("كلمة") == ["كلمه"]
    assert len(table) == 1


def test_inflecting_group_folds_unlisted_inflections():
    table = VariantTable([["انجليزي", "انكليزي"]])
    assert fold("الإنكليزيات", table) == fold("الإنجليزيات", table) == ("الانجليزيات", ("انجليز",))


def test_runtime_extension_of_the_registry_is_seen_by_the_analysis():
    previous = set_table(load_table())
    try:
        assert analyze_word("ليونل") == ("ليونل", ("يونل", "ليونل"))
        get_table().extend([["ليونيل", "ليونل"]])
        assert analyze_word("ليونل") == ("ليونيل", ("ليونيل",))
    finally:
        set_table(previous)


def test_copy_is_independent(shipped):
    copy = shipped.copy()
    copy.extend([["سيارة", "عربية"]])
    assert copy.lookup("عربيه") == ("سياره", "سياره")
    assert shipped.lookup("عربيه") is None
