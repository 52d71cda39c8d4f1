"""An article's lead image: the checks an upload passes, where it is kept, and how pages and feeds show it.

An editor uploads the image in the admin, or an import names it by URL
(``image_url``: shown as it is, never fetched). An upload is refused with a
reason an editor can act on, before anything is written: a name with a
folder path in it, more than ``MAX_BYTES``, a file that is not an image
Pillow can read (or is one we do not serve: only JPEG, PNG, GIF and WebP,
never SVG, which can carry script), or more than ``MAX_PIXELS`` pixels (a
"decompression bomb"). An accepted image is stored under a name of our own
(``articles/2018/02/<random>.jpg``, the suffix from its real format), never
under the uploader's.
"""
import mimetypes
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.static import serve as serve_file

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000
# Pillow's format name → the suffix the stored file gets and the type it is served as.
FORMATS = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "GIF": (".gif", "image/gif"),
    "WEBP": (".webp", "image/webp"),
}
SUFFIXES = {suffix for suffix, _mime in FORMATS.values()} | {".jpeg"}

PATH_IN_NAME = "اسم الملف «%(name)s» فيه مسار مجلد؛ ارفع الصورة باسمها وحده (مثل photo.jpg)."
TOO_BIG = "حجم الصورة %(size)s، والحد الأقصى %(limit)s؛ صغّرها أو اضغطها ثم ارفعها."
NOT_AN_IMAGE = "الملف «%(name)s» ليس صورة يمكن قراءتها (JPEG أو PNG أو GIF أو WebP)."
UNSUPPORTED = "صيغة الصورة %(format)s غير مقبولة؛ الصيغ المقبولة: JPEG وPNG وGIF وWebP."
TOO_MANY_PIXELS = "أبعاد الصورة %(width)s×%(height)s بكسل أكبر مما يُقبل؛ صغّرها ثم ارفعها."


def has_path(name):
    """Whether an uploaded file's name carries a folder (``../x.jpg``, ``C:\\x\\y.jpg``) or control characters."""
    return any(char in name for char in "/\\") or ".." in name or any(ord(char) < 32 for char in name)


class LeadImageField(forms.ImageField):
    """An image upload checked in the order that costs least: name, size, then its content with Pillow."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        name = upload.name or ""
        if has_path(name):
            raise ValidationError(PATH_IN_NAME, code="path", params={"name": name})
        if upload.size > MAX_BYTES:
            raise ValidationError(TOO_BIG, code="size",
                                  params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)})
        image_format = read_format(upload, name)
        suffix, mime = FORMATS[image_format]
        upload.name = f"lead{suffix}"
        upload.content_type = mime
        return upload


def read_format(upload, name):
    """Pillow's name for the upload's format, once Pillow has checked the whole file; raise ValidationError."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS, code="pixels", params={"width": width, "height": height})
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(TOO_MANY_PIXELS, code="pixels", params={"width": "؟", "height": "؟"}) from None
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds for a file that is not an image
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image", params={"name": name}) from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(UNSUPPORTED, code="format", params={"format": image_format})
    return image_format


def stored_name(filename):
    """A fresh name for an accepted upload, in a folder per month; the suffix is the one the checks gave."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        suffix = ".jpg"
    return f"articles/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


@dataclass(frozen=True)
class LeadImage:
    """What a page, a card, a feed or Open Graph needs of an article's lead image."""

    url: str  # on this site (/media/…) or absolute, for an image named by URL
    caption: str
    credit: str
    mime_type: str
    length: int  # bytes; 0 when unknown (an image on another site): RSS asks for a number

    @classmethod
    def of(cls, article):
        if article.image:
            try:
                length = article.image.size
            except OSError:  # the file was removed from the media folder
                return None
            url = article.image.url
        elif article.image_url:
            url, length = article.image_url, 0
        else:
            return None
        mime = mimetypes.guess_type(PurePosixPath(url.split("?")[0]).name)[0] or ""
        return cls(url, article.image_caption, article.image_credit,
                   mime if mime.startswith("image/") else "image/jpeg", length)


def serve(request, path):
    """An uploaded image from ``MEDIA_ROOT`` (read per request, so tests can point it elsewhere)."""
    return serve_file(request, path, document_root=settings.MEDIA_ROOT)
