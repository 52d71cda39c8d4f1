"""The articles as the search index prepares them, read in SQL: one statement for a batch, no model objects.

Per article, :func:`articles_among` gives what
:class:`~archive.search.engine.article_index.ArticleIndex`'s ``full_prepare``
gives for it: building model objects and haystack's preparation cost more
than a third of a rebuild's time, and as much of an import's indexing. Each
value is made the way the index makes it (``change_stamp``, ``wall_clock``;
tags ordered by name, aliases by name, as the prefetches order them);
``tests/test_postgres_rebuild.py`` checks the two agree on every article.
"""
from archive.search.engine import wall_clock
from archive.search.engine.article_index import change_stamp
from archive.search.engine.query import LIST_FACETS

# Articles (``{where}``: which) with what the index keeps of them; tags by name (then id, for ties), each followed
# by its aliases by name, one a line: ``ArticleIndex.prepare_tag_names``. The articles' links, their tags and the
# tags' aliases are each read once for the statement and grouped: a subquery an article read the whole tag table
# for each (PostgreSQL hashed the 1,100 tags to join an article's seven links), 0.7 ms an article.
ARTICLES_SQL = """
WITH article AS MATERIALIZED (SELECT * FROM archive_article AS article WHERE {where}),
link AS MATERIALIZED (
    SELECT link.article_id, link.tag_id FROM archive_article_tags AS link
    WHERE link.article_id IN (SELECT id FROM article)
),
aliases AS (
    SELECT alias.tag_id, string_agg(alias.name, E'\\n' ORDER BY alias.name) AS names
    FROM archive_tagalias AS alias WHERE alias.tag_id IN (SELECT tag_id FROM link)
    GROUP BY alias.tag_id
),
tags AS (
    SELECT link.article_id,
           array_agg(tag.kind ORDER BY tag.name, tag.id) AS kinds,
           array_agg(tag.slug ORDER BY tag.name, tag.id) AS slugs,
           string_agg(concat_ws(E'\\n', tag.name, aliases.names), E'\\n' ORDER BY tag.name, tag.id) AS names
    FROM link
    JOIN archive_tag AS tag ON tag.id = link.tag_id
    LEFT JOIN aliases ON aliases.tag_id = tag.id
    GROUP BY link.article_id
)
SELECT article.id, article.title, article.lead, article.body, article.published, source.name, article.status,
       article.updated, tags.kinds, tags.slugs, tags.names
FROM article
LEFT JOIN archive_source AS source ON source.id = article.source_id
LEFT JOIN tags ON tags.article_id = article.id
"""


def ids_newest_first(cursor):
    """Every article's id, newest first, undated last, then by id: the order of the search index's
    ``searchdocument_newest`` (``postgres_text.NEWEST_FIRST``).

    A rebuild copies the documents in this order, so the table's physical
    order is newest first: the count, the facets and the ranked candidates
    take the first matches a scan finds (``PostgresSearchBackend._count``),
    and so take the newest ones.
    """
    cursor.execute("SELECT id FROM archive_article ORDER BY published DESC NULLS LAST, id")
    return [pk for (pk,) in cursor.fetchall()]


def articles_among(cursor, pks):
    """(pk, ``full_prepare``'s dict) of the articles among ``pks`` (those that exist), in the order of ``pks``."""
    pks = list(pks)
    cursor.execute(ARTICLES_SQL.format(where="article.id = ANY(%s)"), [pks])
    found = {row[0]: _prepared(row) for row in cursor.fetchall()}
    return [(pk, found[pk]) for pk in pks if pk in found]


def _prepared(row):
    _pk, title, lead, body, published, source, status, updated, kinds, slugs, tag_names = row
    published = wall_clock(published) if published is not None else None
    data = {
        "title": title, "tag_names": tag_names or "", "text": "\n".join((title, lead, body)),
        "published": published, "source": source, "month": published.strftime("%Y-%m") if published else None,
        "status": status, "stamp": change_stamp(updated, status),
    }
    tags = list(zip(kinds or (), slugs or (), strict=True))
    for kind in LIST_FACETS:
        data[kind] = [slug for tag_kind, slug in tags if tag_kind == kind]
    return data
