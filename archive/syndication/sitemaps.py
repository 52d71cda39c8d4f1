"""The sitemap: articles, tags and date archive pages, split into pages of ``PAGE_URLS``.

Sections list values, not model instances, and each tells the sitemap index
its latest change with one indexed query: Django's default reads every item
of every section to find it. A URL costs about a tenth of a millisecond to
render, so pages hold the thousand URLs common in sitemaps rather than the
protocol's 50,000, which held a worker for seconds.
"""
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from archive.dates import LEVELS, truncate
from archive.models import Article, ArticleTag, Tag
from archive.pages.date_archive import Period

PAGE_URLS = 1000


class ArchiveSitemap(Sitemap):
    limit = PAGE_URLS


def on_published_article(tag_id):
    """The tag's rows of the tags table whose article is published.

    Written from the tags table's side on purpose: SQLite then reads the tag's
    own rows and checks each article in the status index. From the articles'
    side it walks every published article, for each tag (1.8 s for 600 tags).
    """
    return ArticleTag.objects.on_published_articles().filter(tag_id=tag_id)


class ArticleSitemap(ArchiveSitemap):
    """Every public article. A scheduled article appears when its date comes, unchanged since it was saved:
    its lastmod is that date, so crawlers that compare lastmod read it (and the sitemap) again."""

    changefreq = "monthly"

    def items(self):
        return Article.objects.published().order_by("pk").values_list("pk", "updated", "published")

    def location(self, item):
        return reverse("archive:article", kwargs={"pk": item[0]})

    def lastmod(self, item):
        _, updated, published = item
        return max(updated, published) if published else updated

    def get_latest_lastmod(self):
        latest = Article.objects.published().aggregate(updated=Max("updated"), published=Max("published"))
        return max(filter(None, latest.values()), default=None)


class TagSitemap(ArchiveSitemap):
    """Every tag on a published article; its lastmod is the latest change among those articles."""

    changefreq = "daily"

    def items(self):
        return Tag.objects.filter(Exists(on_published_article(OuterRef("pk")))).order_by("pk").values_list("pk", "slug")

    def location(self, item):
        return reverse("archive:tag", kwargs={"slug": item[1]})

    def lastmod(self, item):
        return self.latest_changes[item[0]]

    @cached_property
    def latest_changes(self):
        """{tag id: latest change among its published articles}, grouped once for the whole page.

        Grouped from the articles' side (a left join keeps that order): their
        changes come from the (status, updated) index, where starting from the
        tags would read the row of every tagged article.
        """
        return dict(Article.objects.published().values_list("tags").annotate(Max("updated")).order_by())

    def get_latest_lastmod(self):
        """The latest change of a published article that has a tag: the newest first, down the index."""
        tagged = Exists(Article.tags.through.objects.filter(article_id=OuterRef("pk")))
        return Article.objects.published().filter(tagged).order_by("-updated").values_list("updated", flat=True).first()


class DateArchiveSitemap(ArchiveSitemap):
    """Every year, month and day that has published articles."""

    changefreq = "weekly"

    def items(self):
        """(level, first day) of each period, by level and then date; one grouped query, no duplicates."""
        days = Article.objects.published().day_counts()
        return sorted({(level, truncate(level, day)) for day in days for level in LEVELS})

    def location(self, item):
        return Period(*item).get_absolute_url()


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap, "dates": DateArchiveSitemap}
