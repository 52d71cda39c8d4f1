"""Find the people, places and organisations of a gazetteer in news text.

The auto-tagger must see ترامب in وترامب, لترمب and تْرامب, and الأمم
المتحدة in وللأمم المتحدة, exactly as search does; so names and text go
through the project's one normalization (:mod:`archive.arabic.normalize`,
on the tokenizer's word spans). The first word of a name may carry the
prefixes the press glues on: و ف ب ل ك and their pairs (وب ول وك فب فل),
also before the article (بالأمم, وبالسعودية), and ل merged into it
(للأمم, وللأمم). Later words must be written as in the name.

Matching is by whole words, never inside a word: مصري and المصرية do not
name مصر (an adjective of nationality is not a mention of the country),
and no suffix is stripped, so an entry lists the inflected forms it wants
(الحوثيون, الحوثيين) as aliases.

The longest name wins: at each word the longest name starting there is
taken and the words it covers cannot start or be part of another match, so
"إيفانكا ترامب" tags Ivanka and not Donald. An entry may also list
*excluded* phrases: they are matched like names and win the same way, but
tag nothing, for this entry or any other. They cover a name inside a longer
name of something else (مجلس الأمن القومي is not the UN Security Council,
بايرن ميونيخ is a club), a prefixed form that is another word (فسرت "she
explained" is not ف + سرت), and a name too ambiguous alone: عمان is Oman
or Amman, so both entries exclude it and are tagged by longer aliases
(سلطنة عمان, العاصمة الأردنية عمان).

Context decides the rest. An alias that is only part of a name and that
others share (a surname: الجبير is the minister عادل الجبير and the mayor
فهد الجبير; «بن سلمان» is محمد بن سلمان and ten of his brothers; الدولة
الإسلامية is also the historical state) is listed as *partial*: it tags
only after the entity was named by a full spelling earlier in the
article. A person's name right after a word that names a place or a prize
(مستشفى الملك سلمان, مطار الملك خالد, جائزة الملك فيصل) names that, not
the person; a place named by a newspaper (صحيفة الرياض) or set between
quotation marks alone («الشرق الأوسط», the Saudi daily) is a title, not
the place.

The JSON file (``archive/arabic/data/gazetteer.json``, beside the variants) is a list of objects with
``kind`` (person, place, organisation), ``name`` (the canonical spelling),
``aliases`` and, where needed, ``partial``, ``excluded`` and ``opaque``.

Speed: every form a name's first word takes with a prefix is computed once,
so scanning a text costs one dict lookup per word on top of reading its
words (:class:`_Reader`, which normalizes each distinct word once).
"""

import json
import re
from collections.abc import Hashable, Iterable
from itertools import accumulate, compress, islice
from pathlib import Path
from typing import NamedTuple

from .normalize import normalize
from .tokenize import WRITTEN_WORD, normalized_words, tokenize

__all__ = ["Entry", "Mention", "Gazetteer", "load_entries", "load_gazetteer",
           "name_words", "first_word_forms", "text_words", "DATA_FILE", "KINDS",
           "NAMED_AFTER", "TITLED_BY"]

DATA_FILE = Path(__file__).with_name("data") / "gazetteer.json"

KINDS = ("person", "place", "organisation")

_ARTICLE = "ال"
#: Conjunctions and prepositions glued before a name (وترامب, فترامب,
#: بالعراق, وبالعراق); ف and ك are rare on names (7 and 1 of 12,990 ترامب
#: in the corpus) but taken, and their collisions listed as excluded.
_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
#: Before the article, ل merges with it: ل + الأمم = للأمم.
_LAM_PREFIXES = ("ل", "ول", "فل")

# Words before a person's name that make it the name of a place, a body or
# a prize named after them (NAMED_AFTER holds them with their prefixes).
_NAMED_AFTER_WORDS = (
    "مستشفى مستشفيات مطار قاعة قاعدة مركز شارع طريق جسر ميدان دوار حي ميناء مسجد جامع"
    " جامعة كلية معهد مدرسة مدارس مدينة ملعب استاد إستاد برج مجمع مكتبة متحف حديقة واحة"
    " جائزة جوائز وسام كأس بطولة مسابقة كرسي صندوق مؤسسة منحة برنامج مشروع قصر ضاحية"
)
# Words before a place's name that make it the title of a newspaper, a channel or an agency.
_TITLED_BY_WORDS = "صحيفة جريدة مجلة صحف قناة إذاعة تلفزيون موقع أنباء"  # أنباء: وكالة أنباء الإمارات
_QUOTES = {"«": "»", '"': '"', "“": "”", "'": "'"}


