"""The archive's analysis as PostgreSQL text search values: reader ``tsquery``s (documents' ``tsvector``s are
:mod:`postgres_vectors`').

PostgreSQL's own configurations (``arabic`` is Snowball) would re-stem our
terms; here nothing is left to them. A document's vector holds every
surface term and stem of :func:`archive.arabic.analysis.analyze`
(:mod:`postgres_vectors`). A reader's parsed query
(:mod:`archive.search.syntax`) is written as ``tsquery`` input text the
same way: a word is ``surface | stem``, a phrase is its words at their
distances (``<->``, ``<2>`` over a dropped stop word), OR, AND and ``!``
as the tree says. Both are cast with ``::tsvector`` / ``::tsquery``, which
take lexemes as written: no parser, no dictionary, no locale.
No Django here: the benchmarks use this module with a bare connection.
"""
import math
from dataclasses import dataclass, field
from itertools import groupby

from archive.arabic.analysis import analyze
from archive.search.engine.postgres_vectors import MAX_LEXEME_CHARS, quote
from archive.search.syntax import Group, Not, Phrase, Word

# ts_rank weights of {D, C, B, A}: body, (unused), tag names, title.
RANK_WEIGHTS = "{0.1, 0.1, 0.4, 1.0}"
# ts_rank normalization: 1 divides by 1 + log(document length), as BM25 damps long documents.
RANK_NORMALIZATION = 1
# Newest first, undated last (the order of the index searchdocument_newest).
NEWEST_FIRST = "published DESC NULLS LAST, article_id"


# -- queries -------------------------------------------------------------------


@dataclass
class CompiledQuery:
    """A parsed query as ``tsquery`` text, and the terms that score it.

    ``tsquery`` is None when nothing in the query is searchable (stop words
    only): the filters alone decide. ``scored`` lists, for every word that
    must or may match (not the excluded ones), its alternative lexemes:
    a document's score sums over them, as Whoosh sums a word's terms.
    """

    tsquery: str | None
    scored: list = field(default_factory=list)


def compile_query(clauses, positions=True):
    """``CompiledQuery`` of the clauses of a parsed query (all required). Without ``positions``, a phrase that
    must match asks for its words in any places (``&``): the documents it can be in, which GIN finds without
    reading a vector (an excluded phrase stays one: all its words would exclude more)."""
    scored = []
    parts = [part for part in (_node(clause, scored, True, positions) for clause in clauses) if part]
    return CompiledQuery(" & ".join(parts) if parts else None, scored)


def score_sql(scored, frequencies, total, weights=RANK_WEIGHTS, normalization=RANK_NORMALIZATION):
    """SQL (and its parameters) for a document's score: over the scored terms, ``ts_rank`` × idf, summed.

    Whoosh's BM25F sums, over a word's terms and the fields, each term's
    frequency in the field, saturated and damped by the field's length,
    times the term's inverse document frequency. ``ts_rank`` of one term
    gives the first part in PostgreSQL's terms (its field weights, its
    saturating sum over positions, ``normalization`` for the length); the
    idf comes from ``frequencies`` ({lexeme: documents}) out of ``total``.
    The vector is read from column ``vector``.
    """
    parts, params = [], []
    for lexeme in dict.fromkeys(lexeme for word in scored for lexeme in word):
        found = frequencies.get(lexeme, 0)
        idf = math.log(1 + (max(total, found) - found + 0.5) / (found + 0.5))
        parts.append(f"ts_rank('{weights}', vector, %s::tsquery, {int(normalization)}) * %s")
        params += [quote(lexeme), idf]
    if not parts:
        return "0.0::float8", []
    return "(" + " + ".join(parts) + ")", params


def ranked_candidates(found, window):
    """SQL (and parameters) of the ids a ranked page ranks, read from ``found``, the first matches the GIN
    index gave (a CTE with ``article_id``, ``published`` and ``titled``: ``head @@`` the query).

    ``ts_rank`` reads a document's whole vector, so ranking 300,000 matches
    of a common word costs seconds; as Elasticsearch's rescore ranks a
    window, only the candidates are ranked: the first ``window`` matches,
    and the ``window`` newest of those with the words in their title or tags
    (``head``, a small vector kept in the row: the first sign of relevance).
    Both come from the matches the count read already (its cap: 10,000 up
    to 100,000 documents, fewer in a larger archive), so no other scan of the matches is made, and what a search
    costs does not grow with the archive; when every match is in ``found``
    the title matches are the newest of all. When no more than ``window``
    documents match, the first hold them all and the order is exactly that
    of ranking them all.
    """
    sql = (f"(SELECT article_id FROM {found} LIMIT %s) UNION "
           f"(SELECT article_id FROM {found} WHERE titled ORDER BY {NEWEST_FIRST} LIMIT %s)")
    return sql, [window, window]


