"""What a reader hands the writer: plain records, or rejections that say where and why.

Readers of every format produce the same :class:`Record`; JSON Lines and
CSV both go through :func:`record_from_mapping`, so a key means the same in
both. Each record carries its :class:`Origin` (file, line or item number),
so whatever goes wrong with it later is reported at the place an editor can
open and fix.
"""
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils import translation

from archive.models import Article, ArticleTag, Tag

KINDS = tuple(Tag.Kind.values)
UNITS = {"line": "السطر", "item": "الخبر"}
STATUSES = {
    **{value: value for value in Article.Status.values},
    **{label: value for value, label in Article.Status.choices},
}
# Several names in one CSV cell or JSON string: "بيروت | دمشق", "بيروت؛ دمشق".
_NAME_SEPARATORS = re.compile(r"\s*[|;\u061b]\s*")
# UTF-8 Arabic read as Latin-1 or Windows-1256's neighbour cp1252: "Ø§Ù„Ø".
_MOJIBAKE = re.compile(r"[\u00d8\u00d9](?:.[\u00d8\u00d9]){2}", re.S)
_UNDECODABLE = re.compile(r"[\ufffd\udc80-\udcff]")
EMPTY_FILE = "الملف فارغ: لا مقال فيه."
#: A record's ``category`` becomes a topic tag: the corpus's English keys by their Arabic names
#: (the key kept as an alias, so a search or a later import by the key finds the same tag);
#: any other category is a topic by the name given.
CATEGORY_TOPICS = {
    "internationalNews": "شؤون دولية",
    "middleEast": "الشرق الأوسط",
    "sport": "رياضة",
    "economy": "اقتصاد",
    "technology": "تكنولوجيا",
    "culture": "ثقافة",
}
# The URL standard drops tabs and newlines anywhere in a URL.
_URL_DROPPED = re.compile(r"[\t\n\r]")
_URL_SPACE = re.compile(r"\s")


def undecodable(error):
    """The reason for text that is not UTF-8, from the ``UnicodeDecodeError``."""
    return (
        f"ليس بترميز UTF-8 (بايت غير صالح في الموضع {error.start}): "
        "احفظ الملف بترميز UTF-8 وأعد استيراده."
    )


