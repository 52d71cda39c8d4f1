"""Every route of the archive, each named so templates and code reverse it.

Months and days in the date archive take one or two digits and are written
with two (``/archive/2017/05/10/``); tag slugs are Unicode (``uslug``).
"""
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import conditional_page
from django.views.i18n import set_language

from archive.api import views as api
from archive.models import Tag
from archive.pages import articles, date_archive, images, tags
from archive.pages.converters import TwoDigitConverter, UnicodeSlugConverter
from archive.search import views as search_views
from archive.serving.fair_share import fair_share
from archive.serving.throttle import throttled
from archive.syndication import discovery, feeds
from archive.syndication.sitemaps import SITEMAPS

register_converter(UnicodeSlugConverter, "uslug")
register_converter(TwoDigitConverter, "mm")

# The plain 500 page in the reader's language (templates/500.html or templates/en/500.html).
handler500 = "archive.language.plain_pages.server_error"

admin.site.site_header = f"إدارة {settings.ARCHIVE_SITE_NAME}"
admin.site.site_title = "إدارة الأرشيف"
admin.site.index_title = "المحررون"

archive_patterns = [
    path("", articles.home, name="home"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    # Each kind's index page: /people/ named archive:people, and so on (Tag.Kind).
    *(path(f"{kind.route}/", tags.tag_index, {"kind": kind.value}, name=kind.route) for kind in Tag.Kind),
    # The expensive views: one at a time per client (archive/serving/fair_share.py).
    path("search/", fair_share(search_views.search_page), name="search"),
    # A thousand rows each: ten a minute per client.
    re_path(r"^search/export\.(?P<fmt>csv|json)$",
            throttled("export", 10, 60)(fair_share(search_views.search_export)), name="search_export"),
    path("api/search/", fair_share(api.search, json_errors=True), name="search_api"),
    path("api/suggest/", api.suggest, name="suggest"),
    path("api/openapi.json", api.description, name="openapi"),
    # Feeds answer conditional GETs (ETag, Last-Modified) with 304 Not Modified.
    path("feeds/rss/", conditional_page(feeds.LatestRss()), name="latest_rss"),
    path("feeds/atom/", conditional_page(feeds.LatestAtom()), name="latest_atom"),
    path("tags/<uslug:slug>/rss/", conditional_page(feeds.TagRss()), name="tag_rss"),
    path("tags/<uslug:slug>/atom/", conditional_page(feeds.TagAtom()), name="tag_atom"),
    path("sources/<int:pk>/rss/", conditional_page(feeds.SourceRss()), name="source_rss"),
    path("sources/<int:pk>/atom/", conditional_page(feeds.SourceAtom()), name="source_atom"),
    path("search/rss/", fair_share(conditional_page(feeds.SearchRss())), name="search_rss"),
    path("search/atom/", fair_share(conditional_page(feeds.SearchAtom())), name="search_atom"),
    path("opensearch.xml", discovery.opensearch_description, name="opensearch"),
    path("api/opensearch/suggest/", api.read_only(discovery.opensearch_suggestions), name="opensearch_suggest"),
    path("tags/<uslug:slug>/", tags.tag_detail, name="tag"),
    # Drawing a chart costs a hundred pages: thirty a minute per client, one at a time.
    path("tags/<uslug:slug>/timeline.png", throttled("timeline", 30, 60)(fair_share(tags.tag_timeline_png)),
         name="tag_timeline_png"),
    path("archive/", date_archive.archive_index, name="years"),
    path("archive/<int:year>/", date_archive.year_archive, name="year"),
    path("archive/<int:year>/<mm:month>/", date_archive.month_archive, name="month"),
    path("archive/<int:year>/<mm:month>/<mm:day>/", date_archive.day_archive, name="day"),
]

urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    path("admin/", admin.site.urls),
    # The language switch on every page: a POST form, which crawlers do not follow. CSRF-exempt: a
    # forged post can only change a reader's display language, and a token would set a CSRF
    # cookie on every reader's first page of an otherwise cookieless site.
    path("language/", csrf_exempt(set_language), name="set_language"),
    path("robots.txt", discovery.robots_txt, name="robots"),
    # Lead images uploaded in the admin: checked images under names of our own (archive/pages/images.py),
    # served here because the archive runs with no other web server in front (whitenoise serves static only).
    re_path(r"^media/(?P<path>articles/.+)$", images.serve, name="media"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("sitemap.xml", sitemap_views.index,
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section", "template_name": "discovery/sitemap_index.xml"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap,
         {"sitemaps": SITEMAPS, "template_name": "discovery/sitemap.xml"}, name="sitemap_section"),
]
