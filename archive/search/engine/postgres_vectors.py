"""Articles as PostgreSQL ``tsvector`` text, made from the archive's own analysis.

A document's vector is written as ``tsvector`` input text
(``'lexeme':12A,40``): every surface term and stem of
:func:`archive.arabic.analysis.analyze`, surface and stems at the same
position, the title weighted A, tag names and their aliases B, lead and body
D. Sections sit ``SECTION_GAP`` positions apart, so a phrase never runs from
the title into the tags or the body, as Whoosh's fields keep them apart.

:func:`document_text_in_order` is the definition: the text read word by word,
each word's lexemes given its position. An index build spent most of its time
there (2 ms of CPU an article), so :func:`document_text`, which gives exactly
the same, reads words as written (:mod:`archive.arabic.written`): each word is
looked up once in ``WrittenWords`` and becomes the ids of its lexemes; NumPy
then groups a document's (lexeme, position) pairs, orders them as the
definition does and picks each one's text from tables, and one ``join`` makes
the vector. No Django here: the benchmarks use this module with a bare
connection.

A rebuild copies the vectors in PostgreSQL's binary form instead
(``binary=True``): the same lexemes and positions, which the server takes
without parsing text (parsing the corpus's 144 MB of vector text was 4 to 6 s
of the server's CPU, against 1.4 to 1.8 s for all its rows in binary).
"""
import re
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np
from psycopg import postgres
from psycopg.adapt import Dumper
from psycopg.pq import Format

from archive.arabic.analysis import analysed_words
from archive.arabic.written import KnownWords

__all__ = ["DocumentText", "WordTally", "document_text", "document_texts", "counted_vectors",
           "document_text_in_order", "binary_vector", "BinaryVectorDumper", "quote", "TITLE", "TAGS", "BODY",
           "MAX_LEXEME_CHARS"]

TITLE, TAGS, BODY = "A", "B", "D"
SECTIONS = (TITLE, TAGS, BODY)
# PostgreSQL keeps positions up to 16383 and 256 of them per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
# Longer lexemes are refused by PostgreSQL (2 KB); no real word comes near.
MAX_LEXEME_CHARS = 200
SECTION_GAP = 100
# document_text_in_order keeps the lexemes of this many analyses at most, then starts afresh.
KNOWN_WORDS = 400_000
# A position's weight in tsvector's binary form (its two high bits): A 3, B 2, C 1, D 0; by letter, and by section.
_TEXT_WEIGHT_BITS = {"A": 3 << 14, "B": 2 << 14, "C": 1 << 14}
_WEIGHT_BITS = np.array([_TEXT_WEIGHT_BITS.get(section, 0) for section in SECTIONS], dtype=np.int64)


@dataclass
class DocumentText:
    """One article as the engine stores it."""

    vector: str  # tsvector input text
    text_words: frozenset  # terms of title, lead and body (Whoosh's "text" field): spelling, related articles
    title_words: frozenset  # terms of the title: completion of title words


class WordTally:
    """How many articles hold each word in their text (title, lead, body) and in their title, over many batches:
    what the word table keeps.

    Counted by lexeme id, one NumPy addition a batch, and written as text
    once, at the end (:meth:`counts`): a rebuild's worker keeps one for all
    its batches, and sends back one count per word, not one per word a batch.
    """

    def __init__(self):
        self.text_docs, self.title_docs = {}, {}  # counted as text
        self._known, self._text, self._title = None, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)

    def add(self, text):
        """Count the words of one more article's ``DocumentText``."""
        for counts, words in ((self.text_docs, text.text_words), (self.title_docs, text.title_words)):
            for word in words:
                counts[word] = counts.get(word, 0) + 1

    def add_ids(self, known, text, title):
        """Add counts by lexeme id of ``known`` (a ``WrittenWords``): ``text[id]`` and ``title[id]`` articles."""
        if known is not self._known:
            self._settle()
            self._known = known
        self._text = _added(self._text, text)
        self._title = _added(self._title, title)

    def counts(self):
        """({word: articles holding it in their text}, {word: articles holding it in their title})."""
        self._settle()
        return self.text_docs, self.title_docs

    def _settle(self):
        """Write the counts by lexeme id as text (before the ids change meaning: another ``WrittenWords``)."""
        for counts, by_id in ((self.text_docs, self._text), (self.title_docs, self._title)):
            found = np.flatnonzero(by_id)
            if len(found):
                for word, count in zip(self._known.lexeme_texts(found), by_id[found].tolist(), strict=True):
                    counts[word] = counts.get(word, 0) + count
        self._text, self._title = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


