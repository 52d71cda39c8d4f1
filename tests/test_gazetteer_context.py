"""Tags that know their context (issue 13): partial aliases, names inside longer names, titles,
adjectives and long names."""
import pytest

from archive.arabic.gazetteer import Entry, Gazetteer, load_gazetteer

MBS, JUBEIR, KING = "محمد بن سلمان", "عادل الجبير", "الملك سلمان"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def tagged(gazetteer, *texts):
    return {key for key in gazetteer.keys_in(*texts)}


# --- a partial alias needs the full name earlier ------------------------------

@pytest.mark.parametrize("text", [
    "افتتح الأمير سلطان بن سلمان المعرض، وقال بن سلمان إن السياحة تنمو.",
    "استقبل الأمير فيصل بن سلمان أمير المدينة المنورة الزوار، وأكد بن سلمان ...",
    "قال بن سلمان إن الشركة ستتوسع.",
])
def test_bin_salman_alone_does_not_tag_the_crown_prince(gazetteer, text):
    assert MBS not in tagged(gazetteer, text)


def test_bin_salman_after_the_full_name_tags_him(gazetteer):
    assert MBS in tagged(gazetteer, "التقى ولي العهد الأمير محمد بن سلمان الوفد، وقال بن سلمان إن ...")


def test_the_full_name_in_the_title_lets_the_body_use_the_alias(gazetteer):
    named = set()
    gazetteer.find("عادل الجبير يزور لندن", named)
    assert [m.name for m in gazetteer.find("وقال الجبير إن ...", named)] == [JUBEIR]


def test_the_mayor_jubeir_is_not_the_minister(gazetteer):
    assert JUBEIR not in tagged(gazetteer, "أعلن أمين الأحساء المهندس فهد الجبير عن مشاريع جديدة، وقال الجبير إن ...")


def test_a_partial_alias_before_the_full_name_does_not_count_but_the_name_does(gazetteer):
    mentions = gazetteer.find("قال الجبير أمس إن وزير الخارجية عادل الجبير سيزور")
    assert [m.matched_text for m in mentions] == ["عادل الجبير"]


def test_the_islamic_state_in_history_is_not_isis(gazetteer):
    text = "قامت الدولة الإسلامية في الأندلس قرونا، وازدهرت فيها العلوم."
    assert "داعش" not in tagged(gazetteer, text)
    assert "داعش" in tagged(gazetteer, "هاجم تنظيم داعش القرية، وقالت الدولة الإسلامية إنها ...")


def test_two_entities_may_share_a_partial_alias():
    small = Gazetteer([Entry("person", "الملك عبد الله بن عبد العزيز", partial=("الملك عبدالله",)),
                       Entry("person", "الملك عبد الله الثاني", partial=("الملك عبدالله",))])
    assert small.keys_in("قال الملك عبد الله الثاني ... وأضاف الملك عبدالله") == {"الملك عبد الله الثاني"}
    assert small.keys_in("وأضاف الملك عبدالله") == set()


# --- names inside longer names --------------------------------------------------

@pytest.mark.parametrize("text", [
    "نقل المصابون إلى مستشفى الملك سلمان في الرياض.",
    "أقيم الحفل في قاعة الملك سلمان.",
    "هبطت الطائرة في مطار الملك خالد الدولي.",
    "فاز بجائزة الملك فيصل العالمية.",
    "وصل الحجاج إلى مطار الملك عبدالعزيز في جدة.",
    "أقيمت المباراة على استاد الملك فهد الدولي.",
])
def test_a_place_or_prize_named_after_a_king_does_not_tag_him(gazetteer, text):
    assert not {m.kind for m in gazetteer.find(text)} & {"person"}


def test_the_king_himself_is_still_tagged(gazetteer):
    assert KING in tagged(gazetteer, "أصدر خادم الحرمين الشريفين الملك سلمان أمرا ملكيا.")


@pytest.mark.parametrize("text", [
    "وقال مصدر لـ«الشرق الأوسط» إن المحادثات مستمرة.",
    "ذكرت صحيفة الشرق الأوسط أن الوزير سيزور القاهرة.",
    'وأضاف في حديث لـ"الشرق الأوسط" أن ...',
    "نشرت صحيفة الرياض تقريرا.",
])
def test_a_newspaper_named_after_a_place_is_not_the_place(gazetteer, text):
    places = {m.name for m in gazetteer.find(text) if m.kind == "place"}
    assert not places & {"الشرق الأوسط", "الرياض"}


def test_the_region_is_still_the_region(gazetteer):
    assert "الشرق الأوسط" in tagged(gazetteer, "تشهد منطقة الشرق الأوسط توترا.")


def test_an_organisation_names_its_country_but_not_an_opaque_one(gazetteer):
    assert {"وزارة الخارجية السعودية", "السعودية"} <= tagged(gazetteer, "أعلنت وزارة الخارجية السعودية ...")
    assert "القدس" not in tagged(gazetteer, "قائد فيلق القدس الإيراني")
    assert "الجيش السوري" not in tagged(gazetteer, "قال الجيش السوري الحر ...")


# --- adjectives, plurals and long official names ---------------------------------

@pytest.mark.parametrize("text, name", [
    ("قصفت الميليشيات الحوثية المدينة", "الحوثيون"),
    ("أطلق مسلحون حوثيين النار", "الحوثيون"),
    ("اعتقلت الشرطة خلية من الدواعش", "داعش"),
    ("قتل مسلح داعشي في الاشتباك", "داعش"),
    ("اجتمع وزراء مجلس التعاون لدول الخليج العربي", "مجلس التعاون الخليجي"),
    ("أعلنت الحوثية عن ...", "الحوثيون"),
])
def test_adjective_plural_and_long_forms_tag_their_entity(gazetteer, text, name):
    assert name in tagged(gazetteer, text)


@pytest.mark.parametrize("name", [
    "وزارة الداخلية السعودية", "مجلس الشورى السعودي", "الهلال الأحمر", "الحرس الوطني السعودي", "هيئة كبار العلماء",
    "سابك", "الملك عبد الله بن عبد العزيز", "خالد الفيصل", "فيصل بن بندر", "خالد بحاح", "أحمد عسيري",
    "ستافان دي ميستورا",
])
def test_the_gulf_front_page_names_are_in_the_gazetteer(gazetteer, name):
    assert name in {entry.name for entry in gazetteer.entries}


def test_at_least_900_entities(gazetteer):
    assert len(gazetteer) >= 900
