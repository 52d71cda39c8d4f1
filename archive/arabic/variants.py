"""Press spelling variants: one canonical spelling for every form of a word.

Arabic outlets transcribe foreign names and loan words their own way:
أمريكي / أميركي, ترامب / ترمب, غوغل / جوجل, سيرغي / سيرجي, and Syrian
outlets write سورية where others write سوريا. Normalization cannot know
these are the same word, so a curated table (``data/variants.txt``) maps
every form of a group to the group's first form, at index and query time.

The table is editable at runtime: ``get_table().extend(groups)`` adds groups
(the Django side adds every tag's aliases), merging with any group that
shares a form. Documents indexed before an addition keep their old terms
until they are reindexed.

Forms are stored normalized and without the article; the analysis peels
و, ال, بال, ... off a word and asks again, so والأميركي finds أمريكي. A group whose forms
all end with the same light10 suffixes (أمريكي / أميركي) also folds the
other inflections (الأميركيون → الأمريكيون) through its stems; any other
group protects its forms from suffix stripping (بوتين is not بوت).

Multi-word forms ("دونالد ترامب", "فيس بوك") cannot be folded token by
token. Their group's single-word forms are still folded together, and
:meth:`VariantTable.alternatives` returns every form of the group, so the
query side can OR the phrases. A group of multi-word forms only is kept
for ``alternatives`` and folds nothing.
"""

import re
from collections.abc import Iterable
from pathlib import Path

from .normalize import normalize
from .stem import strip_suffixes

__all__ = ["VariantTable", "parse_groups", "load_table", "get_table", "set_table",
           "DATA_FILE"]

DATA_FILE = Path(__file__).with_name("data") / "variants.txt"

_ARTICLE = "ال"
_COMMA = re.compile(r"[,\u060c]")


def parse_groups(text: str) -> list:
    """Parse the variants file format into a list of groups (lists of forms).

    One group per line; ``#`` starts a comment. Forms are separated by
    commas (, or ،) when the line has any, which allows multi-word forms;
    otherwise by whitespace.
    """
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        forms = _COMMA.split(line) if _COMMA.search(line) else line.split()
        groups.append([f.strip() for f in forms if f.strip()])
    return groups


def _bare(form: str) -> str:
    """Drop the article from a single-word form, as the analysis does
    before looking words up (الأردن and أردن are one entry)."""
    if form.startswith(_ARTICLE) and len(form) - len(_ARTICLE) >= 2:
        return form[len(_ARTICLE):]
    return form


