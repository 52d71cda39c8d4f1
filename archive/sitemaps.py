"""The sitemap: articles, tags and date archive pages (django.contrib.sitemaps splits it past 50,000 URLs)."""
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDay, TruncMonth, TruncYear
from django.urls import reverse

from archive.models import Article, Tag


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().order_by("pk").only("pk", "updated")

    def lastmod(self, article):
        return article.updated


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        published = Q(articles__status=Article.Status.PUBLISHED)
        return (
            Tag.objects.annotate(count=Count("articles", filter=published), latest=Max("articles__updated", filter=published))
            .filter(count__gt=0).order_by("pk")
        )

    def lastmod(self, tag):
        return tag.latest


class DateArchiveSitemap(Sitemap):
    """Every year, month and day that has published articles."""

    changefreq = "weekly"
    PERIODS = [("year", TruncYear, ("year",)), ("month", TruncMonth, ("year", "month")),
               ("day", TruncDay, ("year", "month", "day"))]

    def items(self):
        dated = Article.objects.published().exclude(published=None)
        items = []
        for name, trunc, parts in self.PERIODS:
            for period in dated.annotate(period=trunc("published")).values_list("period", flat=True).distinct():
                items.append((name, {part: getattr(period, part) for part in parts}))
        return sorted(items, key=lambda item: (item[0], sorted(item[1].items())))

    def location(self, item):
        name, parts = item
        return reverse(f"archive:{name}", kwargs=parts)


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap, "dates": DateArchiveSitemap}
