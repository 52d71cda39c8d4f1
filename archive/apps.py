"""The archive's one Django app: articles, tags, sources and their pages."""
from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "الأرشيف"
