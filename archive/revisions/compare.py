"""What two states of an article differ in, as an editor reads it: word by word, tags as tags.

A state is the stored article or one of its versions (its tags read from
the ``ArticleTag`` links django-reversion follows into the revision). Tags, source and
dateline are shown by the name they have now; one deleted since keeps the
name its version recorded (django-reversion follows them into the revision),
and is listed in ``gone``: a restore cannot bring it back.
"""
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join

from archive.admin.editing import TRACKED, shown, word_diff
from archive.models import Article, ArticleTag, Source, Tag

NAMED = {"source": Source, "dateline": Tag}


@dataclass
class State:
    """An article's edited fields as text to read and compare, tags as a list of names."""

    texts: dict  # field name -> the text shown for it (tags excluded)
    tags: list
    gone: dict = field(default_factory=dict)  # "tags": [names], "source"/"dateline": name — deleted since


@dataclass
class Difference:
    name: str
    label: str
    diff: str  # HTML: <del> what only the older state has, <ins> what only the newer has


def of_article(article):
    texts = {name: _text(name, getattr(article, name)) for name in TRACKED if name != "tags"}
    return State(texts, sorted(tag.name for tag in article.tags.all()))


def of_version(version):
    """The state a version recorded; names of what it refers to from the database, or from the revision if deleted."""
    values = version.field_dict
    recorded = _recorded_names(version)
    texts, gone = {}, {}
    for name in TRACKED:
        if name == "tags":
            continue
        if name in NAMED:
            texts[name], missing = _name(NAMED[name], values[f"{name}_id"], recorded)
            if missing:
                gone[name] = texts[name]
        else:
            texts[name] = _text(name, values[name])
    tags, gone_tags = [], []
    tag_pks = [tag for tag, _origin in recorded_links(version)]
    current = dict(Tag.objects.filter(pk__in=tag_pks).values_list("pk", "name"))
    for pk in tag_pks:
        if pk in current:
            tags.append(current[pk])
        else:
            gone_tags.append(recorded.get((Tag, str(pk))) or f"الوسم رقم {pk}")
    if gone_tags:
        gone["tags"] = sorted(gone_tags)
    return State(texts, sorted(tags), gone)


def changed(old, new):
    """The labels of the fields that differ from ``old`` to ``new``, in the form's order."""
    return [Article._meta.get_field(name).verbose_name for name in _changed_names(old, new)]


def differences(old, new):
    """What differs from ``old`` to ``new``, field by field in the form's order, with its diff."""
    return [
        Difference(name, Article._meta.get_field(name).verbose_name,
                   tag_diff(old.tags, new.tags) if name == "tags" else word_diff(old.texts[name], new.texts[name]))
        for name in _changed_names(old, new)
    ]


def _changed_names(old, new):
    return [name for name in TRACKED
            if (old.tags != new.tags if name == "tags" else old.texts[name] != new.texts[name])]


def tag_diff(old, new):
    """Tags kept as they are, removed struck through, added marked."""
    kept, removed, added = set(old) & set(new), set(old) - set(new), set(new) - set(old)
    marks = [("span", name) for name in sorted(kept)]
    marks += [("del", name) for name in sorted(removed)] + [("ins", name) for name in sorted(added)]
    return format_html_join("، ", "<{0}>{1}</{0}>", marks) if marks else format_html("")


def _text(name, value):
    """The field as shown, with LF line ends: text saved from a browser's textarea came with CRLF."""
    return shown(name, value).replace("\r\n", "\n")


def recorded_links(version):
    """The article's tags in ``version``: (tag id, who put it there), from the links followed into its revision.

    A revision of a bulk action holds the links of many articles: the text
    search narrows them to this article's before each is read.
    """
    links = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(ArticleTag),
        serialized_data__contains=f'"article": {version.object_id}')
    return sorted((fields["tag_id"], fields["origin"]) for fields in (link.field_dict for link in links)
                  if str(fields["article_id"]) == version.object_id)


def _name(model, pk, recorded):
    """(the name of ``model`` row ``pk``, whether it was deleted since); ("", False) for none."""
    if pk is None:
        return "", False
    name = model.objects.filter(pk=pk).values_list("name", flat=True).first()
    if name is not None:
        return name, False
    return recorded.get((model, str(pk))) or f"رقم {pk}", True


def _recorded_names(version):
    """The names the revision recorded for the tags and sources it followed: {(model, id): name}."""
    types = ContentType.objects.get_for_models(Tag, Source)
    models = {content_type.pk: model for model, content_type in types.items()}
    rows = version.revision.version_set.filter(content_type__in=models).values_list(
        "content_type_id", "object_id", "object_repr")
    return {(models[type_id], object_id): name for type_id, object_id, name in rows}