def _added(total, more):
    """``total`` + ``more``, the shorter taken as zeros past its end."""
    if len(more) > len(total):
        total, more = more.astype(np.int64), total
    total[:len(more)] += more
    return total


class _Pairs(NamedTuple):
    """Every (lexeme id, place) pair of some articles, sorted by article and lexeme; a place is
    section * ``MAX_POSITION`` + position."""

    lexemes: np.ndarray
    places: np.ndarray
    owners: np.ndarray  # the article of each
    slots: np.ndarray  # the lexeme's rank among its word's lexemes
    opens: np.ndarray  # an article's lexeme opens here
    firsts: np.ndarray  # where each article's lexeme opens


def quote(lexeme):
    """A lexeme as tsvector/tsquery input: in single quotes, quotes doubled, backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def document_text(title, tag_names, body):
    """The ``DocumentText`` of an article: ``tag_names`` are its tags' names and aliases, one a line."""
    return document_texts([(title, tag_names, body)])[0]


def document_texts(articles):
    """The ``DocumentText`` of each (title, tag names, body) of ``articles``: exactly
    :func:`document_text_in_order`'s, which it takes for the rare text it cannot read its own way (a folded text
    with an ambiguous stop word, or one past PostgreSQL's last position). Many at once cost less each: the
    NumPy work is done once for them all."""
    known = WrittenWords.current()
    texts, read = _read_as_written(known, articles)
    made = known.documents([sections for _index, sections in read])
    for (index, _sections), text in zip(read, made, strict=True):
        texts[index] = text
    return texts


def counted_vectors(articles, tally, binary=False):
    """The vectors of ``articles`` (as :func:`document_texts` takes them), :func:`document_texts`' exactly, their
    words counted into ``tally`` (a ``WordTally``), not kept an article at a time: a rebuild needs only the
    counts, which NumPy makes for all the articles at once. With ``binary``, each vector in PostgreSQL's binary
    form (:func:`binary_vector` of its text), for a binary ``COPY``."""
    known = WrittenWords.current()
    texts, read = _read_as_written(known, articles)
    vectors = known.counted([sections for _index, sections in read], tally, binary)
    for (index, _sections), vector in zip(read, vectors, strict=True):
        texts[index] = vector
    for index, text in enumerate(texts):
        if isinstance(text, DocumentText):
            texts[index] = binary_vector(text.vector) if binary else text.vector
            tally.add(text)
    return texts


class BinaryVectorDumper(Dumper):
    """psycopg's writer of a vector already in binary form (:func:`binary_vector`): passes it on as it is, to a
    binary ``COPY`` whose types (``Copy.set_types``) name the column ``tsvector``."""

    format = Format.BINARY
    oid = postgres.types["tsvector"].oid

    def dump(self, obj):
        return obj


# An entry of a vector's text: its quoted lexeme (quotes doubled, backslashes escaped) and its positions.
_TEXT_ENTRY = re.compile(r"'((?:[^'\\]|''|\\.)*)':([0-9A-D,]+)", re.S)
_UNQUOTED = re.compile(r"''|\\(.)", re.S)


def binary_vector(text):
    """A vector's text as tsvector's binary input (``tsvectorrecv``): the number of lexemes, then each lexeme
    (UTF-8, ending in a zero byte), its number of positions and the positions (the weight in the two high bits),
    big-endian. Equal positions become one, with the higher weight, as the text's parser makes them."""
    entries = _TEXT_ENTRY.findall(text)
    parts = [len(entries).to_bytes(4, "big")]
    for quoted, positions in entries:
        weights = {}
        for position in positions.split(","):
            weight = _TEXT_WEIGHT_BITS.get(position[-1], 0)
            number = min(int(position.rstrip("ABCD")), MAX_POSITION)
            weights[number] = max(weights.get(number, 0), weight)
        kept = sorted(weights)[:MAX_POSITIONS_PER_LEXEME]
        parts += [_UNQUOTED.sub(lambda found: found.group(1) or "'", quoted).encode() + b"\0",
                  len(kept).to_bytes(2, "big"), b"".join((number | weights[number]).to_bytes(2, "big")
                                                          for number in kept)]
    return b"".join(parts)


def _read_as_written(known, articles):
    """Each article's ``DocumentText`` where it must be read in order (None where not), and (index, sections)
    of the others (``_sections``)."""
    texts, read = [None] * len(articles), []
    for index, article in enumerate(articles):
        sections = _sections(known, article)
        if sections is None:
            texts[index] = document_text_in_order(*article)
        else:
            read.append((index, sections))
    return texts, read


