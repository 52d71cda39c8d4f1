"""RSS 2.0 and Atom 1.0 feeds: the latest articles, each tag, each source, and any search.

Small ``Feed`` subclasses over one base: items are published articles,
newest first; each carries its summary, date, source and tags (as
categories). Text is stripped of the control characters XML 1.0 forbids,
so a stray one in an article never breaks a feed reader's parser.

Every feed passes the W3C Feed Validation Service's checks (tests/test_feed_validity.py):
each Atom feed has an author (the archive), so an entry without an outlet
is still valid; ``rel="self"`` is the URL actually asked for, query and all,
so a saved search's feed stays that search; an item's outlet is a complete
``<source>`` pointing at the outlet's own feed in the archive.
"""
import datetime
import re
from dataclasses import dataclass
from io import StringIO
from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Source, Tag
from archive.pages.paths import source_atom_path, source_rss_path
from archive.pages.tag_articles import NewestTagged
from archive.search.archive_search import TAG_KINDS, SearchRequest, search_archive
from archive.search.form import SearchForm
from archive.search.page_articles import page_articles, shown_tags

SITE_NAME = _(settings.ARCHIVE_SITE_NAME)
ITEMS = 30
SUMMARY_WORDS = 80
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Importing, tagging and indexing save a new article several times within seconds: not changes a reader sees.
STORING_TIME = datetime.timedelta(minutes=5)


def xml_safe(text):
    return _XML_FORBIDDEN.sub("", text or "")


def last_real_change(article):
    """When the article last changed for a reader: its publication, or a later edit in the admin.

    ``updated`` alone would date a 2018 article by the day it was imported.
    """
    if article.published is None:
        return article.updated
    if article.updated - article.created <= STORING_TIME:
        return article.published
    return max(article.updated, article.published)


def absolute(feed, path):
    """``path`` on the host the feed was asked from (the feed's own URL is absolute)."""
    return urljoin(feed["feed_url"], path)


class WrittenAtOnce:
    """A feed written into a string, then to the response at once.

    Django's feed writer writes every element's text to the response, about
    1,900 writes for 30 items, and a response converts and keeps each
    write apart: a tenth of a feed's time.
    """

    def write(self, outfile, encoding):
        written = StringIO()
        super().write(written, encoding)
        outfile.write(written.getvalue())


class RssWithSource(WrittenAtOnce, Rss201rev2Feed):
    """RSS 2.0 with the outlet in each item's ``<source>``, whose ``url`` is the outlet's feed in the archive."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_name"):
            url = absolute(self.feed, source_rss_path(item["source_pk"]))
            handler.addQuickElement("source", item["source_name"], {"url": url})
        if item.get("lead_image"):
            image = item["lead_image"]
            handler.addQuickElement("enclosure", "", {
                "url": absolute(self.feed, image.url), "length": str(image.length), "type": image.mime_type,
            })


class AtomWithSource(WrittenAtOnce, Atom1Feed):
    """Atom 1.0 with the outlet as each entry's ``<source>``: its feed in the archive, its name, its site."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_name"):
            feed_url = absolute(self.feed, source_atom_path(item["source_pk"]))
            handler.startElement("source", {})
            handler.addQuickElement("id", feed_url)
            handler.addQuickElement("title", item["source_name"])
            handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
            handler.addQuickElement("link", "", {"rel": "self", "href": feed_url})
            if item.get("source_site"):
                handler.addQuickElement("link", "", {"rel": "alternate", "href": item["source_site"]})
            handler.endElement("source")
        if item.get("lead_image"):
            image = item["lead_image"]
            link = {"rel": "enclosure", "href": absolute(self.feed, image.url), "type": image.mime_type}
            if image.length:
                link["length"] = str(image.length)
            handler.addQuickElement("link", "", link)


