"""Compile the reader's parsed query (``archive.search.syntax``) straight into Whoosh query objects.

No query string is rendered and re-parsed: each word becomes ``surface OR
stem`` in every text field (title, tag names, text — their boosts are in
the index), a phrase becomes a positional phrase per field, ``OR`` groups
an ``Or``, ``-`` a ``Not``; filters are exact terms and a date range. The
tree is bounded by ``archive.search.syntax`` (words, nesting), so the
query is too.
"""
import datetime
from itertools import groupby

from whoosh import query as wq

from archive.search.analyzer import positional_phrase
from archive.search.syntax import Group, Not, Phrase, Word

TEXT_FIELDS = ("title", "tag_names", "text")
DATE_FIELD = "published"
# Whoosh stores dates as numbers it can only make for years 1000 to 9999.
EARLIEST = datetime.datetime(1000, 1, 1)
LATEST = datetime.datetime(9999, 12, 31, 23, 59, 59)


def compile_query(schema, engine_query):
    """The Whoosh query for an ``EngineQuery``: its words, filters and dates, all required."""
    parts = [compiled for compiled in (_node(schema, node) for node in engine_query.clauses) if compiled]
    parts += [wq.Term(name, value) for name, value in (*engine_query.tags, *engine_query.sources)]
    if engine_query.start or engine_query.end:
        parts.append(wq.DateRange(DATE_FIELD, _clamp(engine_query.start or EARLIEST),
                                  _clamp(engine_query.end or LATEST)))
    if not parts or all(isinstance(part, wq.Not) for part in parts):
        parts.insert(0, wq.Every())
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _clamp(moment):
    return min(max(moment, EARLIEST), LATEST)


def _node(schema, node):
    if isinstance(node, Word):
        return _word(schema, node.text)
    if isinstance(node, Phrase):
        return _phrase(schema, " ".join(node.words_))
    if isinstance(node, Not):
        inner = _node(schema, node.item)
        return wq.Not(inner) if inner else None
    if isinstance(node, Group):
        items = [compiled for compiled in (_node(schema, item) for item in node.items) if compiled]
        if not items:
            return None
        if len(items) == 1:
            return items[0]
        return wq.Or(items) if node.joiner.strip() == "OR" else wq.And(items)
    return None


def _word(schema, text):
    """``surface OR stem`` of one word in every text field; None for a stop word."""
    terms = list(dict.fromkeys(schema["text"].process_text(text, mode="query")))
    if not terms:
        return None
    return wq.Or([wq.Term(field, term) for field in _fields(schema) for term in terms])


def _phrase(schema, text):
    tokens = schema["text"].tokenize(text, mode="query", positions=True)
    pairs = [(token.pos, token.text) for token in tokens]  # tokens are reused objects
    slots = [(pos, list(dict.fromkeys(term for _, term in group)))
             for pos, group in groupby(pairs, key=lambda pair: pair[0])]
    if not slots:
        return None
    return wq.Or([positional_phrase(field, slots) for field in _fields(schema)])


def _fields(schema):
    return [name for name in TEXT_FIELDS if name in schema]
