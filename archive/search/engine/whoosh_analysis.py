"""Whoosh glue for the Arabic analysis of ``archive.arabic``.

Whoosh's own analyzers are English (and its ``LanguageAnalyzer("ar")``
breaks on Python 3.11), so the search index uses :class:`ArabicAnalyzer`,
which yields the terms of :func:`archive.arabic.analysis.analyze` as Whoosh
tokens. It is a module-level class holding only a number, so it pickles into
the index schema; the variant table is looked up at analysis time, so tag
aliases added at runtime apply without rebuilding the schema.

Each word is indexed as its surface term (boost 1) and, when different, its
stem term (boost ``stem_boost``, 0.5) at the same position. Whoosh adds the
boosts of a term into its weight, which BM25F uses as the term frequency.
A query word is analyzed the same way; with ``multitoken_query="or"`` on the
field (see :func:`arabic_text_field`) it becomes ``surface OR stem``, so an
exactly spelled word finds every inflection and ranks exact matches first.

Phrases need :class:`ArabicPhrasePlugin` (see :func:`install_arabic_phrases`
and :func:`arabic_query_parser`): Whoosh's stock phrase query ignores token
positions, so it can neither skip a dropped stop word nor treat a surface
and a stem at one position as alternatives; with it, a quoted phrase that
holds any stemmable word matches nothing.
"""

from itertools import groupby

from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.qparser import PhrasePlugin, QueryParser
from whoosh.qparser.common import attach
from whoosh.qparser.plugins import RegexTagger
from whoosh.query.spans import SpanNear2, SpanOr

from archive.arabic.analysis import analysed_words
from archive.arabic.normalize import normalize
from archive.arabic.stopwords import STOPWORDS
from archive.arabic.written import KnownWords
from archive.search.engine import whoosh_positions
from archive.search.engine.whoosh_positions import PackedPositions

__all__ = ["ArabicAnalyzer", "ArabicPhrasePlugin", "SpanSequence", "SpanAlternatives",
           "arabic_text_field", "arabic_query_parser", "install_arabic_phrases",
           "positional_phrase", "STEM_BOOST"]

STEM_BOOST = 0.5

# Every process that can make or read a field with packed positions writes and reads their blocks packed.
whoosh_positions.install()


class ArabicAnalyzer(Tokenizer):
    """Whoosh analyzer yielding surface and stem terms of Arabic text."""

    def __init__(self, stem_boost: float = STEM_BOOST):
        self.stem_boost = stem_boost

    def __eq__(self, other):
        return (other.__class__ is self.__class__
                and other.stem_boost == self.stem_boost)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        """Yield one reused ``Token`` per term, as Whoosh tokenizers do.

        ``tokenize=False`` (wildcard and prefix queries) yields the whole
        value normalized, as one token.
        """
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield self._whole(token, value, positions, chars, keeporiginal,
                              start_pos, start_char)
            return
        for word, position, start, end, text in analysed_words(value, start_pos=start_pos):
            if word is None:  # a stop word
                if removestops:
                    continue
                yield self._fill(token, text, 1.0, text in STOPWORDS, position, start, end,
                                 value, keeporiginal, positions, chars, start_char)
                continue
            surface, stems = word
            yield self._fill(token, surface, 1.0, surface in STOPWORDS, position, start, end,
                             value, keeporiginal, positions, chars, start_char)
            for stem in stems:
                if stem != surface:
                    yield self._fill(token, stem, self.stem_boost, False, position, start, end,
                                     value, keeporiginal, positions, chars, start_char)

    def term_positions(self, value):
        """{term: [positions, weight]} of ``value`` as Whoosh's ``Positions`` gathers this analyzer's tokens, or
        None when this text must be read token by token.

        Made a word as written at a time (:class:`_TermsOfWords`): an index
        build made and gathered a token per term, about a third of its time.
        A term's weight is its boosts' sum; with any stem boost but the default,
        whose sums are exact in any order, the tokens are read one by one.
        """
        known = _TermsOfWords.current()
        ids = known.ids(value) if self.stem_boost == STEM_BOOST else None
        if ids is None:
            return None
        words = {}  # word id -> its positions
        for position, word in enumerate(ids):
            kept = words.get(word)
            if kept is None:
                words[word] = [position]
            else:
                kept.append(position)
        terms = {}
        for word, at in words.items():
            for text, boost in known.terms[word]:
                found = terms.get(text)
                if found is None:
                    terms[text] = [at, boost * len(at)]
                else:  # a term of another word too
                    found[0] = sorted(found[0] + at)
                    found[1] += boost * len(at)
        return terms

    @staticmethod
    def _fill(token, text, boost, stopped, position, start, end, value, keeporiginal, positions, chars, start_char):
        token.text = text
        token.boost = boost
        token.stopped = stopped
        if keeporiginal:
            token.original = value[start:end]
        if positions:
            token.pos = position
        if chars:
            token.startchar = start_char + start
            token.endchar = start_char + end
        return token

    @staticmethod
    def _whole(token, value, positions, chars, keeporiginal, start_pos, start_char):
        """Fill ``token`` with the whole normalized value."""
        token.text = normalize(value)
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = value
        if positions:
            token.pos = start_pos
        if chars:
            token.startchar, token.endchar = start_char, start_char + len(value)
        return token


