"""What the search engine knows of an article.

Every article, drafts and scheduled ones too, with its ``status``: the
editors' admin searches them with the readers' analysis, and a reader's
search keeps the public ones at query time by status and date
(:mod:`archive.search.engine.query`), since a scheduled article becomes
public with no write to the index. Title weighs more than tag names, which weigh more than the body.
Tag slugs per kind, the source and the month are exact keywords, for
filters and facet counts. Nothing is stored but the ids and the change
stamp: pages read the article itself from the database.

Haystack looks for indexes in each app's ``search_indexes`` module; both
engines name :class:`ArticleUnifiedIndex` instead, which holds this one, so
the index stays behind the engine's door with no module of its own at the
app's top.
"""
from django.utils import timezone
from haystack import indexes
from haystack.utils.loading import UnifiedIndex

from archive.models import Article, Tag
from archive.search.engine.fields import KeywordField, KeywordListField, StoredField

TITLE_BOOST = 3.0
TAGS_BOOST = 2.0


def change_stamp(updated, status):
    """What ``update_index`` compares to tell an article changed since it was indexed.

    The status is part of it: a queryset ``update(status=…)`` leaves
    ``updated`` as it was, and public searches filter on the indexed status.
    """
    return f"{updated.isoformat() if updated else ''} {status}"


#: The article's tag slugs of each kind (``person``, ``place`` …), for filters and facets: a field per Tag.Kind.
TagKindFields = indexes.DeclarativeMetaclass(
    "TagKindFields", (indexes.SearchIndex,),
    {"__module__": __name__, **{kind.value: KeywordListField() for kind in Tag.Kind}},
)


class ArticleIndex(TagKindFields, indexes.Indexable):
    text = indexes.CharField(document=True, stored=False)
    title = indexes.CharField(model_attr="title", boost=TITLE_BOOST, stored=False)
    tag_names = indexes.CharField(boost=TAGS_BOOST, stored=False)
    published = indexes.DateTimeField(model_attr="published", null=True, stored=False)
    source = KeywordField(null=True, stored=False)
    month = KeywordField(null=True, stored=False)
    status = KeywordField(model_attr="status", stored=False)
    stamp = StoredField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return (
            Article.objects.all()
            .select_related("source", "dateline")
            .prefetch_related("tags__aliases")
        )

    def prepare_text(self, article):
        """Title, lead and body: what a reader's words are looked for in (no template: it is 1 ms an article)."""
        return "\n".join((article.title, article.lead, article.body))

    def prepare_stamp(self, article):
        return change_stamp(article.updated, article.status)

    def prepare_tag_names(self, article):
        names = []
        for tag in article.tags.all():
            names.append(tag.name)
            names.extend(tag.alias_names)
        return "\n".join(names)

    def prepare_source(self, article):
        return article.source.name if article.source else None

    def prepare_published(self, article):
        """Local wall-clock time, naive: date filters and month facets are in the site's days."""
        if article.published is None:
            return None
        return timezone.localtime(article.published).replace(tzinfo=None)

    def prepare_month(self, article):
        published = self.prepare_published(article)
        return published.strftime("%Y-%m") if published else None

    def prepare(self, article):
        data = super().prepare(article)
        tags = article.tags.all()  # one queryset, read from the prefetched tags for every kind
        for kind in Tag.Kind:
            data[kind.value] = [tag.slug for tag in tags if tag.kind == kind]
        return data


class ArticleUnifiedIndex(UnifiedIndex):
    """Haystack's registry of indexes (``BaseEngine.unified_index``), holding the article's alone."""

    def collect_indexes(self):
        return [ArticleIndex()]
