"""What two states of an article differ in, as an editor reads it: word by word, tags as tags.

A state is the stored article or one of its versions (its tags read from
the ``ArticleTag`` links django-reversion follows into the revision). Tags, source and
dateline are shown by the name they have now; one deleted since keeps the
name its version recorded (django-reversion follows them into the revision),
and is listed in ``gone``: a restore cannot bring it back.
"""
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from reversion.models import Version

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
    return of_versions([version])[0]


def of_versions(versions):
    """The states ``versions`` recorded, as :func:`of_version`, read in a few queries however many they are.

    The history page reads a page of versions at once: one version at a
    time cost five queries each (115 for 21 versions).
    """
    versions = list(versions)
    values = [version.field_dict for version in versions]
    links = _links_of(versions)
    wanted = {
        Tag: {tag for pairs in links.values() for tag, _origin in pairs} | {fields["dateline_id"] for fields in values},
        Source: {fields["source_id"] for fields in values},
    }
    names = {model: dict(model.objects.filter(pk__in=pks - {None}).values_list("pk", "name")) if pks - {None} else {}
             for model, pks in wanted.items()}
    recorded = _recorded_names(versions, {model: pks - {None} - names[model].keys() for model, pks in wanted.items()})
    return [_state(fields, links[version.pk], names, recorded[version.revision_id])
            for version, fields in zip(versions, values, strict=True)]


def _state(values, links, names, recorded):
    """A version's ``State``: its ``values``, its tag ``links``, the ``names`` stored now and those it ``recorded``."""
    texts, gone = {}, {}
    for name in TRACKED:
        if name == "tags":
            continue
        if name in NAMED:
            texts[name], missing = _name(NAMED[name], values[f"{name}_id"], names, recorded)
            if missing:
                gone[name] = texts[name]
        else:
            texts[name] = _text(name, values[name])
    tags, gone_tags = [], []
    for pk, _origin in links:
        if pk in names[Tag]:
            tags.append(names[Tag][pk])
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
    """The article's tags in ``version``: (tag id, who put it there), from the links followed into its revision."""
    return _links_of([version])[version.pk]


def _links_of(versions):
    """{version pk: its article's (tag id, origin) links, sorted}: one query for all of them.

    A revision of a bulk action holds the links of many articles: the text
    search narrows them to the articles' own before each is read.
    """
    found = {version.pk: [] for version in versions}
    if not versions:
        return found
    ours = {(version.revision_id, version.object_id): version.pk for version in versions}
    mentions = Q()
    for object_id in {version.object_id for version in versions}:
        mentions |= Q(serialized_data__contains=f'"article": {object_id}')
    links = Version.objects.filter(mentions, revision_id__in={version.revision_id for version in versions},
                                   content_type=ContentType.objects.get_for_model(ArticleTag))
    for link in links:
        fields = link.field_dict
        version_pk = ours.get((link.revision_id, str(fields["article_id"])))
        if version_pk is not None:
            found[version_pk].append((fields["tag_id"], fields["origin"]))
    return {pk: sorted(pairs) for pk, pairs in found.items()}


def _name(model, pk, names, recorded):
    """(the name of ``model`` row ``pk``, whether it was deleted since); ("", False) for none."""
    if pk is None:
        return "", False
    if pk in names[model]:
        return names[model][pk], False
    return recorded.get((model, str(pk))) or f"رقم {pk}", True


def _recorded_names(versions, missing):
    """{revision id: {(model, id): name}}: the names the versions' revisions recorded for the ``missing`` rows.

    ``missing`` is {model: ids} of the tags and sources deleted since: one
    query for all of them, none when nothing was deleted.
    """
    recorded = {version.revision_id: {} for version in versions}
    ids = {str(pk) for pks in missing.values() for pk in pks}
    if not ids:
        return recorded
    types = ContentType.objects.get_for_models(*missing)
    models = {content_type.pk: model for model, content_type in types.items()}
    rows = Version.objects.filter(revision_id__in=recorded, content_type__in=models, object_id__in=ids).values_list(
        "revision_id", "content_type_id", "object_id", "object_repr")
    for revision_id, type_id, object_id, name in rows:
        recorded[revision_id][(models[type_id], object_id)] = name
    return recorded
