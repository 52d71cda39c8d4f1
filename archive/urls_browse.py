"""Routes of the browse pages: a tag's page and its timeline PNG, and the date archive.

Included by ``archive.urls`` in the "archive" namespace, after it registers
the ``uslug`` converter. Months and days take one or two digits and are
written with two (``/archive/2017/05/10/``).
"""
from django.urls import path, register_converter

from archive import date_views, tag_views
from archive.fair_share import fair_share
from archive.throttle import throttled


class TwoDigitConverter:
    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:02d}"


register_converter(TwoDigitConverter, "mm")

urlpatterns = [
    path("tags/<uslug:slug>/", tag_views.tag_detail, name="tag"),
    # Drawing a chart costs a hundred pages: thirty a minute per client, one at a time.
    path("tags/<uslug:slug>/timeline.png", throttled("timeline", 30, 60)(fair_share(tag_views.tag_timeline_png)),
         name="tag_timeline_png"),
    path("archive/", date_views.archive_index, name="years"),
    path("archive/<int:year>/", date_views.year_archive, name="year"),
    path("archive/<int:year>/<mm:month>/", date_views.month_archive, name="month"),
    path("archive/<int:year>/<mm:month>/<mm:day>/", date_views.day_archive, name="day"),
]
