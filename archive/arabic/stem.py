"""Light stemming (light10 family) for normalized Arabic words.

Arabic glues conjunctions, prepositions and the article to the front of a
word and pronouns, plural and feminine endings to its back, so والمدرسة,
بالمدرسة and مدارسها never match a search for مدرسة without stemming. Root
extraction (ISRI) conflates too much for news search; light10 only peels
the most frequent affixes, with length guards so short words survive.

Input must already be normalized (ة is ه, ى is ي, no hamza on alef).
The analysis indexes the stem next to the surface form, so an exactly
spelled word still ranks above a word that only shares its stem.
"""

import re
from functools import lru_cache

__all__ = ["stem", "strip_prefixes", "strip_suffixes", "prefix_steps", "is_arabic"]

_CONJUNCTION = "و"
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first
_PREPOSITIONS = ("ب", "ك", "ل", "ف")
# light10 order; ية/ة are covered by يه/ه after normalization.
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")

_PRONOUNS = ("ها", "ه")
_MIN_WITH_TA = 5  # مدرست yes, بيوت / وقت no

_MIN_AFTER_CONJUNCTION = 3
_MIN_AFTER_ARTICLE = 2
_MIN_AFTER_PREPOSITION = 3
_MIN_AFTER_SUFFIX = 3

_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def is_arabic(word: str) -> bool:
    """Tell whether ``word`` is made of (normalized) Arabic letters only."""
    return _ARABIC_WORD.fullmatch(word) is not None


def prefix_steps(word: str) -> list:
    """Return ``word`` and each form left after peeling one more prefix.

    The order is: conjunction و, then one article (ال وال بال كال فال لل)
    or, when و was not peeled, one preposition (ب ك ل ف). Guards keep at
    least three letters after و or a preposition, two after an article.
    """
    steps = [word]
    if word.startswith(_CONJUNCTION) and len(word) - 1 >= _MIN_AFTER_CONJUNCTION:
        word = word[1:]
        steps.append(word)
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN_AFTER_ARTICLE:
            return steps + [word[len(article):]]
    if (len(steps) == 1 and word[:1] in _PREPOSITIONS
            and len(word) - 1 >= _MIN_AFTER_PREPOSITION):
        steps.append(word[1:])
    return steps


def strip_prefixes(word: str) -> str:
    """Return ``word`` without its conjunction, article or preposition."""
    return prefix_steps(word)[-1]


def _is_bound_ta(word: str) -> bool:
    """Tell whether ``word`` ends with a ta marbuta written ت before a
    pronoun: a long enough word ending in ت but not in the plural ات."""
    return len(word) >= _MIN_WITH_TA and word.endswith("ت") and not word.endswith("ات")


@lru_cache(maxsize=200_000)
def strip_suffixes(word: str) -> str:
    """Peel light10 suffixes, each at most once, in light10 order.

    One addition to light10: when a pronoun (ها, ه) follows a ta marbuta
    written as ت (مدرستها, حكومته), the ت goes too, as ة would have.

    Kept per word: a word's analysis strips each reading of it twice (as a
    variant's inflection, then for its stems), and the next word often
    leaves the same reading (بالمدرسة, والمدرسة).
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_AFTER_SUFFIX:
            word = word[:-len(suffix)]
            if suffix in _PRONOUNS and _is_bound_ta(word):
                word = word[:-1]
    return word


def stem(word: str) -> str:
    """Return the light stem of a normalized word (non-Arabic: unchanged)."""
    if not is_arabic(word):
        return word
    return strip_suffixes(strip_prefixes(word))
