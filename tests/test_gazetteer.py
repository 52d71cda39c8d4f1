"""The gazetteer matcher and the starter gazetteer: prefixes, spellings,
longest match, offsets, and the quality rules of the JSON file."""

import json
from collections import defaultdict

import pytest

from archive.arabic.gazetteer import (
    DATA_FILE,
    KINDS,
    Entry,
    Gazetteer,
    load_entries,
    load_gazetteer,
    name_words,
    text_words,
)
from archive.arabic.stopwords import STOPWORDS
from archive.arabic.tokenize import tokenize
from tests.corpus import corpus_articles

TRUMP = "دونالد ترامب"

#: Entries whose canonical name alone is ambiguous and so excluded on
#: purpose: they are tagged only through their longer aliases.
SELF_EXCLUDED = {"عُمان", "عمّان", "دوما", "العقبة", "الزرقاء", "فاس"}


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def names(gazetteer, text):
    return [m.name for m in gazetteer.find(text)]


# --- Spellings: prefixes, diacritics, hamza, ta marbuta -------------------

@pytest.mark.parametrize("text", [
    "قال ترامب", "وترامب", "بترامب", "لترامب", "فترامب", "والرئيس ترامب",
    "لـترامب", "تْرَامْب", "ترامـــب", "ترمب", "وترمب", "دونالد ترمب", "الرئيس دونالد ترامب",
])
def test_trump_in_any_spelling(gazetteer, text):
    assert names(gazetteer, text) == [TRUMP]


@pytest.mark.parametrize("text", ["أردوغان", "اردوغان", "إردوغان", "وأردوغان", "لأردوغان"])
def test_hamza_forms(gazetteer, text):
    assert names(gazetteer, text) == ["رجب طيب أردوغان"]


@pytest.mark.parametrize("text, expected", [
    ("حماة", "حماة"), ("حماه", "حماة"), ("الحديده", "الحديدة"), ("بالحُدَيْدَة", "الحديدة"),
    ("مجلس التعاون الخليجى", "مجلس التعاون الخليجي"),
])
def test_ta_marbuta_and_alef_maqsura(gazetteer, text, expected):
    assert names(gazetteer, text) == [expected]


@pytest.mark.parametrize("text", [
    "الأمم المتحدة", "والأمم المتحدة", "بالأمم المتحدة", "للأمم المتحدة", "وللأمم المتحدة",
    "فالأمم المتحدة", "وبالأمم المتحدة", "الامم المتحده",
])
def test_names_with_the_article_take_prefixes(gazetteer, text):
    assert names(gazetteer, text) == ["الأمم المتحدة"]


@pytest.mark.parametrize("text", ["ألمانيا", "لألمانيا", "وألمانيا", "بألمانيا"])
def test_an_initial_al_that_is_not_the_article(gazetteer, text):
    assert names(gazetteer, text) == ["ألمانيا"]


def test_prefixes_only_on_the_first_word(gazetteer):
    assert names(gazetteer, "الأمم والمتحدة") == []
    assert names(gazetteer, "دونالد وترامب") == [TRUMP]  # the second word alone


# --- Whole words only -----------------------------------------------------

@pytest.mark.parametrize("text", ["مصري", "المصرية", "المصريون", "ترامبولين", "بوتينات", "مصراتي"])
def test_no_match_inside_a_longer_word(gazetteer, text):
    """Adjectives of nationality (مصري, المصرية) do not tag the country:
    an article "about" Egypt names it; tagging every مصري would be noise."""
    assert gazetteer.find(text) == []


# --- Longest match ---------------------------------------------------------

def test_a_relative_does_not_tag_trump(gazetteer):
    assert names(gazetteer, "إيفانكا ترامب تزور سول") == ["إيفانكا ترامب", "سول"]
    assert names(gazetteer, "وميلانيا ترمب") == ["ميلانيا ترامب"]
    assert names(gazetteer, "دونالد ترامب جونيور") == ["دونالد ترامب جونيور"]
    assert names(gazetteer, "إيفانكا ترامب ووالدها ترامب") == ["إيفانكا ترامب", TRUMP]


def test_longer_name_wins_over_a_name_inside_it():
    small = Gazetteer([Entry("organisation", "الأمم المتحدة", opaque=True), Entry("place", "الأمم"),
                       Entry("organisation", "المتحدة")])
    assert [m.name for m in small.find("بيان الأمم المتحدة")] == ["الأمم المتحدة"]
    assert [m.name for m in small.find("الأمم الأخرى")] == ["الأمم"]


def test_uefa_is_not_the_european_union(gazetteer):
    assert names(gazetteer, "الاتحاد الأوروبي لكرة القدم") == ["الاتحاد الأوروبي لكرة القدم"]
    assert names(gazetteer, "الاتحاد الأوروبي") == ["الاتحاد الأوروبي"]


