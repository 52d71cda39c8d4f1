"""What the search engine knows of an article.

Only published articles (``index_queryset`` goes through the one public
rule). Title weighs more than tag names, which weigh more than the body.
Tag slugs per kind, the source and the month are exact keywords, for
filters and facet counts.
"""
from django.utils import timezone
from haystack import indexes

from archive.models import Article, Tag
from archive.search.fields import KeywordField, KeywordListField

TITLE_BOOST = 3.0
TAGS_BOOST = 2.0


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True, stored=False)
    title = indexes.CharField(model_attr="title", boost=TITLE_BOOST)
    tag_names = indexes.CharField(boost=TAGS_BOOST, stored=False)
    published = indexes.DateTimeField(model_attr="published", null=True)
    source = KeywordField(null=True)
    month = KeywordField(null=True)
    person = KeywordListField()
    place = KeywordListField()
    organisation = KeywordListField()
    topic = KeywordListField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return (
            Article.objects.published()
            .select_related("source", "dateline")
            .prefetch_related("tags__aliases")
        )

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
        for kind in Tag.Kind:
            data[kind.value] = [tag.slug for tag in article.tags.all() if tag.kind == kind]
        return data
