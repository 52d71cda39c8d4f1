"""Put an article back as one of its versions, through the article's own save.

Not django-reversion's ``Version.revert()``: that saves raw (no
``Article.save()``, so no fingerprint and no duplicate check, and the search
index's signals ignore a raw save) and sets the tags to ids that may be gone.
Here the stored article takes the version's fields and is saved as an
editor's save is: ``updated`` moves (so a form opened before the restore
meets the conflict check of archive.admin.editing), the outbox re-indexes it, and
the restore is recorded as a new version. Tags, a source or a dateline
deleted since cannot come back: the rest is restored and they are named.
"""
from dataclasses import dataclass, field

from archive.models import Article, ArticleTag, Source, Tag

from . import VERSIONED, change_of, saved_at
from .compare import of_version, recorded_links

RESTORED = "استُرجعت النسخة المحفوظة في {when}"


@dataclass
class Restored:
    article: Article
    gone: dict = field(default_factory=dict)  # as compare.State.gone: what the version named and no longer exists


def restore(version, user):
    """Restore ``version`` of an article (stored, or deleted since); ``ValidationError`` if it would duplicate one."""
    values = version.field_dict
    gone = of_version(version).gone
    article = Article.objects.filter(pk=version.object_id).first() or Article(pk=version.object_id)
    for name in VERSIONED:
        if name in {"source", "dateline"}:
            pk = values[f"{name}_id"]
            model = Source if name == "source" else Tag
            setattr(article, f"{name}_id", pk if pk is not None and model.objects.filter(pk=pk).exists() else None)
        elif name == "image":
            article.image = getattr(values[name], "name", "") or ""
        else:
            setattr(article, name, values[name])
    with change_of([article.pk], RESTORED.format(when=saved_at(version)), user):
        article.save()
        links = dict(recorded_links(version))
        article.tags.set(Tag.objects.filter(pk__in=links))  # m2m_changed: the search index hears of it
        for origin in ArticleTag.Origin:  # each link as the version had it: an editor's or the gazetteer's
            article.articletag_set.filter(tag_id__in=[tag for tag, made in links.items() if made == origin]).update(
                origin=origin)
    return Restored(article, gone)
