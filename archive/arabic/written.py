"""A word's analysis from the word as written, for indexing in bulk.

:func:`analysis.analysed_words` finds a text's word spans, normalizes them,
and looks each normalized word up: about 2 ms of CPU per article, most of an
index build, for words nearly all analysed before. A word's analysis depends
on the word as written alone, with one exception: an ambiguous stop word
(:data:`stopwords.AMBIGUOUS`) in a text that is already folded, which
:func:`stopwords.stop_test` decides from its place in the text. So a bulk
indexer cuts the text with :func:`tokenize.written_words` (one regular
expression), looks each word up as written in a dictionary of its own, fills
it from :func:`analyse_written`, and takes ``analysed_words`` for the rare
text that is folded and holds a word :func:`analyse_written` calls
contextual.
"""

from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

from .analysis import analyze_word
from .normalize import normalize
from .stopwords import decided_by_context, is_folded, stopped_as_written
from .tokenize import is_plain, split_word, written_words
from .variants import VariantTable, get_table

__all__ = ["analyse_written", "Written", "KnownWords"]


class Written(NamedTuple):
    """What :func:`analyse_written` makes of a word as written."""

    analyses: tuple  # per position: (surface, stems), or None for a stop word, as in a text that is not folded
    contextual: bool  # one of them is a stop word in some texts only, which a folded text decides otherwise
    folded: bool  # normalization leaves the word as it is
    plain: bool  # normalized, it is one plain word (else its pieces are normalized piece by piece)


def analyse_written(word: str, table: VariantTable | None = None) -> Written:
    """The ``Written`` of ``word``, one of :func:`tokenize.written_words`' words.

    Its ``analyses`` have one item per position the word takes in
    :func:`analysis.analysed_words` (almost always one; a word mixing digits
    and letters takes two).
    """
    table = get_table() if table is None else table
    norm = normalize(word)
    if is_plain(norm):
        pieces = [(norm, word)]
    else:
        pieces = [(piece, word[a:b]) for piece, a, b in split_word(word, 0, len(word))]
    analyses = tuple(None if stopped_as_written(piece, written) else analyze_word(piece, table)
                     for piece, written in pieces)
    return Written(analyses, any(decided_by_context(piece) for piece, _ in pieces), norm == word, is_plain(norm))


class KnownWords:
    """The words a process has read as written, for one variant table, each as the id of its analysis.

    A word as written has an id (0: a stop word), or several, one a
    position, for a word that takes several positions; words with the same
    analysis share an id. A subclass keeps what its index makes of an
    analysis (:meth:`learned`), by id. The process keeps one per subclass
    (:meth:`current`), emptied past ``LIMIT`` words and for a table extended
    in place; a new table is followed, keeping the words it reads alike.
    """

    LIMIT = 400_000
    _current = None
    # Past this many changed keys, a new table is read afresh rather than followed (:meth:`_follow`).
    FOLLOW_LIMIT = 500

    def __init__(self, table: VariantTable):
        self.table, self.version = table, table.version
        self.words = {}  # word as written -> id, or a tuple of ids
        self.several = set()  # the words of several positions
        self.contextual = set()  # the words that are a stop word in some texts only
        # The words normalization changes. A text with one is not folded: normalization never gives a character
        # back itself, nor one it drops, so a folded text's characters are all left as they are, its words too.
        self.unfolded = set()
        self._ids = {None: 0}  # analysis -> id
        self.pieced = set()  # the words normalized piece by piece (:func:`tokenize.split_word`)

    @classmethod
    def current(cls):
        """The words read with the process's variant table as it is now.

        A new table object (the tag aliases installed again, as an import
        does after each batch) is followed: the words it may analyse
        otherwise are forgotten, the others kept. A table extended in place
        since, or one that changes too much, starts afresh.
        """
        table, known = get_table(), cls.__dict__.get("_current")
        if known is not None and known.table is not table and known.version == known.table.version \
                and len(known.words) <= cls.LIMIT:
            known._follow(table)
        if known is None or not known.reads_with(table):
            known = cls(table)
            cls._current = known
        return known

    def reads_with(self, table: VariantTable) -> bool:
        """Whether these words are read with ``table`` as it is now: its own, not extended in place since,
        and not past ``LIMIT`` words."""
        return self.table is table and self.version == table.version and len(self.words) <= self.LIMIT

    def _follow(self, table):
        """Take ``table`` as this one's, forgetting the words whose analysis it may change: those that hold one of
        the keys it looks up otherwise (:meth:`VariantTable.lookups_changed`)."""
        changed = self.table.lookups_changed(table)
        if len(changed) > self.FOLLOW_LIMIT:
            return
        if changed:
            written = list(self.words)
            # One line a word, in ``written``'s order. Every word but the ``unfolded`` normalizes to itself, and an
            # import follows a new table after each batch: only those are normalized again.
            normalized = "\n".join([normalize(word) if word in self.unfolded else word for word in written])
            ends = list(accumulate(len(word) + 1 for word in normalized.split("\n")))
            forgotten = {written[bisect_right(ends, at)] for key in changed for at in _places(normalized, key)}
            for word in forgotten | self.pieced:  # a word read piece by piece is not one line of ``normalized``
                del self.words[word]
                for words in (self.several, self.contextual, self.unfolded, self.pieced):
                    words.discard(word)
        self.table, self.version = table, table.version

    def ids(self, text: str) -> list | None:
        """The analysis ids of ``text``'s words, one a position, or None when a word's analysis depends on this
        text (:func:`analyse_written`'s contextual words in a folded text)."""
        written = written_words(text)
        ids = list(map(self.words.get, written))
        if None in ids:
            ids = [self._learn(word) if found is None else found for word, found in zip(written, ids, strict=True)]
        if not self.contextual.isdisjoint(written) and self.unfolded.isdisjoint(written) and is_folded(text):
            return None
        if not self.several.isdisjoint(written):
            ids = [piece for found in ids for piece in (found if isinstance(found, tuple) else (found,))]
        return ids

    def learned(self, found: int, analysis) -> None:
        """Keep what the index makes of ``analysis`` ((surface, stems), or None: a stop word), id ``found``."""

    def _learn(self, word):
        analyses, contextual, folded, plain = analyse_written(word, self.table)
        if not plain:
            self.pieced.add(word)
        if contextual:
            self.contextual.add(word)
        if not folded:
            self.unfolded.add(word)
        if len(analyses) == 1:
            ids = self._id(analyses[0])
        else:
            ids = tuple(map(self._id, analyses))
            self.several.add(word)
        self.words[word] = ids
        return ids

    def _id(self, analysis):
        found = self._ids.get(analysis)
        if found is None:
            found = self._ids[analysis] = len(self._ids)
            self.learned(found, analysis)
        return found


def _places(text, key):
    """Where ``key`` starts in ``text``, each place."""
    at = text.find(key)
    while at >= 0:
        yield at
        at = text.find(key, at + 1)
