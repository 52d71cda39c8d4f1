"""Evaluate the reader's parsed query over whole arrays: match, score, filter, sort and count facets.

Whoosh keeps the postings; :mod:`whoosh_columns` reads each query term's
postings a block at a time (128 documents per read) and this module does
the rest with NumPy over its arrays, so a search costs a few array
operations per word instead of Python work per matching document.

Scores are Whoosh's own BM25F, computed with Whoosh's parameters for each
term (idf, average field length, B, K1) on the same quantized field
lengths, and summed over the terms a document matches as Whoosh sums them
in ``And`` and ``Or``: rankings are those Whoosh would give. A phrase
matches where Whoosh's positional span query finds it in the text field
(which holds the title too), checked only on documents that everything else
in the query allows, and scores as the sum of its words.
"""
import datetime
import hashlib
import math
from itertools import groupby

import numpy as np
from whoosh.util.times import datetime_to_long

from archive.search.engine.query import LIST_FACETS, RELEVANCE, SINGLE_FACETS
from archive.search.engine.whoosh_columns import POSITION_BITS, TEXT_FIELDS, sorted_distinct
from archive.search.syntax import Group, Not, Phrase, Word

PHRASE_FIELD = "text"
# Whoosh stores dates as numbers it can only make from the year 1000 on.
EARLIEST = datetime.datetime(1000, 1, 1)