def _sections(known, article):
    """(section, first position, word ids) of each section of ``article`` that has text, or None when it must be
    read in order."""
    sections, start = [], 1
    for section, text in enumerate(article):
        if not text:
            continue
        ids = known.ids(text)
        if ids is None or start + len(ids) > MAX_POSITION:
            return None
        sections.append((section, start, ids))
        start = _last_word(ids, start) + SECTION_GAP
    return sections


def _last_word(ids, start):
    """The position of a section's last word that is not a stop word (``start`` when there is none)."""
    for index in range(len(ids) - 1, -1, -1):
        if ids[index]:
            return start + index
    return start


def _kept_lexemes(word):
    """The lexemes of an analysed word (surface, stems): its surface, then its stems unlike it (none too long)."""
    surface, stems = word
    return [lexeme for lexeme in dict.fromkeys((surface, *stems)) if len(lexeme) <= MAX_LEXEME_CHARS]


# The text of a position in a section (section * MAX_POSITION + position): "12A", "12B", "12".
_POSITION_TEXTS = np.array([f"{position}{'' if weight == BODY else weight}"
                            for weight in SECTIONS for position in range(MAX_POSITION)], dtype=object)


class WrittenWords(KnownWords):
    """The words this process has read as written (:class:`KnownWords`), with the lexemes of each word id.

    A word id has a row of lexeme ids (``_rows``, -1 past its lexemes); a
    lexeme id has its quoted text (``_prefixes``, as it opens a vector's
    entry) and its text (``_lexemes``).
    """

    def __init__(self, table):
        super().__init__(table)
        self._lexeme_ids = {}  # lexeme -> id
        self._rows = np.full((1024, 4), -1, dtype=np.int32)
        self._prefixes = np.empty(1024, dtype=object)
        self._lexemes = np.empty(1024, dtype=object)
        self._names = np.empty(1024, dtype=object)  # a lexeme's UTF-8 and a zero byte: its binary form's name
        self._name_sizes = np.zeros(1024, dtype=np.int64)
        self._learned = []  # (word id, lexeme ids) not yet in _rows

    def documents(self, articles):
        """The ``DocumentText`` of each article's sections ((section, first position, word ids) of each)."""
        pairs = self._pairs(articles)
        if pairs is None:
            return [DocumentText("", frozenset(), frozenset()) for _article in articles]
        return [DocumentText(vector, text, title) for vector, text, title in zip(
            self._vectors(pairs, len(articles)), self._words_of(pairs, BODY, len(articles)),
            self._words_of(pairs, TITLE, len(articles)), strict=True)]

    def counted(self, articles, tally, binary=False):
        """The vectors of articles' sections (as :meth:`documents` takes them), their words counted into
        ``tally``; with ``binary``, in binary form (``_binary_vectors``)."""
        pairs = self._pairs(articles)
        if pairs is None:
            return [binary_vector("") if binary else ""] * len(articles)
        tally.add_ids(self, np.bincount(pairs.lexemes[self._met_in(pairs, BODY)]),
                      np.bincount(pairs.lexemes[self._met_in(pairs, TITLE)]))
        return (self._binary_vectors if binary else self._vectors)(pairs, len(articles))

    def _pairs(self, articles):
        """Every (lexeme, position) pair of every article, sorted by article and lexeme (positions stay in
        order), as ``_Pairs``; None when there is none."""
        if self._learned:
            self._write_rows()
        sections = [(article, *section) for article, parts in enumerate(articles) for section in parts]
        lengths = np.array([len(ids) for *_, ids in sections], dtype=np.int64)
        ids = np.fromiter(chain.from_iterable(ids for *_, ids in sections), dtype=np.int32, count=int(lengths.sum()))
        opening = np.cumsum(lengths) - lengths
        places = np.arange(len(ids)) + np.repeat(
            np.array([section * MAX_POSITION + start for _, section, start, _ in sections], dtype=np.int64) - opening,
            lengths)
        owners = np.repeat(np.array([article for article, *_ in sections], dtype=np.int64), lengths)
        rows = self._rows[ids]
        present = rows >= 0
        lexemes = rows[present]  # each position's lexemes in its word's order, article after article
        if not len(lexemes):
            return None
        width = present.sum(axis=1)
        places, owners, slots = np.repeat(places, width), np.repeat(owners, width), np.nonzero(present)[1]
        order = np.argsort(owners * len(self._lexeme_ids) + lexemes, kind="stable")
        lexemes, places, owners, slots = lexemes[order], places[order], owners[order], slots[order]
        opens = np.ones(len(lexemes), dtype=bool)
        np.not_equal(lexemes[1:], lexemes[:-1], out=opens[1:])
        opens[1:] |= owners[1:] != owners[:-1]
        return _Pairs(lexemes, places, owners, slots, opens, np.flatnonzero(opens))

    def _vectors(self, pairs, articles):
        """Each article's vector: each lexeme's first ``MAX_POSITIONS_PER_LEXEME`` positions, the lexemes in the
        order the definition meets them (by first position, then as the word lists them)."""
        lexemes, places, owners, opens, firsts = pairs.lexemes, pairs.places, pairs.owners, pairs.opens, pairs.firsts
        group = np.cumsum(opens) - 1
        rank = np.arange(len(lexemes)) - firsts[group]
        met = np.empty(len(firsts), dtype=np.int64)  # each lexeme's rank in the order the definition meets it
        met[np.argsort((owners[firsts] * MAX_POSITION + places[firsts] % MAX_POSITION) * self._rows.shape[1]
                       + pairs.slots[firsts])] = np.arange(len(firsts))
        kept = np.flatnonzero(rank < MAX_POSITIONS_PER_LEXEME)
        kept = kept[np.argsort(met[group[kept]] * MAX_POSITIONS_PER_LEXEME + rank[kept])]
        pieces = np.empty(2 * len(kept), dtype=object)
        pieces[0::2] = np.where(opens[kept], self._prefixes[lexemes[kept]], ",")
        pieces[1::2] = _POSITION_TEXTS[places[kept]]
        pieces, ends = pieces.tolist(), 2 * np.cumsum(np.bincount(owners[kept], minlength=articles))
        return ["".join(pieces[begin:end])[1:] for begin, end in zip([0, *ends[:-1].tolist()], ends.tolist(),
                                                                     strict=True)]

    def _binary_vectors(self, pairs, articles):
        """Each article's vector as :func:`binary_vector` makes it of ``_vectors``' text: the same lexemes with
        the same first ``MAX_POSITIONS_PER_LEXEME`` positions, in lexeme id order (the server sorts them, as it
        sorts the text's). Written into one byte array: each article's count, then each lexeme's name, count
        and positions at the offsets their sizes give."""
        lexemes, places, owners, opens, firsts = pairs.lexemes, pairs.places, pairs.owners, pairs.opens, pairs.firsts
        group = np.cumsum(opens) - 1
        rank = np.arange(len(lexemes)) - firsts[group]
        counts = np.minimum(np.diff(np.append(firsts, len(lexemes))), MAX_POSITIONS_PER_LEXEME)
        names = np.frombuffer(b"".join(self._names[lexemes[firsts]].tolist()), dtype=np.uint8)
        name_sizes = self._name_sizes[lexemes[firsts]]
        sizes = name_sizes + 2 + 2 * counts
        entry_owners = owners[firsts]
        entry_starts = np.cumsum(sizes) - sizes + 4 * (entry_owners + 1)
        ends = np.cumsum(4 + np.bincount(entry_owners, weights=sizes, minlength=articles).astype(np.int64))
        out = np.empty(int(ends[-1]), dtype=np.uint8)
        _put(out, np.append(0, ends[:-1]), np.bincount(entry_owners, minlength=articles), ">i4")
        out[np.repeat(entry_starts - (np.cumsum(name_sizes) - name_sizes), name_sizes) + np.arange(len(names))] = names
        _put(out, entry_starts + name_sizes, counts, ">u2")
        kept = np.flatnonzero(rank < MAX_POSITIONS_PER_LEXEME)
        _put(out, entry_starts[group[kept]] + name_sizes[group[kept]] + 2 + 2 * rank[kept],
             _WEIGHT_BITS[places[kept] // MAX_POSITION] | places[kept] % MAX_POSITION, ">u2")
        data = out.tobytes()
        return [data[begin:end] for begin, end in zip([0, *ends[:-1].tolist()], ends.tolist(), strict=True)]

    def lexeme_texts(self, ids):
        """The lexemes of ``ids`` (an array of lexeme ids), as text."""
        return self._lexemes[ids].tolist()

    def _met_in(self, pairs, weight):
        """Where each article's lexeme met in the section ``weight`` opens in ``pairs``."""
        inside = np.logical_or.reduceat(pairs.places // MAX_POSITION == SECTIONS.index(weight), pairs.firsts)
        return pairs.firsts[inside]

    def _words_of(self, pairs, weight, articles):
        """Each article's lexemes met in the section ``weight``, as text."""
        met = self._met_in(pairs, weight)
        words = self._lexemes[pairs.lexemes[met]].tolist()
        ends = np.cumsum(np.bincount(pairs.owners[met], minlength=articles)).tolist()
        return [frozenset(words[begin:end]) for begin, end in zip([0, *ends[:-1]], ends, strict=True)]

    def learned(self, found, analysis):
        self._learned.append((found, [self._lexeme_id(lexeme) for lexeme in _kept_lexemes(analysis)]))

    def _write_rows(self):
        """Put the words learned since last time into ``_rows`` (one NumPy write for them all)."""
        found, lexemes = zip(*self._learned, strict=True)
        self._learned = []
        lengths = np.fromiter(map(len, lexemes), dtype=np.int64, count=len(lexemes))
        width, last = max(self._rows.shape[1], int(lengths.max())), max(found)
        if last >= len(self._rows) or width > self._rows.shape[1]:
            rows = np.full((max(len(self._rows), 2 * last), width), -1, dtype=np.int32)
            rows[:self._rows.shape[0], :self._rows.shape[1]] = self._rows
            self._rows = rows
        columns = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        self._rows[np.repeat(np.array(found), lengths), columns] = list(chain.from_iterable(lexemes))

    def _lexeme_id(self, lexeme):
        found = self._lexeme_ids.get(lexeme)
        if found is None:
            found = self._lexeme_ids[lexeme] = len(self._lexeme_ids)
            if found >= len(self._lexemes):
                self._prefixes = np.concatenate([self._prefixes, np.empty(found, dtype=object)])
                self._lexemes = np.concatenate([self._lexemes, np.empty(found, dtype=object)])
                self._names = np.concatenate([self._names, np.empty(found, dtype=object)])
                self._name_sizes = np.concatenate([self._name_sizes, np.zeros(found, dtype=np.int64)])
            self._prefixes[found] = f" {quote(lexeme)}:"
            self._lexemes[found] = lexeme
            self._names[found] = lexeme.encode() + b"\0"
            self._name_sizes[found] = len(self._names[found])
        return found


def _put(out, offsets, values, dtype):
    """Write ``values`` as ``dtype`` (big-endian integers) into the bytes ``out`` at ``offsets``."""
    width = np.dtype(dtype).itemsize
    out[offsets[:, None] + np.arange(width)] = np.asarray(values).astype(dtype).view(np.uint8).reshape(-1, width)


def document_text_in_order(title, tag_names, body):
    """The ``DocumentText`` of an article, read word by word in reading order (:func:`analysed_words`)."""
    if len(_quoted) > KNOWN_WORDS:
        _quoted.clear()
        _unquoted.clear()
    positions = {}  # quoted lexeme -> ["12A", "40", ...]
    text_words, title_words = set(), set()
    quoted = _quoted.get
    start = 1
    for text, weight in ((title, TITLE), (tag_names, TAGS), (body, BODY)):
        if not text:
            continue
        suffix = "" if weight == BODY else weight
        end = start
        for word, position, _start, _end, _text in analysed_words(text, start_pos=start):
            if word is None:
                continue
            if position >= MAX_POSITION:  # past PostgreSQL's last position: all at the last one, once
                position = MAX_POSITION
            end = position
            at = f"{position}{suffix}"
            for lexeme in quoted(word) or _quoted_lexemes(word):
                kept = positions.get(lexeme)
                if kept is None:
                    positions[lexeme] = [at]
                elif len(kept) < MAX_POSITIONS_PER_LEXEME and kept[-1] != at:
                    kept.append(at)
                elif weight == BODY:  # its last position is not the body's
                    text_words.add(lexeme)
        if weight == TITLE:
            title_words.update(positions)
        elif weight == BODY:
            text_words.update(lexeme for lexeme, kept in positions.items() if kept[-1][-1] not in "AB")
        start = end + SECTION_GAP
    vector = " ".join([f"{lexeme}:{','.join(kept)}" for lexeme, kept in positions.items()])
    return DocumentText(vector, frozenset(map(_unquoted.__getitem__, text_words)),
                        frozenset(map(_unquoted.__getitem__, title_words)))


# For document_text_in_order: a word's analysis (surface, stems) -> its lexemes quoted, and a quoted lexeme -> the
# lexeme (emptied between two documents past KNOWN_WORDS words).
_quoted = {}
_unquoted = {}


def _quoted_lexemes(word):
    found = _quoted.get(word)
    if found is None:
        lexemes = _kept_lexemes(word)
        found = _quoted[word] = tuple(quote(lexeme) for lexeme in lexemes)
        _unquoted.update(zip(found, lexemes, strict=True))
    return found