class ArticleFeed(Feed):
    """What every feed of the archive shares; subclasses choose the articles and the title."""

    feed_type = RssWithSource
    language = "ar"
    author_name = SITE_NAME  # Atom: the feed's author stands for every entry without an outlet

    def __call__(self, request, *args, **kwargs):
        """The feed as one piece of the response.

        The server sends a response chunk by chunk: a system call and a
        packet each. The feed is written in one (:class:`WrittenAtOnce`)
        after the response's empty first chunk: the two are joined.
        """
        response = super().__call__(request, *args, **kwargs)
        response.content = response.content
        return response

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return with_relations(self.articles(obj).newest_first().values_list("pk", flat=True)[:ITEMS])

    def item_title(self, article):
        return xml_safe(article.title)

    def item_description(self, article):
        paragraphs = article.paragraphs()
        summary = article.lead or (paragraphs[0] if paragraphs else "")
        words = summary.split()
        return xml_safe(" ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else ""))

    def item_pubdate(self, article):
        return article.published or article.created

    def item_updateddate(self, article):
        return last_real_change(article)

    def item_categories(self, article):
        return [xml_safe(tag.name) for tag in shown_tags(article)]

    def item_author_name(self, article):
        """The byline when the article has one, else its outlet."""
        if article.author:
            return xml_safe(article.author)
        return xml_safe(article.source.name) if article.source else None

    def item_extra_kwargs(self, article):
        """The outlet, for the item's ``<source>``; the lead image,
        as an enclosure (RSS) or ``rel="enclosure"`` (Atom)."""
        extra = {"lead_image": article.lead_image}
        if article.source:
            extra.update(source_name=xml_safe(article.source.name), source_pk=article.source.pk,
                         source_site=article.source.url or None)
        return extra


def with_relations(pks):
    """The articles of ``pks``, in that order, with the source and tags each item names.

    Read as a results page reads its articles (``page_articles``: two plain
    SQL reads, a tag met twice made once): through the ORM, making thirty
    articles' two hundred-odd tags was half of a feed's time.
    """
    found = page_articles(pks)
    return [found[pk] for pk in pks if pk in found]


class AtomMixin:
    feed_type = AtomWithSource

    def subtitle(self, obj):
        return self.description(obj)


class LatestRss(ArticleFeed):
    def title(self, obj):
        return gettext("%(site)s: أحدث الأخبار") % {"site": SITE_NAME}

    def link(self, obj):
        return reverse("archive:home")

    def description(self, obj):
        return gettext("أحدث المقالات المنشورة في الأرشيف.")


class TagRss(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def items(self, tag):
        """The newest of the tag's articles, read the cheaper way for the tag's size (``NewestTagged``)."""
        return with_relations(NewestTagged(tag, first=ITEMS).first_ids(ITEMS))

    def title(self, tag):
        return xml_safe(f"{tag.name} ({tag.get_kind_display()}) — {SITE_NAME}")

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return xml_safe(gettext("أحدث المقالات الموسومة بـ«%(tag)s».") % {"tag": tag.name})


class SourceRss(ArticleFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Source, pk=pk)

    def articles(self, source):
        return Article.objects.published().filter(source=source)

    def title(self, source):
        return xml_safe(f"{source.name} — {SITE_NAME}")

    def link(self, source):
        return f"{reverse('archive:search')}?{urlencode({'source': source.name})}"

    def description(self, source):
        return xml_safe(gettext("أحدث مقالات %(source)s في الأرشيف.") % {"source": source.name})


@dataclass
class FeedSearch:
    request: SearchRequest
    querystring: str
    path: str


class SearchRss(ArticleFeed):
    """Any search, with all its filters, newest first; a malformed query gives a valid, empty feed."""

    def get_object(self, request):
        search_request, _ = SearchForm(request.GET).to_request()
        search_request.sort, search_request.page, search_request.page_size = "newest", 1, ITEMS
        return FeedSearch(search_request, request.GET.urlencode(), request.path)

    def feed_url(self, search):
        """The search itself, every parameter kept: a feed reader polls this URL."""
        return f"{search.path}?{search.querystring}" if search.querystring else search.path

    def items(self, search):
        """The articles only: a feed shows none of the page's marks, facets or passages (``marked=False``)."""
        return [hit.article for hit in search_archive(search.request, marked=False).hits]

    def title(self, search):
        filters = [value for kind in (*TAG_KINDS, "source") for value in getattr(search.request, kind)]
        named = gettext("، ").join(filter(None, [search.request.q, *filters])) or gettext("كل المقالات")
        return xml_safe(gettext("بحث: %(named)s — %(site)s") % {"named": named, "site": SITE_NAME})

    def link(self, search):
        return f"{reverse('archive:search')}?{search.querystring}"

    def description(self, search):
        return gettext("أحدث المقالات التي تطابق هذا البحث.")


class LatestAtom(AtomMixin, LatestRss):
    pass


class TagAtom(AtomMixin, TagRss):
    pass


class SourceAtom(AtomMixin, SourceRss):
    pass


class SearchAtom(AtomMixin, SearchRss):
    pass