class VariantTable:
    """Maps every form of a spelling group to the group's canonical form."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self._canonical = {}  # normalized single-word form -> canonical form
        self._members = {}    # canonical form -> set of single-word forms
        self._phrases = {}    # normalized form (any) -> frozenset of all forms
        self._stems = None    # built lazily: see _derived()
        self._folded = None   # built lazily: see _folds()
        self.version = 0      # bumped by extend(); keys analysis caches
        self.extend(groups)

    def __len__(self):
        """Number of single-word groups (protected names included)."""
        return len(self._members)

    def copy(self) -> "VariantTable":
        """Return an independent table with the same groups."""
        other = VariantTable()
        other._canonical = dict(self._canonical)
        other._members = {k: set(v) for k, v in self._members.items()}
        other._phrases = dict(self._phrases)
        return other

    def extend(self, groups: Iterable[Iterable[str]]) -> "VariantTable":
        """Add groups of equivalent spellings (raw text; normalized here)."""
        for group in groups:
            forms = [" ".join(normalize(f).split()) for f in group]
            forms = list(dict.fromkeys(f for f in forms if f))
            singles = list(dict.fromkeys(_bare(f) for f in forms if " " not in f))
            if singles:
                self._add_singles(singles)
            if len(forms) > len(singles):
                self._add_phrases(forms)
        self._stems = self._folded = None
        self.version += 1
        return self

    def _add_singles(self, forms: list) -> None:
        """Merge ``forms`` with every group they touch, under one canonical."""
        known = [self._canonical[f] for f in forms if f in self._canonical]
        canonical = known[0] if known else forms[0]
        members = self._members.setdefault(canonical, set())
        for old in dict.fromkeys(known):
            if old != canonical:
                members |= self._members.pop(old)
        members.update(forms)
        for form in members:
            self._canonical[form] = canonical

    def _add_phrases(self, forms: list) -> None:
        """Remember a group with multi-word forms for ``alternatives``."""
        group = frozenset(forms)
        for form in forms:
            group |= self._phrases.get(form, frozenset())
        for form in group:
            self._phrases[form] = group

    def alternatives(self, text: str) -> list:
        """Return all known spellings of ``text`` (itself included), sorted.

        Covers single-word groups (forms without their article) and groups
        with multi-word forms, so a query for ترمب can be widened to the
        phrase "دونالد ترامب".
        """
        form = " ".join(normalize(text).split())
        found = {form} | self._phrases.get(form, frozenset())
        canonical = self._canonical.get(_bare(form))
        for member in self._members.get(canonical, ()):
            found |= {member} | self._phrases.get(member, frozenset())
        return sorted(found)

    def lookup(self, word: str) -> tuple | None:
        """Return (canonical, canonical stem) for a listed form, else None.

        ``word`` must be normalized and without its article. The canonical
        stem is the canonical form itself (protected from suffix stripping),
        except in inflecting groups (see module doc).
        """
        canonical = self._canonical.get(word)
        if canonical is None:
            return None
        return canonical, self._derived()[1].get(canonical, canonical)

    def forms_folded_into(self, terms: frozenset) -> frozenset:
        """The forms and inflection stems whose analysis can put a spelling found inside one of ``terms``.

        A word is analysed into terms that are pieces of the word itself, or
        that hold the canonical spelling (or canonical stem) of a form found
        inside the word. So a word none of ``terms`` and none of these forms
        is found inside can never be analysed into one of ``terms``: the
        highlighter skips it without analysing it. Looked up by every piece
        of each term (a term is a word: a few dozen pieces).
        """
        folds = self._folds()
        found = set()
        for term in terms:
            for start in range(len(term)):
                for end in range(start + 1, len(term) + 1):
                    found.update(folds.get(term[start:end], ()))
        return frozenset(found)

    def _folds(self) -> dict:
        """{canonical spelling or stem: the forms and inflection stems the analysis folds into it}."""
        if self._folded is None:
            stems, canonical_stems = self._derived()
            folds = {}
            for form, canonical in self._canonical.items():
                for target in {canonical, canonical_stems.get(canonical, canonical)}:
                    folds.setdefault(target, set()).add(form)
            for stem, target in stems.items():
                folds.setdefault(target, set()).add(stem)
            self._folded = folds
        return self._folded

    def lookups_changed(self, other: "VariantTable") -> frozenset:
        """The keys that :meth:`lookup` or :meth:`lookup_stem` answers otherwise in ``other``.

        The analysis of a word asks the table only about pieces of the word
        (:func:`analysis.analyze_word`), so a word none of these is found
        inside is analysed alike with both tables: an import that adds a
        batch's tag aliases keeps the analyses of the words it has read
        (:class:`written.KnownWords`) instead of reading them all again.
        """
        changed = {form for form, _ in set(self._canonical.items()) ^ set(other._canonical.items())}
        (stems, canonical_stems), (other_stems, other_canonical_stems) = self._derived(), other._derived()
        moved = {canonical for canonical, _ in set(canonical_stems.items()) ^ set(other_canonical_stems.items())}
        if moved:
            changed |= {form for table in (self, other) for form, canonical in table._canonical.items()
                        if canonical in moved}
        changed |= {stem for stem, _ in set(stems.items()) ^ set(other_stems.items())}
        return frozenset(changed)

    def lookup_stem(self, stem: str) -> str | None:
        """Return the canonical stem for a stem of an inflecting group."""
        return self._derived()[0].get(stem)

    def _derived(self) -> tuple:
        """Build (stem -> canonical stem, canonical -> its stem) once per change.

        Only inflecting groups appear: those whose forms (two or more) all
        end with the same non-empty light10 suffixes.
        """
        if self._stems is None:
            stems, canonical_stems = {}, {}
            for canonical, members in self._members.items():
                suffixes = {f[len(strip_suffixes(f)):] for f in members}
                if len(members) > 1 and len(suffixes) == 1 and "" not in suffixes:
                    target = canonical_stems[canonical] = strip_suffixes(canonical)
                    stems.update((strip_suffixes(f), target) for f in members)
            self._stems = stems, canonical_stems
        return self._stems


def load_table(path: Path = DATA_FILE) -> VariantTable:
    """Read a variants file into a new table."""
    return VariantTable(parse_groups(Path(path).read_text(encoding="utf-8")))


_table: VariantTable | None = None


def get_table() -> VariantTable:
    """Return the process-wide table (loaded from the data file on first use).

    The analysis looks it up on every call, so ``get_table().extend(...)``
    takes effect immediately, including inside an existing Whoosh schema.
    """
    global _table
    if _table is None:
        _table = load_table()
    return _table


def set_table(table: VariantTable | None) -> VariantTable | None:
    """Replace the process-wide table (None: reload from the data file on
    next use) and return the previous one, e.g. to restore it in tests."""
    global _table
    previous, _table = _table, table
    return previous
