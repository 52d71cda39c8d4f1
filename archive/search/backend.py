"""Haystack's Whoosh backend, taught Arabic and taught to share the index.

Haystack's stock backend gives every text field Whoosh's English
``StemmingAnalyzer`` and highlights with it too; ours gives them
``ArabicAnalyzer``. Keyword fields (tag slugs, source, month) are stored
unanalyzed so they facet and filter exactly. Every write waits for the index
lock instead of failing: haystack's ``remove()`` and ``clear()`` open a
writer that raises ``LockError`` the moment another process is writing
(haystack #680), and ``AsyncWriter`` can drop work when its process exits.
"""
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT, ID
from haystack.utils import get_identifier, get_model_ct
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, TEXT
from whoosh.columns import PickleColumn, VarBytesColumn
from whoosh.qparser import MultifieldPlugin, PlusMinusPlugin, QueryParser
from whoosh.query import Every
from whoosh.writing import CLEAR

from archive.search.aliases import ensure_tag_aliases
from archive.search.analyzer import arabic_text_field, install_arabic_phrases
from archive.search.fields import KeywordField, KeywordListField

class _ListColumn(PickleColumn):
    """A column holding a list of values per document."""

    def stores_lists(self):
        return True


class KeywordList(KEYWORD):
    """Tag slugs: searchable keywords, and a list column per document.

    Facet counting with Whoosh's overlapping categorizer otherwise walks the
    posting list of every slug on every search (half of a query's time on
    30,000 articles); with the column it reads the list of the matching
    documents only. Haystack hands multi-valued fields over comma-joined.
    """

    def __init__(self):
        super().__init__(stored=True, commas=True, scorable=False)
        self.column_type = _ListColumn(VarBytesColumn())

    def to_column_value(self, value):
        return [item.strip() for item in value.split(",") if item.strip()] if value else []


class ArchiveQueryParser(QueryParser):
    """Words are looked for in every text field (Whoosh's ``MultifieldParser``).

    Haystack asks for "everything" with the query ``*``, which a multi-field
    parser turns into a wildcard over every term of every text field: a minute
    on a 30,000-article archive. It is Whoosh's ``Every`` here.
    """

    def __init__(self, fieldnames, schema):
        super().__init__(None, schema)
        self.add_plugin(MultifieldPlugin(fieldnames))

    def parse(self, text, normalize=True, debug=False):
        if text.strip() == "*":
            return Every()
        return super().parse(text, normalize=normalize, debug=debug)


# How long a writer waits for another process to finish writing, in seconds.
LOCK_TIMEOUT = 120.0
LOCK_RETRY_DELAY = 0.05


class ArabicWhooshSearchBackend(WhooshSearchBackend):
    #: Called with the number of documents after each committed batch (progress bars).
    progress = None

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            replacement = self._arabic_field(field_class, schema[name])
            if replacement is not None:
                schema.remove(name)
                schema.add(name, replacement)
        return content_field_name, schema

    @staticmethod
    def _arabic_field(field_class, built):
        if isinstance(field_class, KeywordListField):
            return KeywordList()
        if isinstance(field_class, KeywordField):
            return WHOOSH_ID(stored=field_class.stored, sortable=True)
        if isinstance(built, TEXT):
            return arabic_text_field(stored=field_class.stored, field_boost=field_class.boost)
        return None

    def setup(self):
        ensure_tag_aliases()
        super().setup()
        # Words a reader types are looked for in the title, the tags and the
        # text; every word is required unless joined by OR.
        text_fields = [
            name
            for name, field in self.schema.items()
            if isinstance(field, TEXT) and not name.startswith("_")
        ]
        self.parser = install_arabic_phrases(ArchiveQueryParser(text_fields, schema=self.schema))
        self.parser.add_plugin(PlusMinusPlugin())

    def _writer(self):
        return self.index.writer(timeout=LOCK_TIMEOUT, delay=LOCK_RETRY_DELAY)

    def update(self, index, iterable, commit=True):
        self.write(index, list(iterable))

    def write(self, index, objects=(), removed=(), fresh=frozenset()):
        """Index ``objects`` and delete the ``removed`` identifiers, in one commit.

        Whoosh's ``update_document`` opens a reader of the whole index for
        every document to delete its old copy, and each reader copies the
        segments' files into memory: a batch costs documents × index size
        (minutes per thousand articles once the index holds thousands).
        Here one searcher per batch finds every old copy; objects whose pk
        is in ``fresh`` (never indexed: a bulk import's new rows) skip even
        that.
        """
        if not self.setup_complete:
            self.setup()
        documents = [self._document(index, obj) for obj in objects]
        stale = [*removed, *(get_identifier(obj) for obj in objects if obj.pk not in fresh)]
        if not (documents or stale):
            return
        writer = self._writer()
        try:
            if stale:
                with writer.searcher() as searcher:
                    for identifier in stale:
                        for number in searcher.document_numbers(**{ID: identifier}):
                            writer.delete_document(number)
            for document in documents:
                writer.add_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        if self.progress and documents:
            self.progress(len(documents))

    def sync(self, index, pks, fresh=frozenset()):
        """Index the public objects among ``pks`` (``index.index_queryset()`` decides) and
        delete the rest, in one commit."""
        public = list(index.index_queryset().filter(pk__in=pks))
        hidden = set(pks) - {obj.pk for obj in public}
        model = index.get_model()
        self.write(index, public, removed=[get_identifier(model(pk=pk)) for pk in hidden], fresh=fresh)

    def _document(self, index, obj):
        document = index.full_prepare(obj)
        document.pop("boost", None)  # Whoosh 2.5+ has no document boosts
        return {key: self._from_python(value) for key, value in document.items()}

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        writer = self._writer()
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit()

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        if models is None:
            self.delete_index()
            return
        writer = self._writer()
        for model in models:
            writer.delete_by_term(DJANGO_CT, get_model_ct(model))
        writer.commit()

    def delete_index(self):
        """Empty the index in one commit under the write lock.

        Haystack deletes the folder, which pulls the index from under any
        other process that is reading or writing it at that moment.
        """
        if not self.setup_complete:
            self.setup()
        self._writer().commit(mergetype=CLEAR)

    def _process_results(self, raw_page, highlight=False, query_string="", **kwargs):
        # Haystack would highlight with the English StemmingAnalyzer; pages
        # highlight with archive.arabic.highlight instead.
        return super()._process_results(raw_page, highlight=False, query_string=query_string, **kwargs)


class ArabicWhooshEngine(WhooshEngine):
    backend = ArabicWhooshSearchBackend
    query = WhooshSearchQuery
