"""No lost update: the article form knows what its editor saw, and refuses to overwrite what changed since.

Optimistic locking, without a lock or a version column. When the change form
opens, a hidden field (``version``) carries, signed, a fingerprint of every
field an editor edits as it was then (tags included: re-tagging changes them
without saving the article). On save, inside the admin's transaction, the
stored article is read again (``select_for_update`` on PostgreSQL; SQLite's
immediate transactions already hold the write lock) and compared with it.
If another editor, an import or a bulk action changed a field since, nothing
is saved: the form comes back with a clear Arabic message naming who changed
what and when (from the admin's log), and for each changed field the other
version beside this editor's. Their changes are carried into the fields this
editor did not touch; where both changed the same field this editor's text
stays, with the difference word by word. The hidden field then holds the new
fingerprint, so saving again is a decision taken with both versions in view,
never a silent overwrite.

A POST without the hidden field (a script, an old test) is saved as before.
"""
import datetime
import difflib
import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from archive.models import Article

# The fields an editor edits in the change form, in its order.
TRACKED = ("title", "lead", "body", "author", "published", "source", "dateline", "url", "status",
           "image", "image_url", "image_caption", "image_credit", "tags")
TEXTS = {"title", "lead", "body", "author", "url", "image_url", "image_caption", "image_credit"}
SALT = "archive.article.version"
LOGGED_WITHIN = datetime.timedelta(seconds=30)

CONFLICT = ("لم يُحفظ تعديلك: تغيّر هذا المقال بعد أن فتحته. راجع ما تغيّر أدناه، "
            "ثم احفظ مرة أخرى إن أردت أن تبقى نسختك في الحقول التي غيّرتماها كلاكما.")


def comparable(name, value):
    """A field's value in a form that compares equal across the instance, the form and JSON."""
    if name == "tags":
        return sorted(getattr(tag, "pk", tag) for tag in value)
    if name in {"source", "dateline"}:
        return getattr(value, "pk", value)
    if name == "published":
        return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat() if value else None
    if name == "image":
        return getattr(value, "name", None) or ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()  # a browser posts a textarea's lines with CRLF
    return value or ""


def digest(value):
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def stored_values(article):
    """Each tracked field's value as stored (``source``/``dateline`` as ids, tags as sorted ids)."""
    values = {name: comparable(name, getattr(article, name))
              for name in TRACKED if name not in {"source", "dateline", "tags"}}
    values["source"], values["dateline"] = article.source_id, article.dateline_id
    values["tags"] = sorted(article.tags.values_list("pk", flat=True)) if article.pk else []
    return values


def version_token(article):
    """The signed fingerprints of what the editor sees, and when the article was last saved."""
    return signing.dumps({
        "updated": article.updated.isoformat() if article.updated else None,
        "fields": {name: digest(value) for name, value in stored_values(article).items()},
    }, salt=SALT, compress=True)


def unchanged_since(token, article):
    """Whether every tracked field of ``article`` is as the ``version_token`` it was shown with saw it."""
    try:
        seen = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return False
    return seen["fields"] == {name: digest(value) for name, value in stored_values(article).items()}


@dataclass
class Change:
    """One field another editor changed: their stored value, and this editor's, to read side by side."""

    name: str
    label: str
    theirs: str
    mine: str
    mine_changed: bool  # this editor changed it too (else their value was taken into the form)
    diff: str = ""  # word by word, for text both changed


@dataclass
class Conflict:
    by: str  # who saved meanwhile (from the admin's log), or ""
    when: object  # when it was saved
    changes: list