# --- Excluded phrases --------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("مجلس الأمن القومي الأمريكي", []),
    ("مجلس الأمن الدولي", ["مجلس الأمن"]),
    ("لعب بحماس كبير", []),
    ("علاقة حماس بإيران", ["حركة حماس", "إيران"]),
    ("عمان", []),
    ("سلطنة عمان", ["عُمان"]),
    ("العاصمة الأردنية عمّان", ["عمّان"]),
    ("بايرن ميونيخ", []),
    ("مؤتمر ميونيخ للأمن", ["ميونيخ"]),
    ("فسرت ذلك", []),
    ("مدينة سرت", ["سرت"]),
    ("إصابة في الرباط الصليبي", []),
    ("دوري أبطال أوروبا", []),
])
def test_excluded_phrases_tag_nothing(gazetteer, text, expected):
    assert names(gazetteer, text) == expected


# --- Mentions and keys --------------------------------------------------------

def test_offsets_map_to_the_original_text(gazetteer):
    text = "«قالَ وَالرَّئِيسُ تْرامـب، إن لِلْأُمَمِ المُتَّحِدَة دوراً» 2018م"
    mentions = gazetteer.find(text)
    assert [m.name for m in mentions] == [TRUMP, "الأمم المتحدة"]
    for m in mentions:
        assert text[m.start:m.end] == m.matched_text
    assert mentions[0].matched_text == "تْرامـب"
    assert mentions[1].matched_text == "لِلْأُمَمِ المُتَّحِدَة"


def test_mentions_carry_kind_and_the_callers_key():
    small = Gazetteer([Entry("person", "فلاديمير بوتين", ("بوتين", "بوتن"), key=42)])
    [mention] = small.find("التقى بوتن نظيره")
    assert (mention.key, mention.kind, mention.name, mention.matched_text) == (
        42, "person", "فلاديمير بوتين", "بوتن")
    assert small.keys_in("عنوان بلا أسماء", "وقال بوتين") == {42}
    assert small.keys_in("", "لا شيء") == set()


def test_keys_default_to_the_canonical_name(gazetteer):
    assert gazetteer.keys_in("بوتين في أنقرة", "ولافروف") == {
        "فلاديمير بوتين", "أنقرة", "سيرغي لافروف"}


def test_text_words_agree_with_tokenize():
    text = "بـ20 دولاراً، مُحَمَّدٌ ﻻ COVID19 ٢٠١٨م ﷺ Straße مد\u200cرسة"
    assert text_words(text) == ([t.text for t in tokenize(text)],
                                [(t.start, t.end) for t in tokenize(text)])


@pytest.mark.parametrize("text", [
    "بـ20 دولاراً في ٢٠١٨م ثم بـ20 دولاراً",  # words glued to digits, met twice: the second time as remembered
    "قال 𝐀𝐁𝐂 إن ترامب 😀 وصل ﷺ",  # characters beyond the Basic Multilingual Plane
    "ـ ترامب",  # a word that normalization empties
])
def test_text_words_agree_with_tokenize_when_read_again(text):
    expected = ([t.text for t in tokenize(text)], [(t.start, t.end) for t in tokenize(text)])
    assert text_words(text) == expected
    assert text_words(text) == expected


def test_text_words_agree_with_tokenize_on_the_corpus():
    bodies = [item["body"] for item in corpus_articles(200)]
    assert len(bodies) == 200
    differing = [body[:80] for body in bodies
                 if text_words(body) != ([t.text for t in tokenize(body)], [(t.start, t.end) for t in tokenize(body)])]
    assert differing == []


# --- The starter gazetteer ----------------------------------------------------

@pytest.fixture(scope="module")
def entries():
    """The starter gazetteer's entries; never none, so the rules below each check every one of many."""
    found = load_entries()
    assert len(found) >= 350
    return found


def well_formed(item):
    def trimmed(text):
        return isinstance(text, str) and text.strip() == text != ""

    spellings = [item.get("name"), *item.get("aliases", []), *item.get("partial", [])]
    return (set(item) <= {"kind", "name", "aliases", "partial", "excluded", "opaque"} and item.get("kind") in KINDS
            and all(trimmed(spelling) for spelling in spellings))


def test_json_is_a_list_of_well_formed_entities():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) >= 350
    assert [item for item in data if not well_formed(item)] == []


@pytest.mark.parametrize("item", [
    {"kind": "person", "name": " دونالد ترامب"},
    {"kind": "planet", "name": "المريخ"},
    {"kind": "person", "name": "دونالد ترامب", "aliases": ["ترمب", ""]},
    {"kind": "place", "name": "حلب", "population": 1},
])
def test_a_malformed_entity_is_caught(item):
    assert not well_formed(item)


def test_at_least_350_entities_of_each_kind(entries):
    kinds = defaultdict(int)
    for entry in entries:
        kinds[entry.kind] += 1
    assert len(entries) >= 350
    assert kinds["person"] >= 100 and kinds["place"] >= 100 and kinds["organisation"] >= 50


def test_names_are_unique(entries):
    """Unique across kinds too, since the canonical name is the default key."""
    seen = [entry.name for entry in entries]
    assert len(seen) == len(set(seen))


def test_no_spelling_shared_by_two_entities_unless_both_exclude_it(entries):
    owners = defaultdict(set)
    for entry in entries:
        for form in (entry.name, *entry.aliases):
            owners[name_words(form)].add(entry)
    shared = [form for form, owning in owners.items() if len(owning) > 1
              and not all(form in {name_words(x) for x in e.excluded} for e in owning)]
    assert shared == []


