"""What the search engine knows of an article: only published ones, title above tags above body."""
from haystack import indexes

from archive.models import Article


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)
    title = indexes.CharField(model_attr="title", boost=3.0)
    tag_names = indexes.CharField(boost=2.0)
    published = indexes.DateTimeField(model_attr="published", null=True)
    source = indexes.CharField(model_attr="source__name", null=True, faceted=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.published().select_related("source").prefetch_related(
            "tags__aliases"
        )

    def prepare_tag_names(self, article):
        names = []
        for tag in article.tags.all():
            names.append(tag.name)
            names.extend(tag.alias_names)
        return "\n".join(names)