class LinesField(forms.CharField):
    """A textarea's text with the archive's line ends: a browser posts CRLF, which is no change of the text."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def https_urls(field, **kwargs):
    """A URL typed without a scheme is https (as the admin's ``URL_FIELDS_ASSUME_HTTPS``); textareas as LinesField."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(field, models.TextField):
        kwargs.setdefault("form_class", LinesField)
    return field.formfield(**kwargs)


class VersionField(forms.CharField):
    """The signed fingerprints: never a change of the article (the admin's change message leaves it out)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class ArticleAdminForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Article
        fields = [name for name in TRACKED]
        formfield_callback = https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["version"].initial = version_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        token = self.data.get(self.add_prefix("version")) if self.is_bound else None
        if self.instance.pk and token:
            self._check_version(token, cleaned)
        return cleaned

    def _check_version(self, token, cleaned):
        try:
            seen = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            seen = {"updated": None, "fields": {}}
        current = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            return  # deleted meanwhile: the admin says so on its own
        stored = stored_values(current)
        theirs = [name for name in TRACKED if digest(stored[name]) != seen["fields"].get(name)]
        if not theirs:
            return
        self.conflict = Conflict(*_last_saved_by(current), [])
        data = self.data.copy()
        for name in theirs:
            mine = comparable(name, cleaned.get(name)) if name in cleaned else stored[name]
            mine_changed = name in self.fields and name != "image" and digest(mine) != seen["fields"].get(name)
            if not mine_changed:
                _take_theirs(data, self.add_prefix(name), name, current)
            self.conflict.changes.append(self._change(name, current, cleaned, mine_changed))
        data[self.add_prefix("version")] = version_token(current)
        self.data = data
        raise ValidationError(CONFLICT, code="conflict")

    def _change(self, name, current, cleaned, mine_changed):
        label = Article._meta.get_field(name).verbose_name
        theirs = shown(name, current.tags.all() if name == "tags" else getattr(current, name))
        mine = shown(name, cleaned.get(name)) if mine_changed else theirs
        diff = word_diff(theirs, mine) if mine_changed and name in TEXTS else ""
        return Change(name, label, theirs, mine, mine_changed, diff)


def _take_theirs(data, key, name, current):
    """Put the stored value of ``name`` in the form's data, as its widget posts it."""
    if name == "tags":
        data.setlist(key, [str(pk) for pk in current.tags.values_list("pk", flat=True)])
    elif name in {"source", "dateline"}:
        data[key] = str(getattr(current, f"{name}_id") or "")
    elif name == "published":
        moment = timezone.localtime(current.published) if current.published else None
        data[f"{key}_0"] = moment.date().isoformat() if moment else ""
        data[f"{key}_1"] = moment.strftime("%H:%M:%S") if moment else ""
    elif name != "image":  # a file input cannot be filled; left empty, saving keeps the stored image
        data[key] = getattr(current, name)


def _last_saved_by(article):
    """Who made the stored version, and when: the admin logs a change just after saving it; an import logs nothing."""
    entry = (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Article), object_id=str(article.pk))
             .select_related("user").order_by("-action_time").first())
    if entry and datetime.timedelta(0) <= entry.action_time - article.updated <= LOGGED_WITHIN:
        return entry.user.get_full_name() or entry.user.get_username(), article.updated
    return "", article.updated


def shown(name, value):
    """A field's value as the message shows it."""
    if name == "tags":
        return "، ".join(tag.name for tag in value) if value is not None else ""
    if name == "status":
        return Article.Status(value).label if value else ""
    if name == "published":
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "بلا تاريخ"
    if name == "image":
        return getattr(value, "name", "") or "لا صورة"
    return str(value) if value else ""


def word_diff(theirs, mine):
    """``mine`` against ``theirs`` word by word: what only they have struck through, what only you have marked.

    A line break is a word of its own, so a body's paragraphs stay paragraphs
    (a paragraph break only they have shows as a struck ¶).
    """
    a, b = _words(theirs), _words(mine)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(_marked("span", a[i1:i2]))
            continue
        if i2 > i1:
            parts.append(_marked("del", [word if word != PARAGRAPH else "¶" for word in a[i1:i2]]))
        if j2 > j1:
            parts.append(_marked("ins", b[j1:j2]))
    return mark_safe(" ".join(parts))  # each part escaped by format_html


PARAGRAPH = "\n"


def _words(text):
    lines = [line.split() for line in text.splitlines() if line.strip()]
    return [word for number, line in enumerate(lines) for word in [PARAGRAPH] * bool(number) + line]


def _marked(tag, words):
    """``words`` in ``<tag>``, a line break between paragraphs."""
    lines = (line.strip() for line in " ".join(words).split(PARAGRAPH))
    return "<br>".join(format_html("<{0}>{1}</{0}>", tag, line) if line else "" for line in lines)
