"""The archive's routes plus one view that always fails: a real 500 for the logging tests."""
from django.urls import path

from archive.urls import handler500  # noqa: F401 (the archive's 500 page, as Django looks it up here)
from archive.urls import urlpatterns as archive_urlpatterns


def fail(request):
    raise RuntimeError("a failure forced by the logging test")


urlpatterns = [path("fail/", fail), *archive_urlpatterns]
