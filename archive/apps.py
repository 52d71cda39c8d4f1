"""The archive's one Django app: articles, tags, sources and their pages."""
from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "الأرشيف"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        import archive.revisions  # noqa: F401  (registers the versioned models, for commands as for the admin)
        from archive.models import Tag, TagAlias
        from archive.search.tag_names import tag_names

        for model in (Tag, TagAlias):
            post_save.connect(tag_names.invalidate, sender=model, dispatch_uid=f"tag-names-{model.__name__}")
            post_delete.connect(tag_names.invalidate, sender=model, dispatch_uid=f"tag-names-del-{model.__name__}")
        settings.FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
