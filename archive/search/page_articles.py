"""The articles of a results page, with their source, dateline and tags, in two plain SQL reads.

A results page shows twenty articles, each with its source, its dateline and
its tags. Read through the ORM (``select_related`` and ``prefetch_related``)
that was two queries whose building cost far more than running them: on the
30,000-article archive about 7 ms of a 25 ms search, against under 1 ms of
SQL. Here the two queries are written once per process from the models'
own tables and columns, their rows become model instances as the ORM makes
them (``Model.from_db``'s result, with the database's converters applied),
and each article's tags are set as ``prefetch_related`` sets them: templates,
feeds and the API use ``article.source``, ``article.dateline`` and
``article.tags.all()`` without another query. Making the instances that way
was most of what was left (2.6 ms a page); made directly
(:func:`_from_db`, :class:`_PrefetchedTags`), about 1.4. A card (and the
API's row) shows only each tag's kind, name and slug: those are kept as
read (:class:`ShownTag`, :func:`shown_tags`), and the tags' model instances
(ninety a page) are made only when ``article.tags.all()`` is asked.

The reads go to the database the router picks for reading articles (a
replica, for a reader), as any ORM read would.
"""
import weakref
from functools import lru_cache, partial
from operator import itemgetter
from typing import NamedTuple

from django.db import connections, router
from django.db.models import signals
from django.db.models.base import ModelState

from archive.models import Article, Source, Tag
from archive.slicing import slices

# Tag's own ordering (its name), then its id among equal names.
TAG_ORDER = ("name", "id")
MODELS = (Article, Source, Tag)  # the article, its source, its dateline: the columns of one row
SOURCE, DATELINE = Article._meta.get_field("source"), Article._meta.get_field("dateline")
# Ids per statement: under every database's limit on parameters (SQLite's was 999).
BATCH = 500


def page_articles(pks):
    """{pk: Article} of those of ``pks`` that are public now (:attr:`Article.is_public`), with their relations."""
    if not pks:
        return {}
    alias = router.db_for_read(Article)
    connection = connections[alias]
    row_columns, tag_columns = _columns(connection, MODELS), _columns(connection, (Tag,))
    articles, made = {}, {}  # made: {(model, pk): its one instance on this page}
    plain = {model: _plain(model) for model in MODELS}
    with connection.cursor() as cursor:
        for batch in slices(list(pks), BATCH):
            cursor.execute(_articles_sql(alias, len(batch)), batch)
            for row in cursor.fetchall():
                article, source, dateline = _instances(alias, MODELS, _converted(connection, row_columns, row), made,
                                                       plain)
                if article.is_public:
                    for relation, value in ((SOURCE, source), (DATELINE, dateline)):
                        relation.set_cached_value(article, value)  # what ``article.source = source`` keeps
                    articles[article.pk] = article
        tags = {pk: [] for pk in articles}
        for batch in slices(list(articles), BATCH):
            cursor.execute(_tags_sql(alias, len(batch)), batch)
            for article_pk, *row in cursor.fetchall():
                tags[article_pk].append(_converted(connection, tag_columns, row))
    # Its own instances (not ``made``, which holds the page's articles: each article would then hold them all).
    make_tags = partial(_tag_instances, alias, {}, plain)
    for pk, article in articles.items():
        _set_tags(article, tags[pk], make_tags)
    return articles


class ShownTag(NamedTuple):
    """An article's tag as a card and the API show it (:func:`shown_tags`)."""

    pk: int
    kind: str
    name: str
    slug: str


def _tag_instances(alias, made, plain, rows):
    """The ``Tag`` instances of an article's tag ``rows`` (each made once for the page's articles: ``made``)."""
    return [_instances(alias, (Tag,), row, made, plain)[0] for row in rows]


@lru_cache(maxsize=1)
def _shown_values():
    """Picks a ``ShownTag``'s values out of a tag's row (the model's concrete fields, in order)."""
    names = _field_names(Tag)
    return itemgetter(*(names.index(Tag._meta.pk.attname if name == "pk" else name) for name in ShownTag._fields))


def _instances(alias, models, values, made, plain):
    """One instance of each of ``models`` from its share of a row's ``values``; None for a missing relation.

    A source or tag met again on the page (``made``, by model and pk) is the instance made the first
    time: a page's twenty articles share a few sources and many tags (about 130 instances made a page).
    """
    found, start = [], 0
    for model in models:
        names = _field_names(model)
        own = values[start:start + len(names)]
        start += len(names)
        if own[0] is None:
            found.append(None)
            continue
        instance = made.get((model, own[0])) if model is not Article else None
        if instance is None:
            instance = made[model, own[0]] = _from_db(model, alias, names, own, plain[model])
        found.append(instance)
    return found


def _plain(model):
    """Whether nothing listens to ``model``'s ``pre_init`` or ``post_init``: asked once a page, not for each of
    its hundred instances (two signal look-ups each, a tenth of reading the page)."""
    return not (signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model))