class Entry(NamedTuple):
    """One entity: its kind, canonical name, other spellings, and the key
    the caller wants back in mentions (None: the canonical name).
    ``partial`` spellings tag only after a full one (see the module); an
    ``opaque`` organisation's name does not tag the place it contains."""

    kind: str
    name: str
    aliases: tuple = ()
    key: Hashable = None
    excluded: tuple = ()
    partial: tuple = ()
    opaque: bool = False


class Mention(NamedTuple):
    """One place where an entity is named; ``start``/``end`` index the
    original text and cover whole words, attached prefixes included."""

    key: Hashable
    kind: str
    name: str
    start: int
    end: int
    matched_text: str


def name_words(name: str) -> tuple:
    """Return the normalized words of a name, as the text will show them."""
    return tuple(token.text for token in tokenize(name))


def first_word_forms(word: str) -> dict:
    """Map each form ``word`` takes with an attached prefix to that prefix.

    The word itself maps to "". A word that starts with ال also takes ل
    merged into the article (للأمم, وللأمم), and keeps the plain forms,
    because its ال may be root letters (ألمانيا, لألمانيا).
    """
    forms = {word: ""}
    forms.update((prefix + word, prefix) for prefix in _PREFIXES)
    if word.startswith(_ARTICLE) and len(word) >= len(_ARTICLE) + 2:
        bare = word[len(_ARTICLE):]
        forms.update((prefix + "ل" + bare, prefix) for prefix in _LAM_PREFIXES)
    return forms


def _with_prefixes(words: str) -> frozenset:
    """The normalized ``words`` with every prefix the press glues on them."""
    return frozenset(form for word in words.split() for form in first_word_forms(normalize(word)))


NAMED_AFTER = _with_prefixes(_NAMED_AFTER_WORDS)
TITLED_BY = _with_prefixes(_TITLED_BY_WORDS)


def text_words(text: str) -> tuple:
    """Return the normalized words of ``text`` and their (start, end) spans.

    The same words as ``tokenize(text)`` (``tests/test_gazetteer.py`` checks
    the two agree on real articles), read by :class:`_Reader`.
    """
    found, spans = _READER.read(text)
    return found, list(spans)


class _Reader:
    """Reads a text's normalized words, normalizing each word as written once per process.

    An import tags tens of thousands of articles that use a few hundred
    thousand distinct words: tokenizing and normalizing every word of every
    text was two thirds of the gazetteer's time. Here one regular expression
    cuts the text as written (:func:`tokenize.written_words`' pattern, with
    the separators kept, so spans come from their lengths), and each word is
    looked up in a dictionary of its normalized forms, filled on first
    meeting. A word is normalized alone as it was in the whole text
    (normalization is character by character, and NFC never composes across
    the separator between two words). The rare word that is not one plain
    word once normalized (digits glued to letters, stray marks) keeps the
    pieces :func:`tokenize` makes of it, with their offsets in the word.
    Text with characters beyond the Basic Multilingual Plane is read by
    :func:`tokenize.words` instead, as ``written_words`` does.
    """

    LIMIT = 400_000  # words kept; past it the dictionary starts afresh

    def __init__(self):
        self.plain = {}  # word as written -> its normalized word, or a tuple of (word, start, end) pieces
        self.pieced = set()  # the words as written whose value is a tuple of pieces

    def read(self, text: str) -> tuple:
        """(normalized words, an indexable of their (start, end) spans in ``text``)."""
        if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
            return self._read_slowly(text)
        parts = _WRITTEN_WORD_KEPT.split(text)  # separator, word, separator, …, word, separator
        written = parts[1::2]
        found = list(map(self.plain.get, written))
        if None in found:
            if len(self.plain) > self.LIMIT:
                self.__init__()
            found = [self._learn(word) if known is None else known for word, known in zip(written, found, strict=True)]
        if self.pieced.isdisjoint(written):
            return found, _Spans(parts)
        offsets = list(accumulate(map(len, parts)))
        out_words, out_spans = [], []
        for index, known in enumerate(found):
            start = offsets[2 * index]
            if isinstance(known, str):
                out_words.append(known)
                out_spans.append((start, offsets[2 * index + 1]))
                continue
            for word, a, b in known:
                out_words.append(word)
                out_spans.append((start + a, start + b))
        return out_words, out_spans

    def _learn(self, word):
        norm = normalize(word)
        if norm.isalpha() or norm.isdecimal():
            self.plain[word] = norm
            return norm
        pieces = self.plain[word] = tuple((token.text, token.start, token.end) for token in tokenize(word))
        self.pieced.add(word)
        return pieces

    @staticmethod
    def _read_slowly(text):
        out_words, out_spans = [], []
        spans, norms = normalized_words(text)
        for (a, b), norm in zip(spans, norms, strict=False):
            if norm.isalpha() or norm.isdecimal():
                out_words.append(norm)
                out_spans.append((a, b))
                continue
            for token in tokenize(text[a:b]):
                out_words.append(token.text)
                out_spans.append((a + token.start, a + token.end))
        return out_words, out_spans


