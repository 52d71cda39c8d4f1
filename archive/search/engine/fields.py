"""Index fields that are matched exactly, never analyzed: tag slugs, source, month.

Haystack has no such field type for Whoosh (its ``faceted=True`` shadow
fields get a text analyzer); the backend maps these classes to Whoosh's
``ID`` and ``KEYWORD`` fields.
"""
from haystack import indexes


class KeywordField(indexes.CharField):
    """One exact value, for filters, facets and sorting."""


class KeywordListField(indexes.MultiValueField):
    """Several exact values (tag slugs), for filters and facets."""


class StoredField(indexes.CharField):
    """A value kept with the document and never searched (the article's change stamp)."""