def _from_db(model, alias, names, values, plain):
    """``model.from_db(alias, names, values)`` for a row of every concrete field, without ``Model.__init__``.

    ``__init__`` sets each field through its descriptor and sends ``pre_init`` and ``post_init``: a fifth of
    reading a page (about 90 instances). For a full row the descriptors only store the value (the image's
    makes its file object when read), so the values go to the instance's ``__dict__`` at once, as
    ``__init__`` leaves them; a model something listens to at ``pre_init`` or ``post_init`` is made by
    ``from_db``, signals and all (``plain``: :func:`_plain`).
    """
    if not plain:
        return model.from_db(alias, names, values)
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, alias
    return instance


class _PrefetchedTags(dict):
    """``article._prefetched_objects_cache`` holding its tags as ``prefetch_related`` would, its queryset made
    when first asked (Django 5.2's ``prefetch_one_level``: the related manager's filtered queryset, its results
    filled in).

    Making the manager and its filtered queryset was about a quarter of reading a page, and a card reads the
    list (:func:`shown_tags`); ``article.tags.all()``, ``.filter()`` and every other use still find the
    article's own tags, read with the page. The article is held weakly: it holds this.
    """

    def __init__(self, article, rows, make_tags):
        super().__init__()
        pick = _shown_values()
        self.tags = [ShownTag._make(pick(row)) for row in rows]  # what shown_tags() answers
        self._rows, self._make_tags = rows, make_tags
        self._article = weakref.ref(article)

    def __missing__(self, name):
        article = self._article()
        if name != "tags" or article is None:
            raise KeyError(name)
        queryset = article.tags._apply_rel_filters(Tag.objects.all())
        queryset._result_cache = self._make_tags(self._rows)
        queryset._prefetch_done = True
        self["tags"] = queryset
        return queryset

    def __contains__(self, name):
        return name == "tags" or super().__contains__(name)

    def __reduce__(self):
        """Pickled (or copied) as the plain dict ``prefetch_related`` makes: the queryset made, no weak reference."""
        self["tags"]  # noqa: B018 (made by ``__missing__``)
        return dict, (dict(self),)


def _set_tags(article, rows, make_tags):
    """Make ``article.tags.all()`` answer the tags of ``rows`` without a query, as ``prefetch_related`` does."""
    article._prefetched_objects_cache = _PrefetchedTags(article, rows, make_tags)


def shown_tags(article):
    """The article's tags (their ``pk``, ``kind``, ``name`` and ``slug``) in ``article.tags.all()``'s order:
    :class:`ShownTag` when ``page_articles`` read the article (no related manager, no instances), else the
    tags themselves."""
    prefetched = getattr(article, "_prefetched_objects_cache", None)
    return prefetched.tags if isinstance(prefetched, _PrefetchedTags) else article.tags.all()


def _converted(connection, columns, row):
    """A row's values as the ORM hands them to a model: each column's converters applied."""
    values = list(row)
    for at, column, converters in columns:
        for converter in converters:
            values[at] = converter(values[at], column, connection)
    return values


@lru_cache(maxsize=64)
def _columns(connection, models):
    """(place in the row, column, its converters) of the concrete fields of ``models`` that have converters,
    as the ORM's compiler finds them, once per connection (a connection is a thread's)."""
    columns = []
    fields = [(model, field) for model in models for field in model._meta.concrete_fields]
    for at, (model, field) in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            columns.append((at, column, converters))
    return columns


@lru_cache(maxsize=8)
def _field_names(model):
    return [field.attname for field in model._meta.concrete_fields]


@lru_cache(maxsize=64)
def _articles_sql(alias, count):
    """The articles of ``count`` ids with their source's and their dateline's columns, one row each."""
    quote = connections[alias].ops.quote_name
    article = Article._meta
    selected = ", ".join(f"{table}.{quote(field.column)}" for table, model in zip("asd", MODELS, strict=True)
                         for field in model._meta.concrete_fields)
    return (f"SELECT {selected} FROM {quote(article.db_table)} a"
            f" LEFT JOIN {quote(Source._meta.db_table)} s"
            f" ON s.{quote(Source._meta.pk.column)} = a.{quote(article.get_field('source').column)}"
            f" LEFT JOIN {quote(Tag._meta.db_table)} d"
            f" ON d.{quote(Tag._meta.pk.column)} = a.{quote(article.get_field('dateline').column)}"
            f" WHERE a.{quote(article.pk.column)} IN ({', '.join(['%s'] * count)})")


@lru_cache(maxsize=64)
def _tags_sql(alias, count):
    """(article id, the tag's columns) of the tags of ``count`` articles, in the tags' order."""
    quote = connections[alias].ops.quote_name
    through, tag = Article.tags.through._meta, Tag._meta
    article_column = quote(through.get_field("article").column)
    selected = ", ".join(f"g.{quote(field.column)}" for field in tag.concrete_fields)
    order = ", ".join(f"g.{quote(tag.get_field(name).column)}" for name in TAG_ORDER)
    return (f"SELECT t.{article_column}, {selected} FROM {quote(through.db_table)} t"
            f" JOIN {quote(tag.db_table)} g ON g.{quote(tag.pk.column)} = t.{quote(through.get_field('tag').column)}"
            f" WHERE t.{article_column} IN ({', '.join(['%s'] * count)}) ORDER BY {order}")