class _Spans:
    """The (start, end) of each word, from the lengths of the text's separators and words, added up when a
    span is first asked for (most words start no name)."""

    __slots__ = ("parts", "offsets")

    def __init__(self, parts):
        self.parts, self.offsets = parts, None

    def __getitem__(self, index):
        if self.offsets is None:
            self.offsets = list(accumulate(map(len, self.parts)))
        return self.offsets[2 * index], self.offsets[2 * index + 1]

    def __len__(self):
        return len(self.parts) // 2

    def __iter__(self):
        return (self[index] for index in range(len(self)))


_WRITTEN_WORD_KEPT = re.compile(f"({WRITTEN_WORD.pattern})")
_READER = _Reader()


class _Slot:
    """The words after a first-word form, and what matching them tags."""

    __slots__ = ("rest", "prefixed", "entries", "partial", "excluded")

    def __init__(self, rest: list, prefixed: bool):
        self.rest = rest
        self.prefixed = prefixed
        self.entries = []
        self.partial = []
        self.excluded = False

    def targets(self) -> list:
        """Return (entry, partial) pairs to tag: none once any entry excludes it."""
        if self.excluded:
            return []
        return [(entry, False) for entry in self.entries] + [(entry, True) for entry in self.partial]


class Gazetteer:
    """Matches the names and aliases of a list of entries in texts."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self.entries = []
        self._index = {}  # first-word form -> [_Slot], longest rest first
        # first-word form -> [(words after it, {those words: the slot that wins them})], most words first
        self._by_length = {}
        for entry in entries:
            self.add(entry)

    def __len__(self):
        """Number of entries."""
        return len(self.entries)

    def add(self, entry: Entry) -> None:
        """Index an entry's name, aliases and excluded phrases."""
        if entry.key is None:
            entry = entry._replace(key=entry.name)
        self.entries.append(entry)
        for form in (entry.name, *entry.aliases):
            for slot in self._slots(form):
                if entry not in slot.entries:
                    slot.entries.append(entry)
        for form in entry.partial:
            for slot in self._slots(form):
                if entry not in slot.entries + slot.partial:
                    slot.partial.append(entry)
        for form in entry.excluded:
            for slot in self._slots(form):
                slot.excluded = True

    def _slots(self, form: str) -> list:
        """Return (creating them) the slots of one spelling, one per
        prefixed form of its first word."""
        name = name_words(form)
        if not name:
            return []
        rest = list(name[1:])
        return [self._slot(first, rest, bool(prefix))
                for first, prefix in first_word_forms(name[0]).items()]

    def _slot(self, first: str, rest: list, prefixed: bool) -> _Slot:
        """Find or add the slot for ``first`` + ``rest``; at one length,
        a word as written comes before a word read with a prefix."""
        slots = self._index.setdefault(first, [])
        for slot in slots:
            if slot.rest == rest and slot.prefixed == prefixed:
                return slot
        slot = _Slot(rest, prefixed)
        slots.append(slot)
        slots.sort(key=lambda s: (-len(s.rest), s.prefixed))
        self._by_length[first] = _by_length(slots)
        return slot

    def find(self, text: str, named: set | None = None) -> list:
        """Return the mentions in ``text``, in order, longest names first
        at each word; words inside a match start no other match.

        A partial spelling counts only after a full one of its entity, in
        ``text`` or in ``named`` (the keys named in full in the article's
        earlier texts), which collects the keys ``text`` names in full.
        """
        named = set() if named is None else named
        mentions = []
        for mention, partial in self._candidates(text):
            if partial and mention.key not in named:
                continue
            if not partial:
                named.add(mention.key)
            mentions.append(mention)
        return mentions

    def _candidates(self, text: str) -> list:
        """(mention, partial) for every name in ``text`` its context leaves standing."""
        if not text:
            return []
        found_words, spans = _READER.read(text)
        found = []
        for i, end, slot in self._matches(found_words, 0, len(found_words), len(found_words)):
            found += self._standing(text, found_words, spans, i, end, slot.targets())
            if _names_its_place(slot.targets()):
                found += self._inside(text, found_words, spans, i, end)
        return found

    def _inside(self, text, found_words, spans, first, end) -> list:
        """The places named inside an organisation's name: وزارة الخارجية
        السعودية and قوات سوريا الديمقراطية name their country. (Not the
        organisations inside one: الجيش السوري الحر is not الجيش السوري.)"""
        inner = []
        for i, stop, slot in self._matches(found_words, first, end, end - first - 1):
            targets = [(entry, partial) for entry, partial in slot.targets() if entry.kind == "place"]
            inner += self._standing(text, found_words, spans, i, stop, targets)
        return inner

    def _matches(self, found_words, first, end, longest):
        """Yield (start, end, slot) of the longest names, at most ``longest``
        words, that lie in ``found_words[first:end]``; words inside one start none."""
        index, skip_to = self._by_length, first
        # The words that start a name, found in C: most words start none.
        for i in compress(range(first, end), map(index.__contains__, islice(found_words, first, end))):
            if i < skip_to:
                continue
            slot = _longest(found_words, i, index[found_words[i]], min(longest, end - i))
            if slot is not None:
                skip_to = i + 1 + len(slot.rest)
                yield i, skip_to, slot

    @staticmethod
    def _standing(text, found_words, spans, i, end, targets) -> list:
        """(mention, partial) for each of ``targets`` that its context leaves a mention."""
        start, stop = spans[i][0], spans[end - 1][1]
        before = found_words[i - 1] if i else ""
        return [(Mention(e.key, e.kind, e.name, start, stop, text[start:stop]), partial)
                for e, partial in targets if _stands(e.kind, before, text, start, stop)]

    def keys_in(self, *texts: str) -> set:
        """Return the keys of the entries named in any of ``texts``, read in order."""
        named = set()
        return {m.key for text in texts for m in self.find(text, named)}