class Evaluation:
    """One query against one searcher and its arrays."""

    def __init__(self, searcher, schema, arrays):
        self.searcher = searcher
        self.schema = schema
        self.arrays = arrays
        self.fields = [name for name in TEXT_FIELDS if name in schema]

    # -- matching ---------------------------------------------------------------

    def matches(self, engine_query):
        """(bool array of matching live documents, float array of scores, the matches a date filter leaves out
        for having no date when the query asks for that count, else None)."""
        hit, score = self.arrays.live.copy(), None
        unchecked = []
        for node in engine_query.clauses:
            # A required phrase is checked last, among the documents everything else allows.
            found = self.phrase(node, checked=False) if isinstance(node, Phrase) else self.node(node)
            if found is not None:
                hit &= found[0]
                if score is None:
                    score = found[1]  # each node's scores are its own array: the others are added to it
                else:
                    score += found[1]
                if isinstance(node, Phrase):
                    unchecked.append(found[2])
        if score is None:
            score = np.zeros(self.arrays.size)
        for name, value in (*engine_query.tags, *engine_query.sources):
            hit &= self._mask(self.postings(name, value)[0])
        if engine_query.public:
            hit &= self.public(engine_query.as_of)
        dated, undated = None, None
        if engine_query.start or engine_query.end:
            dated = self._dates(engine_query.start, engine_query.end)
            if engine_query.count_undated:  # checked with the rest (phrases), counted after
                undated = self.arrays.published < 0
                dated |= undated
            hit &= dated
        for query in unchecked:
            hit &= self._in_place(query, hit)
        if undated is not None:
            left_out = hit & undated
            hit &= ~undated
            return hit, score, int(left_out.sum())
        return hit, score, None

    def node(self, node):
        """(mask, scores) of a query node, or None when nothing in it is searchable (stop words)."""
        if isinstance(node, Word):
            return self.word(node.text)
        if isinstance(node, Phrase):
            found = self.phrase(node)
            return found and found[:2]
        if isinstance(node, Not):
            inner = self.mask(node.item)
            return None if inner is None else (~inner, np.zeros(self.arrays.size))
        if isinstance(node, Group):
            return self.group(node)
        return None

    def mask(self, node):
        """The documents a node matches, unscored (what an exclusion needs), or None as :meth:`node`."""
        if isinstance(node, Word):
            terms = self._word_terms(node.text)
            return self._matching(terms) if terms else None
        found = self.node(node)
        return None if found is None else found[0]

    def group(self, node):
        found = [item for item in (self.node(child) for child in node.items) if item is not None]
        if not found:
            return None
        combine = np.logical_or if node.joiner.strip() == "OR" else np.logical_and
        (hit, score), *rest = found  # each item's arrays are its own: the others are combined into the first's
        for mask, scores in rest:
            combine(hit, mask, out=hit)
            score += scores
        return hit, score

    def word(self, text):
        """``surface OR stem`` in every text field, scores summed over what matches."""
        terms = self._word_terms(text)
        return self._terms(terms) if terms else None

    def _word_terms(self, text):
        """The (field, term) pairs a word matches: its surface and stem in every text field."""
        terms = list(dict.fromkeys(self.schema["text"].process_text(text, mode="query")))
        return [(field, term) for field in self.fields for term in terms]

    def phrase(self, node, checked=True):
        """(mask, scores, slots) of a phrase; None when it is all stop words.

        The mask holds the documents with every word of the phrase; with
        ``checked`` only those where the words stand in order (see
        :meth:`_in_place`). ``slots`` are the phrase's (position, [terms]):
        a surface and its stem are alternatives at one position, and a
        dropped stop word leaves a gap. The text field holds the title too,
        so it is the one whose positions are checked.
        """
        tokens = self.schema["text"].tokenize(" ".join(node.words_), mode="query", positions=True)
        pairs = [(token.pos, token.text) for token in tokens]  # tokens are reused objects
        slots = [(pos, list(dict.fromkeys(term for _, term in group)))
                 for pos, group in groupby(pairs, key=lambda pair: pair[0])]
        if not slots:
            return None
        candidates = np.logical_and.reduce([self._terms([(PHRASE_FIELD, term) for term in terms])[0]
                                            for _, terms in slots])
        if checked:
            candidates = self._in_place(slots, candidates)
        _, score = self._terms([(field, term) for field in self.fields for _, terms in slots for term in terms])
        return candidates, np.where(candidates, score, 0.0), slots

    def _in_place(self, slots, candidates):
        """The ``candidates`` where the phrase's words stand in order, as far apart as their ``slots``.

        What Whoosh's positional span query (``positional_phrase``) matches:
        a start where every slot has one of its terms at its distance from
        the first. Positions are read for the candidates only, one slot at
        a time, each among the documents every earlier slot left.
        """
        docs = np.flatnonzero(candidates)
        first = slots[0][0]
        starts = None
        for pos, terms in slots:
            if not len(docs):
                break
            held = self.arrays.positions(PHRASE_FIELD, terms, docs)  # document << POSITION_BITS | position
            starts = held if starts is None else starts[np.isin(starts + (pos - first), held, assume_unique=True)]
            docs = sorted_distinct(starts >> POSITION_BITS)  # ``held`` is sorted, and so what it keeps
        return self._mask(docs)

    def related(self, words, tags, title_boost, tag_boost, as_of):
        """Scores of every document for an OR of ``words`` (in the text, and in the title ``title_boost``
        times) and ``tags`` (each worth ``tag_boost``): what "related articles" ranks by. Only the
        documents public at ``as_of`` score."""
        _, score = self._terms([("text", word) for word in words])
        score += title_boost * self._terms([("title", word) for word in words])[1]
        for kind, slug in tags:
            score[self.postings(kind, slug)[0]] += tag_boost
        return np.where(self.arrays.live & self.public(as_of), score, 0.0)

    def _matching(self, pairs):
        hit = np.zeros(self.arrays.size, dtype=bool)
        for field, term in pairs:
            hit[self.postings(field, term)[0]] = True
        return hit

    def _terms(self, pairs):
        hit = np.zeros(self.arrays.size, dtype=bool)
        score = np.zeros(self.arrays.size)
        for field, term in pairs:
            ids, weights = self.postings(field, term)
            if len(ids):
                hit[ids] = True
                score[ids] += self._bm25(field, term, ids, weights)
        return hit, score

    def _bm25(self, field, term, ids, weights):
        """Whoosh's ``BM25FScorer`` over whole arrays, its idf and average length taken from what is at hand.

        Whoosh's scorer looks the term up again in every segment's term
        dictionary at every search (a tenth of a one-word search); the
        document frequency is kept with the term's postings instead. The
        part that depends on the document's length alone is the searcher's
        (``IndexArrays.length_norms``), not worked out again for every term.
        """
        weighting = self.searcher.weighting
        b = weighting._field_B.get(field, weighting.B)
        k1 = weighting.K1
        idf = math.log(self.searcher.doc_count_all() / (self.arrays.doc_frequency(field, term) + 1)) + 1
        return idf * (weights * (k1 + 1)) / (weights + self.arrays.length_norms(field, b, k1)[ids])

    def postings(self, field, text):
        return self.arrays.postings(field, text)

    def _mask(self, ids):
        mask = np.zeros(self.arrays.size, dtype=bool)
        mask[ids] = True
        return mask

    def public(self, as_of):
        """Documents public at ``as_of`` (naive local): published status, and undated or dated by then."""
        published = self.arrays.published
        return ~self.arrays.unpublished & ((published < 0) | (published <= datetime_to_long(_within_years(as_of))))

    def _dates(self, start, end):
        published = self.arrays.published
        hit = published >= 0
        if start:
            hit &= published >= datetime_to_long(_within_years(start))
        if end:
            hit &= published <= datetime_to_long(_within_years(end))
        return hit

    # -- ordering and counting ----------------------------------------------------

    def order(self, hit, score, sort, count):
        """The first ``count`` matching documents in page order: by score (ties by index order), or by date,
        undated last."""
        if sort == RELEVANCE:
            return best_first(np.flatnonzero(hit), score, count)
        every = self.arrays.date_order(newest=sort != "oldest")
        return every[hit[every]][:count]

    def facets(self, hit):
        """{field: {value: count}} over the matching documents.

        Counted once per set of matches while the searcher lasts: every
        page of a listing (browsing the archive, a tag's filter) matches
        the same documents, and counting every value of 30,000 documents
        was a fifth of such a page's search.
        """
        key = hashlib.blake2b(np.packbits(hit).tobytes(), digest_size=16).digest()
        counts = self.arrays.counted_facets.get(key)
        if counts is None:
            counts = self.arrays.counted_facets[key] = self._count_facets(hit)
        return {name: dict(values) for name, values in counts.items()}  # the caller's own copy

    def _count_facets(self, hit):
        matching = np.flatnonzero(hit)
        return {name: self.arrays.facets[name].counts(hit, matching) for name in (*SINGLE_FACETS, *LIST_FACETS)}


def best_first(docs, score, count):
    """The ``count`` of ``docs`` of highest ``score``, best first, ties in index order.

    What a stable sort of them all by score gives, without sorting them
    all: only those at or above the ``count``-th score are sorted. Sorting
    a common word's 10,000 matches to show ten took 0.8 ms of a search, and
    a sort of 30,000 scores was most of an article's related articles.
    """
    if count <= 0:
        return docs[:0]
    if len(docs) > count:
        cutoff = np.partition(score[docs], len(docs) - count)[len(docs) - count]
        docs = docs[score[docs] >= cutoff]  # the ties at the cutoff too: index order decides among them
    return docs[np.lexsort((docs, -score[docs]))][:count]


def _within_years(moment):
    return max(moment, EARLIEST)
