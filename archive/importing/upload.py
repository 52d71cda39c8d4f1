"""The admin's import page: an editor uploads one file in any format the command reads.

The upload is kept under a name with its format suffixes (``.jsonl.gz``)
and imported by a job of its own (:mod:`.jobs`) with the same readers,
importer and summary as ``import_articles``, rejections named by the
uploaded file's name. The form refuses a file larger than
``IMPORT_MAX_UPLOAD_MB`` at once; what it decompresses to is measured by
the job before anything is written (:mod:`.limits`).
"""
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join

from . import jobs
from .inputs import DECOMPRESS, EXTENSIONS, READERS

FORMAT_LABELS = {"text": "نص بصورة البذرة", "jsonl": "JSON Lines", "csv": "CSV", "feed": "موجز RSS أو Atom"}


def ltr(*names):
    """File names and extensions isolated left to right: in Arabic text «.jsonl.gz» would read «gz.jsonl.»."""
    return format_html_join("، ", '<bdi dir="ltr"><code>{}</code></bdi>', ((name,) for name in names))


FILE_HELP = format_html(
    "نص ({}) أو JSON Lines ({}) أو CSV بسطر ترويسة ({})، مضغوطًا ({}) أو غير مضغوط، أو موجز RSS/Atom ({}).",
    ltr(".txt"), ltr(".jsonl"), ltr(".csv"), ltr(".gz", ".xz"), ltr(".xml"),
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="الملف",
        help_text=FILE_HELP,
    )
    format = forms.ChoiceField(
        label="الصيغة", required=False,
        choices=[("", "من امتداد اسم الملف"), *((name, FORMAT_LABELS[name]) for name in READERS)],
    )
    publish = forms.BooleanField(
        label="انشر المقالات المستوردة", required=False,
        help_text="دون هذا الخيار يدخل كل مقال لا يذكر الملف حالته مسودةً لا يراها القرّاء حتى تنشرها؛ "
        "ومعه يُنشر فورًا. المقال الذي يذكر الملف حالته يأخذها في الحالتين.",
    )
    update = forms.BooleanField(label="حدِّث المقالات الموجودة في الأرشيف بدل تركها", required=False)
    dry_run = forms.BooleanField(label="تجربة فقط: افحص الملف ولا تكتب شيئًا", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        most = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > most * 1024 * 1024:
            raise forms.ValidationError(
                f"الملف أكبر من الحد ({most} ميغابايت للملف المرفوع)؛ قسّمه على عدة ملفات، أو اضغطه.")
        return upload

    def start(self, user):
        """Start the import of the uploaded file as a job of its own; return the job."""
        data = self.cleaned_data
        upload = data["file"]
        known = EXTENSIONS.keys() | DECOMPRESS.keys()
        suffix = "".join(s for s in Path(upload.name).suffixes[-2:] if s.lower() in known)
        return jobs.start(upload, suffix, user, format=data["format"], publish=data["publish"],
                          update=data["update"], dry_run=data["dry_run"])