class _TermsOfWords(KnownWords):
    """The words this process has indexed as written (:class:`KnownWords`), with the terms of each word id:
    (text, boost) of its surface (unless a stop word, which Whoosh drops) and of each stem unlike it."""

    def __init__(self, table):
        super().__init__(table)
        self.terms = [()]

    def learned(self, found, analysis):
        self.terms.append(word_terms(analysis))


def word_terms(analysis):
    """(text, boost) of the terms a word's ``analysis`` indexes, as ``ArabicAnalyzer`` yields them: the surface
    (unless a stop word, which Whoosh drops) at 1, each stem unlike it at ``STEM_BOOST``."""
    surface, stems = analysis
    terms = () if surface in STOPWORDS else ((surface, 1.0),)
    return (*terms, *((stem, STEM_BOOST) for stem in stems if stem != surface))


class SpanSequence(SpanNear2):
    """SpanNear2 with Whoosh 2.7.4's size estimate fixed: its ``_and_query``
    refers to an undefined name, so a SpanNear2 inside an Or (a phrase over
    several fields) raised NameError. It also lacks the ``boost`` every
    other query has, which ``word OR "a phrase"`` needs when Whoosh
    flattens nested Ors (AttributeError in ``compound.py``)."""

    boost = 1.0

    def _and_query(self):
        return wq.And(self.qs)


class SpanAlternatives(SpanOr):
    """SpanOr that can estimate its size (Whoosh 2.7.4's raises
    NotImplementedError once it sits inside an Or or an And)."""

    boost = 1.0

    def estimate_size(self, ixreader):
        return self.q.estimate_size(ixreader)

    def estimate_min_size(self, ixreader):
        return self.q.estimate_min_size(ixreader)


def positional_phrase(fieldname, slots, slop=1, boost=1.0):
    """Build a phrase query from ``slots``: (position, [alternative texts]).

    Consecutive slots must sit exactly as far apart as their positions
    (a dropped stop word leaves a gap of 2); with ``slop`` > 1 they may be
    up to ``gap + slop - 1`` apart. Alternatives at one position (surface
    and stem) are ORed. Plain adjacent single words give Whoosh's Phrase;
    otherwise spans are used, and Whoosh's span queries ignore ``boost``.
    """
    if not slots:
        return wq.NullQuery
    gaps = [b[0] - a[0] for a, b in zip(slots, slots[1:], strict=False)]
    if all(len(texts) == 1 for _, texts in slots) and set(gaps) <= {1}:
        words = [texts[0] for _, texts in slots]
        if len(words) == 1:
            return wq.Term(fieldname, words[0], boost=boost)
        return wq.Phrase(fieldname, words, slop=slop, boost=boost)
    query = _slot_query(fieldname, slots[0][1])
    for gap, (_, texts) in zip(gaps, slots[1:], strict=True):
        query = SpanSequence([query, _slot_query(fieldname, texts)], ordered=True,
                             slop=gap + slop - 1, mindist=gap if slop == 1 else 1)
    return query


def _slot_query(fieldname, texts):
    """One term, or a span OR of the alternatives at one position."""
    terms = [wq.Term(fieldname, text) for text in texts]
    return terms[0] if len(terms) == 1 else SpanAlternatives(terms)


class ArabicPhrasePlugin(PhrasePlugin):
    """Phrase plugin that analyzes "quoted text" with positions."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        """Phrase node whose query keeps the analyzer's token positions."""

        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            schema = parser.schema
            if not (schema and fieldname in schema and schema[fieldname].analyzer):
                return PhrasePlugin.PhraseNode.query(self, parser)
            tokens = schema[fieldname].tokenize(self.text, mode="query", positions=True)
            pairs = [(t.pos, t.text) for t in tokens]  # tokens are reused objects
            slots = [(pos, list(dict.fromkeys(text for _, text in group)))
                     for pos, group in groupby(pairs, key=lambda pair: pair[0])]
            query = positional_phrase(fieldname, slots, self.slop, self.boost)
            return attach(query, self)

    class PhraseTagger(RegexTagger):
        """Tagger that creates :class:`ArabicPhrasePlugin.PhraseNode`."""

        def create(self, parser, match):
            slop = int(match.group("slop")) if match.group("slop") else 1
            return ArabicPhrasePlugin.PhraseNode(match.group("text"),
                                                 match.start("text"), slop)


def arabic_text_field(phrase=True, **kwargs) -> TEXT:
    """A Whoosh TEXT field analyzed in Arabic, with "surface OR stem" queries.

    With ``phrase`` its postings keep word positions, packed
    (:mod:`whoosh_positions`); without, only each term's weight, for a
    field no phrase is looked for in.
    """
    kwargs.setdefault("analyzer", ArabicAnalyzer())
    kwargs.setdefault("multitoken_query", "or")
    field = TEXT(phrase=phrase, **kwargs)
    if phrase:
        field.format = PackedPositions(field_boost=field.format.field_boost)
    return field


def install_arabic_phrases(parser: QueryParser) -> QueryParser:
    """Swap a parser's stock PhrasePlugin for ArabicPhrasePlugin (works on
    any QueryParser, MultifieldParser included) and return the parser."""
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(ArabicPhrasePlugin())
    return parser


def arabic_query_parser(fieldname, schema, **kwargs) -> QueryParser:
    """A Whoosh QueryParser whose phrases go through ArabicPhrasePlugin."""
    return install_arabic_phrases(QueryParser(fieldname, schema, **kwargs))