class Rejected(Exception):
    """A record the archive cannot take; ``reason`` says why, in Arabic."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Origin:
    file: str
    number: int | None = None
    unit: str = "line"

    def __str__(self):
        if self.number is None:
            return self.file
        return f"{self.file}، {UNITS[self.unit]} {self.number}"


@dataclass(frozen=True)
class Rejection:
    origin: Origin
    reason: str

    def __str__(self):
        return f"{self.origin}: {self.reason}"


class TagSpec(NamedTuple):
    kind: str
    name: str
    slug: str = ""
    aliases: tuple = ()
    origin: str = ArticleTag.Origin.EDITOR  # who put the tag on the article: a file names an editor's tags


@dataclass
class Record:
    origin: Origin
    title: str = ""
    body: str = ""
    lead: str = ""
    published: object = None  # as the file gives it: text, a datetime, or nothing
    source: str = ""
    source_url: str = ""
    dateline: TagSpec | None = None
    url: str = ""
    status: str = ""
    author: str = ""  # the byline
    image_url: str = ""  # the lead image, named by URL (never fetched)
    image_caption: str = ""
    image_credit: str = ""
    tags: list = field(default_factory=list)
    #: The tags are the article's own, as ``export_articles`` writes them:
    #: the gazetteer adds nothing.
    tags_complete: bool = False

    def rejection(self, reason):
        return Rejection(self.origin, reason)

    def check_encoding(self):
        """Refuse text that was decoded with the wrong encoding, rather than store it garbled."""
        for label, text in (("العنوان", self.title), ("المقدمة", self.lead), ("النص", self.body)):
            if _UNDECODABLE.search(text):
                raise Rejected(f"{label} فيه بايتات ليست بترميز UTF-8؛ احفظ الملف بترميز UTF-8 وأعد استيراده.")
            if _MOJIBAKE.search(text):
                raise Rejected(
                    f"{label} يبدو نصًا عربيًا قُرئ بترميز خاطئ («{_MOJIBAKE.search(text)[0]}…»)؛ "
                    "احفظ الملف بترميز UTF-8 وأعد استيراده."
                )


def record_from_mapping(data, origin):
    """Build a record from a JSON object or a CSV row (see ``import_articles --help`` for the keys)."""
    if not isinstance(data, dict):
        raise Rejected("السجل ليس كائنًا بمفاتيح مثل title وbody.")
    source = data.get("source")
    if isinstance(source, dict):
        source_name, source_url = _text(source, "name"), _text(source, "url")
    else:
        source_name, source_url = _text(data, "source"), _text(data, "source_url")
    dateline = data.get("dateline")
    record = Record(
        origin=origin,
        title=_text(data, "title").strip(),
        body=_text(data, "body").strip(),
        lead=_text(data, "lead").strip(),
        published=_text(data, "published").strip() or None,
        source=source_name.strip(),
        source_url=clean_url(source_url),
        dateline=_tag_spec(dateline, "place") if isinstance(dateline, dict) else _place(_text(data, "dateline")),
        url=clean_url(_text(data, "url")),
        status=_status(_text(data, "status")),
        author=(_text(data, "author") or _text(data, "byline")).strip(),
        **_image(data),
    )
    if "tags" in data:
        if not isinstance(data["tags"], list):
            raise Rejected("«tags» يجب أن تكون قائمة وسوم، كل وسم بنوعه واسمه.")
        record.tags = [_tag_spec(item) for item in data["tags"]]
        record.tags_complete = True
    for kind in KINDS:
        record.tags += [TagSpec(kind, name) for name in _names(data.get(kind), kind)]
    record.tags += [_category_topic(name) for name in _names(data.get("category"), "category")]
    return record


def _category_topic(name):
    arabic = CATEGORY_TOPICS.get(name)
    return TagSpec("topic", arabic, aliases=(name,)) if arabic else TagSpec("topic", name)


def _image(data):
    """The lead image: ``image`` as a URL or {url, caption, credit},
    or ``image_url``, ``image_caption``, ``image_credit``."""
    image = data.get("image")
    if isinstance(image, dict):
        url, caption, credit = _text(image, "url"), _text(image, "caption"), _text(image, "credit")
    else:
        url = _text(data, "image") if isinstance(image, str) else _text(data, "image_url")
        caption, credit = _text(data, "image_caption"), _text(data, "image_credit")
    return {"image_url": clean_url(url), "image_caption": caption.strip(), "image_credit": credit.strip()}


def clean_url(text):
    """A URL as the URL standard reads what was typed or pasted, before any check.

    Whitespace around it goes (no-break spaces included: copied from a page,
    a URL often ends with one), tabs and newlines inside it go, and any other
    space inside it is percent-encoded (a no-break space becomes %C2%A0), so
    a good article is never rejected for its address.
    """
    text = _URL_DROPPED.sub("", text.strip())
    return _URL_SPACE.sub(lambda match: quote(match.group()), text)


def _text(data, key):
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Rejected(f"قيمة «{key}» يجب أن تكون نصًا، لا {type(value).__name__}.")
    return value


def _place(name):
    return TagSpec("place", name.strip()) if name.strip() else None


def _status(value):
    value = value.strip()
    if value and value not in STATUSES:
        raise Rejected(f"الحالة «{value}» غير معروفة؛ الحالات: published أو draft.")
    return STATUSES.get(value, "")


def _tag_spec(item, kind=None):
    if not isinstance(item, dict):
        raise Rejected("كل وسم يجب أن يكون كائنًا فيه kind وname.")
    kind = kind or _text(item, "kind")
    if kind not in KINDS:
        raise Rejected(f"نوع الوسم «{kind}» غير معروف؛ الأنواع: {'، '.join(KINDS)}.")
    name = _text(item, "name").strip()
    if not name:
        raise Rejected("وسم بلا اسم.")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise Rejected(f"الأسماء البديلة للوسم «{name}» يجب أن تكون قائمة نصوص.")
    origin = _text(item, "origin").strip() or ArticleTag.Origin.EDITOR
    if origin not in ArticleTag.Origin.values:
        raise Rejected(f"مصدر الوسم «{origin}» غير معروف؛ المصادر: {'، '.join(ArticleTag.Origin.values)}.")
    return TagSpec(kind, name, _text(item, "slug").strip(), tuple(a.strip() for a in aliases if a.strip()), origin)


def _names(value, kind):
    """Tag names given as a list, or as one string with separators."""
    if value is None:
        return []
    if isinstance(value, str):
        value = _NAME_SEPARATORS.split(value)
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise Rejected(f"«{kind}» يجب أن تكون قائمة أسماء أو أسماء يفصل بينها |.")
    return [name.strip() for name in value if name.strip()]


def check_fields(instance, exclude=()):
    """Run a model instance's field validation (lengths, URLs, choices); raise Rejected, in Arabic."""
    with translation.override("ar"):
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            problems = [
                f"{instance._meta.get_field(name).verbose_name}: {' '.join(messages)}"
                for name, messages in error.message_dict.items()
            ]
            raise Rejected(" — ".join(problems)) from None
