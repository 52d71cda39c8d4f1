"""Every route of the archive, each named so templates and code reverse it."""
from django.contrib import admin
from django.urls import include, path, re_path, register_converter

from archive import search_views, views
from archive.converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = "إدارة أرشيف الأخبار العربية"
admin.site.site_title = "إدارة الأرشيف"
admin.site.index_title = "المحررون"

archive_patterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag"),
    path("people/", views.tag_index, {"kind": "person"}, name="people"),
    path("places/", views.tag_index, {"kind": "place"}, name="places"),
    path("organisations/", views.tag_index, {"kind": "organisation"}, name="organisations"),
    path("topics/", views.tag_index, {"kind": "topic"}, name="topics"),
    path("search/", search_views.search_page, name="search"),
    re_path(r"^search/export\.(?P<fmt>csv|json)$", search_views.search_export, name="search_export"),
    path("api/search/", search_views.search_api, name="search_api"),
    path("api/suggest/", search_views.suggest_api, name="suggest"),
]

urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    path("admin/", admin.site.urls),
]
