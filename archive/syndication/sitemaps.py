"""The sitemap: articles, tags and date archive pages, split into pages of ``PAGE_URLS``.

Sections list values, not model instances, and each tells the sitemap index
its latest change with indexed queries: Django's default reads every item
of every section to find it. A URL costs tens of microseconds to build and
write (:mod:`archive.pages.paths`, and our leaner copy of Django's template:
``templates/discovery/sitemap.xml``), so a page holds 500 URLs, well under
the protocol's 50,000 (which held a worker for seconds): on 30,000 articles
a page costs about what an article page does.
"""
from django.contrib.sitemaps import Sitemap
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Greatest

from archive.dates import LEVELS, truncate
from archive.models import Article, ArticleTag, Tag
from archive.pages.paths import article_path, date_path, link_place, tag_path

PAGE_URLS = 500


class ArchiveSitemap(Sitemap):
    limit = PAGE_URLS
    place = None  # read by the paths themselves until ``get_urls`` reads it for a page

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's, with what the paths depend on (:func:`archive.pages.paths.link_place`) read once for the
        page, not once for each of its 500 paths (two reads of request-local state, a fifth of a page)."""
        self.place = link_place()
        return super().get_urls(page=page, site=site, protocol=protocol)


class ArticleSitemap(ArchiveSitemap):
    """Every public article. A scheduled article appears when its date comes, unchanged since it was saved:
    its lastmod is that date, so crawlers that compare lastmod read it (and the sitemap) again.

    In the public order (date, then id): the public order index holds the
    condition and the order, so a page skips the ones before it inside the
    index (8 ms for the 30th page of 30,000; in id order SQLite read and
    dropped the rows before it, 120 ms).
    """

    changefreq = "monthly"

    def items(self):
        """(id, the later of its change and its date): the later taken by the database, which hands
        Python one date to convert for each article, not two."""
        changed = Greatest("updated", Coalesce("published", "updated"))
        return Article.objects.published().order_by("published", "pk").values_list("pk", changed)

    @property
    def paginator(self):
        """Django's, with the count of public articles taken the cheap way (:meth:`ArticleQuerySet.public_count`)."""
        pages = super().paginator
        pages.count = Article.objects.public_count()  # Paginator.count is a cached_property: this is its value
        return pages

    def location(self, item):
        return article_path(item[0], self.place)

    def lastmod(self, item):
        """The later of its change and its date, to the second (the sitemap writes it as is)."""
        return item[1].replace(microsecond=0)

    def get_latest_lastmod(self):
        """The newest change or date: each the first row down its own index (both maxima in one query
        read every public article)."""
        published = Article.objects.published()
        latest = [published.order_by(models.F(field).desc(nulls_last=True)).values_list(field, flat=True).first()
                  for field in ("updated", "published")]
        return max(filter(None, latest), default=None)


class TagSitemap(ArchiveSitemap):
    """Every tag on a published article, by id.

    No lastmod per tag: a tag's page changes with each of its articles, and
    finding its latest change reads every tagged article (0.1 s of CPU on
    30,000 articles, for one sitemap page). The sitemap index still dates
    the section by the newest change of a tagged article.
    """

    changefreq = "daily"

    def items(self):
        """(id, slug) of each tag with a published article, by id.

        The tags with any article, each found by one step into the tags index
        (counting every link of the archive took 35 ms on 30,000 articles);
        then, of the tags that hidden articles carry (drafts, scheduled: few),
        only those a published article carries too. With nothing hidden, the
        query itself: the sitemap index counts it and a page reads its 500 in
        the database, rather than every tag's row in Python.
        """
        linked = Tag.objects.filter(Exists(ArticleTag.objects.filter(tag=OuterRef("pk"))))
        linked = linked.order_by("pk").values_list("pk", "slug")
        hidden = Article.objects.hidden().values("pk")
        if not hidden.exists():
            return linked
        doubtful = set(ArticleTag.objects.filter(article_id__in=hidden).values_list("tag_id", flat=True))
        shown = ArticleTag.objects.filter(tag_id__in=doubtful).published_counts()
        return [(pk, slug) for pk, slug in linked if pk not in doubtful or shown[pk]]

    def location(self, item):
        return tag_path(item[1], self.place)

    def get_latest_lastmod(self):
        """The latest change of a published article that has a tag: the newest first, down the index."""
        tagged = Exists(Article.tags.through.objects.filter(article_id=OuterRef("pk")))
        return Article.objects.published().filter(tagged).order_by("-updated").values_list("updated", flat=True).first()


class DateArchiveSitemap(ArchiveSitemap):
    """Every year, month and day that has published articles."""

    changefreq = "weekly"

    def items(self):
        """(level, first day) of each period, by level and then date; one grouped query, no duplicates."""
        days = Article.objects.published_dated().day_counts()
        return sorted({(level, truncate(level, day)) for day in days for level in LEVELS})

    def location(self, item):
        """The path of the period's page (``Period(*item).get_absolute_url()``)."""
        return date_path(*item, self.place)


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap, "dates": DateArchiveSitemap}