def test_no_alias_repeats_another_spelling_of_its_entity(entries):
    """Aliases that normalize to the same words add nothing."""
    def forms(entry):
        return [name_words(form) for form in (entry.name, *entry.aliases)]

    assert [entry.name for entry in entries if len(forms(entry)) != len(set(forms(entry)))] == []


def test_no_spelling_is_made_of_stop_words(entries):
    assert [(entry.name, form) for entry in entries for form in (entry.name, *entry.aliases)
            if set(name_words(form)) <= STOPWORDS] == []


def test_every_spelling_finds_its_entity(gazetteer):
    """No alias is hidden by another entity's longer name or an excluded
    phrase, except the names excluded on purpose."""
    kinds = {entry.name: entry.kind for entry in gazetteer.entries}
    assert len(kinds) >= 350
    hidden, extra = [], []
    for entry in gazetteer.entries:
        for form in (entry.name, *entry.aliases):
            expected = [] if form == entry.name and entry.name in SELF_EXCLUDED else [entry.name]
            found = names(gazetteer, form)
            if found[:1] != expected:
                hidden.append(form)
            # an organisation's name also names the places in it (وزارة الخارجية السعودية)
            if not all(kinds[name] == "place" != entry.kind for name in found[1:]):
                extra.append(form)
    assert (hidden, extra) == ([], [])


@pytest.mark.parametrize("name", [
    # the 22 Arab League states and their capitals
    "مصر", "السعودية", "الإمارات", "قطر", "الكويت", "البحرين", "عُمان", "اليمن", "العراق",
    "سوريا", "لبنان", "الأردن", "فلسطين", "ليبيا", "تونس", "الجزائر", "المغرب", "موريتانيا",
    "السودان", "الصومال", "جيبوتي", "جزر القمر",
    "القاهرة", "الرياض", "أبوظبي", "الدوحة", "مدينة الكويت", "المنامة", "مسقط", "صنعاء",
    "بغداد", "دمشق", "بيروت", "عمّان", "القدس", "الخرطوم", "طرابلس", "تونس العاصمة",
    "الجزائر العاصمة", "الرباط", "نواكشوط", "مقديشو", "مدينة جيبوتي", "موروني",
    # world powers and their capitals
    "الولايات المتحدة", "روسيا", "الصين", "بريطانيا", "فرنسا", "ألمانيا", "تركيا", "إيران",
    "إسرائيل", "الهند", "اليابان", "واشنطن", "موسكو", "بكين", "لندن", "باريس", "برلين",
    "أنقرة", "طهران", "نيودلهي", "طوكيو",
    # people named in the issue
    "دونالد ترامب", "جو بايدن", "باراك أوباما", "فلاديمير بوتين", "سيرغي لافروف",
    "شي جين بينغ", "رجب طيب أردوغان", "حسن روحاني", "علي خامنئي", "محمد جواد ظريف",
    "بنيامين نتنياهو", "إيمانويل ماكرون", "أنغيلا ميركل", "تيريزا ماي", "بوريس جونسون",
    "أنطونيو غوتيريش", "بشار الأسد", "محمد بن سلمان", "الملك سلمان", "عبد الفتاح السيسي",
    "خليفة حفتر", "فايز السراج", "محمود عباس", "سعد الحريري", "ميشال عون",
    "الملك عبد الله الثاني", "تميم بن حمد", "محمد بن زايد", "عبد ربه منصور هادي",
    "عبد الملك الحوثي", "حسن نصر الله", "مايك بومبيو", "ريكس تيلرسون",
    # organisations named in the issue
    "الأمم المتحدة", "مجلس الأمن", "جامعة الدول العربية", "مجلس التعاون الخليجي",
    "الاتحاد الأوروبي", "حلف شمال الأطلسي", "منظمة الصحة العالمية", "صندوق النقد الدولي",
    "البنك الدولي", "أوبك", "حزب الله", "حركة حماس", "داعش", "الحوثيون", "الفيفا",
    "اللجنة الأولمبية الدولية",
])
def test_the_issue_names_are_in_the_gazetteer(entries, name):
    assert name in {entry.name for entry in entries}


@pytest.mark.parametrize("alias, name", [
    ("الناتو", "حلف شمال الأطلسي"), ("تنظيم الدولة", "داعش"), ("أنصار الله", "الحوثيون"),
    ("أبو مازن", "محمود عباس"), ("الرئيس الأسد", "بشار الأسد"), ("بوتن", "فلاديمير بوتين"),
    ("سورية", "سوريا"), ("غوتيريس", "أنطونيو غوتيريش"), ("سيرجي لافروف", "سيرغي لافروف"),
])
def test_press_spellings_are_aliases(gazetteer, alias, name):
    assert names(gazetteer, alias) == [name]


@pytest.mark.parametrize("ambiguous", ["عون", "عباس", "الأسد", "ماي", "سلمان", "هادي"])
def test_ambiguous_words_tag_nobody(gazetteer, ambiguous):
    assert gazetteer.find(ambiguous) == []
