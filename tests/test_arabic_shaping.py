"""Display shaping for terminals and images (never for browsers)."""

import unicodedata

from archive.arabic.normalize import normalize
from archive.arabic.shaping import shape_for_display


def test_letters_become_joined_presentation_forms_in_visual_order():
    shaped = shape_for_display("كتب")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)
    assert [unicodedata.name(c).rsplit(" ", 2)[-2] for c in shaped] == [
        "FINAL", "MEDIAL", "INITIAL"]  # ب drawn first, ك last
    assert normalize(shaped[::-1]) == "كتب"


def test_lam_alef_becomes_a_ligature():
    assert shape_for_display("لا") == "\ufefb"


def test_numbers_and_latin_keep_their_order():
    shaped = shape_for_display("عام 2018 مع CNN")
    assert "2018" in shaped and "CNN" in shaped
    assert shaped.index("CNN") < shaped.index("2018")


def test_lines_keep_their_order():
    first, second = shape_for_display("سطر أول\nسطر ثان").split("\n")
    assert normalize(first[::-1]) == "سطر اول"
    assert normalize(second[::-1]) == "سطر ثان"


def test_latin_only_is_unchanged():
    assert shape_for_display("Hello, world") == "Hello, world"