def ranked_page(table, candidates, score, score_params, limit, offset, id_type="bigint"):
    """SQL and parameters of the page of ``candidates`` (ids, :func:`ranked_candidates`) best by ``score``
    (:func:`score_sql`'s), each candidate read by its key (:func:`ranked_rows`). ``table`` has ``article_id``
    and ``vector``; ``id_type`` is the SQL type of ``article_id``."""
    rows = (f"SELECT candidate, vector FROM unnest(%s::{id_type}[]) AS candidate "
            f"JOIN {table} ON {table}.article_id = candidate")
    return ranked_rows(rows, [list(candidates)], score, score_params, limit, offset)


def ranked_rows(rows, rows_params, score, score_params, limit, offset):
    """SQL and parameters of (candidate, score) of the ``limit`` best by ``score`` (:func:`score_sql`'s) from
    ``offset`` of ``rows`` (SQL giving ``candidate`` and ``vector``), best first, then by candidate.

    Each vector is read out of its TOAST once (``|| ''``, a copy in memory, in a subquery the planner keeps
    apart: ``OFFSET 0``): the score calls ``ts_rank`` once per lexeme, and each call on the stored vector
    fetched and decompressed it again (two words of two lexemes each: 8,457 pages read for 373 candidates,
    3,255 so, same scores)."""
    sql = (f"SELECT candidate, {score} AS score FROM ("
           f"  SELECT candidate, vector || ''::tsvector AS vector FROM ({rows}) AS candidates OFFSET 0) AS read "
           f"ORDER BY score DESC, candidate LIMIT %s OFFSET %s")
    return sql, [*score_params, *rows_params, limit, offset]


def word_terms(text):
    """A query word's lexemes: its surface and stems (none for a stop word)."""
    return list(dict.fromkeys(_query_lexeme(term.text) for term in analyze(text)))


def _query_lexeme(text):
    """A query's lexeme as the index could hold it. Documents drop lexemes longer than ``MAX_LEXEME_CHARS``,
    so a longer query word is cut one letter past that length: it matches nothing, as on Whoosh, where
    dropping it like a stop word would leave a query that matches every article."""
    return text[:MAX_LEXEME_CHARS + 1]


def _either(lexemes):
    inner = " | ".join(quote(lexeme) for lexeme in lexemes)
    return f"( {inner} )" if len(lexemes) > 1 else inner


def _node(node, scored, positive, positions=True):
    if isinstance(node, Word):
        terms = word_terms(node.text)
        if terms and positive:
            scored.append(terms)
        return _either(terms) if terms else None
    if isinstance(node, Phrase):
        return _phrase(node.words_, scored, positive, positions or not positive)
    if isinstance(node, Not):
        inner = _node(node.item, scored, False, positions)
        return f"!( {inner} )" if inner else None
    if isinstance(node, Group):
        parts = [part for part in (_node(item, scored, positive, positions) for item in node.items) if part]
        if not parts:
            return None
        joiner = " | " if node.joiner.strip() == "OR" else " & "
        return "( " + joiner.join(parts) + " )"
    return None


def _phrase(words, scored, positive, positions=True):
    """The phrase's words at their distances; a dropped stop word leaves its place (``<2>``). Without
    ``positions``, its words anywhere (``&``)."""
    terms = [(term.position, _query_lexeme(term.text)) for term in analyze(" ".join(words))]
    slots = [(position, list(dict.fromkeys(text for _, text in group)))
             for position, group in groupby(terms, key=lambda pair: pair[0])]
    if not slots:
        return None
    if positive:
        scored.extend(lexemes for _, lexemes in slots)
    text = _either(slots[0][1])
    for (before, _), (position, lexemes) in zip(slots, slots[1:], strict=False):
        distance = position - before
        text += (" & " if not positions else " <-> " if distance == 1 else f" <{distance}> ") + _either(lexemes)
    return f"( {text} )" if len(slots) > 1 else text


__all__ = ["CompiledQuery", "compile_query", "score_sql", "ranked_candidates",
           "ranked_page", "ranked_rows", "word_terms", "NEWEST_FIRST"]
