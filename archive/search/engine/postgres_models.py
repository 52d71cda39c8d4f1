"""The PostgreSQL engine's tables: the index lives in the database it indexes.

``SearchDocument`` is an article as the engine searches it (its
``tsvector``, its status and date, and the keys it is filtered and faceted by); ``SearchWord``
counts the documents holding each word (spelling suggestions, related
articles, title-word completion); ``SearchGeneration`` is one counter that
every index write raises, in the same transaction, so cached results are
keyed by what a reader can see. They are written only by
:mod:`archive.search.engine.postgres_backend`, in the transaction that
changes the article, and created only on PostgreSQL (migration 0003): on
SQLite they exist in Django's model state alone, never as tables.
"""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, OrderBy
from django.db.models.expressions import RawSQL


class WallClockField(models.DateTimeField):
    """A local date and time without a zone: date filters and months are in the site's days, as in Whoosh."""

    def db_type(self, connection):
        return "timestamp"


class SearchDocument(models.Model):
    # No foreign key: a trigger on the articles deletes an article's document (migration 0011), so that
    # rebuild_index can swap in a new table without locking the articles; Django itself must not look for
    # documents when it deletes an article on SQLite.
    article = models.OneToOneField("archive.Article", primary_key=True, on_delete=models.DO_NOTHING,
                                   db_constraint=False, related_name="+")
    vector = SearchVectorField()
    # The title and tag-name lexemes alone (weights A and B): small and kept in the row. A word matched there
    # is the first sign of relevance, and a cheap one: the ranked candidates of a word found in many documents
    # are taken from the matches with it there (postgres_text.ranked_candidates), tested in the rows the count
    # reads, without reading their whole vectors. Written by PostgreSQL from ``vector``, never by the engine.
    head = models.GeneratedField(expression=RawSQL("""ts_filter(vector, '{a,b}')""", ()),
                                 output_field=SearchVectorField(), db_persist=True)
    published = WallClockField(null=True)
    # "person:<slug>", "source:<name>", "month:2017-05": filters (GIN) and facets (unnest).
    keys = ArrayField(models.TextField(), default=list)
    stamp = models.TextField(default="")
    # The article's status: drafts are indexed for the editors' search, and public searches leave them out.
    status = models.TextField(default="published")

    class Meta:
        app_label = "archive"
        indexes = [
            GinIndex(fields=["vector"], name="searchdocument_vector"),
            GinIndex(fields=["keys"], name="searchdocument_keys"),
            # Oldest first, and newest first with undated articles last (the order readers get): a date-sorted
            # page is read off one of these and the scan stops after it, however many articles match.
            models.Index(fields=["published", "article"], name="searchdocument_published"),
            models.Index(OrderBy(F("published"), descending=True, nulls_last=True), F("article"),
                         name="searchdocument_newest"),
        ]

    def __str__(self):
        return f"search document of article {self.article_id}"


class SearchWord(models.Model):
    # Its prefix searches (``LIKE 'x%'``) read the index with text_pattern_ops Django gives a text primary key.
    word = models.TextField(primary_key=True)
    docs = models.IntegerField(default=0)  # documents with the word in their title, lead or body
    title_docs = models.IntegerField(default=0)  # documents with it in their title

    class Meta:
        app_label = "archive"

    def __str__(self):
        return f"{self.word} ({self.docs} documents, {self.title_docs} by title)"


class SearchGeneration(models.Model):
    """One row, raised by a trigger on every statement that changes the documents.

    ``value`` counts the changes; ``xid`` is the transaction that made the
    last one, so a value restored by a rollback is never mistaken for
    another state that reached the same count; ``documents`` counts the
    documents, without a scan of the table.
    """

    value = models.BigIntegerField(default=0)
    xid = models.BigIntegerField(default=0)
    documents = models.BigIntegerField(default=0)  # how many documents there are, kept by the same trigger

    class Meta:
        app_label = "archive"

    def __str__(self):
        return f"generation {self.value} ({self.documents} documents)"