def _names_its_place(targets) -> bool:
    """Whether a name is an organisation's that names the place it belongs to
    (not an *opaque* one: فيلق القدس is Iran's, not Jerusalem's)."""
    return any(entry.kind == "organisation" and not entry.opaque for entry, _ in targets)


def _stands(kind: str, before: str, text: str, start: int, end: int) -> bool:
    """Whether a name's context leaves it a mention of its entity (see the module)."""
    if kind == "person":
        return before not in NAMED_AFTER
    if kind == "place":
        return before not in TITLED_BY and not _quoted_alone(text, start, end)
    return True


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is all that stands between a pair of quotation marks."""
    opening = text[start - 1:start] if start else ""
    return opening in _QUOTES and text[end:end + 1] == _QUOTES[opening]


def _by_length(slots: list) -> list:
    """A first word's ``slots`` (longest rest first, a word as written before a word read with a prefix) as
    [(length of the rest, {rest: the first slot with it})], longest first: the slot a text's next words match is
    found by a lookup a length, where comparing them with every slot took 28 µs at a common first word."""
    lengths = {}
    for slot in slots:
        lengths.setdefault(len(slot.rest), {}).setdefault(tuple(slot.rest), slot)
    return list(lengths.items())


def _longest(found_words: list, i: int, lengths: list, words: int) -> _Slot | None:
    """Return the longest slot, of at most ``words`` words, whose words follow ``found_words[i]`` (``lengths``:
    ``_by_length`` of the slots of ``found_words[i]``)."""
    for length, slots in lengths:
        if length < words:
            slot = slots.get(tuple(found_words[i + 1:i + 1 + length]))
            if slot is not None:
                return slot
    return None


def load_entries(path: Path | None = None) -> list:
    """Read the gazetteer JSON (default: the project's) into entries."""
    with open(path or DATA_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    return [Entry(kind=item["kind"], name=item["name"],
                  aliases=tuple(item.get("aliases", ())),
                  excluded=tuple(item.get("excluded", ())),
                  partial=tuple(item.get("partial", ())),
                  opaque=item.get("opaque", False))
            for item in data]


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Build a gazetteer from the JSON file, keyed by canonical name."""
    return Gazetteer(load_entries(path))
