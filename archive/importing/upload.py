"""The admin's import page: an editor uploads one file in any format the command reads.

The upload is written to a temporary file that keeps the name's format
suffixes (``.jsonl.gz``), read by the same readers and written by the same
importer as ``import_articles``, and reported with the same summary,
rejections named by the uploaded file's name.
"""
import tempfile
from pathlib import Path

from django import forms
from django.utils.html import format_html, format_html_join

from archive.models import Article

from .indexing import sync_index
from .inputs import DECOMPRESS, EXTENSIONS, READERS, Input, read_inputs
from .writer import Importer

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

    def run(self):
        """Import the uploaded file and index what it brought; return the summary."""
        data = self.cleaned_data
        upload = data["file"]
        known = EXTENSIONS.keys() | DECOMPRESS.keys()
        suffix = "".join(s for s in Path(upload.name).suffixes[-2:] if s.lower() in known)
        default = Article.Status.PUBLISHED if data["publish"] else Article.Status.DRAFT
        importer = Importer(update=data["update"], dry_run=data["dry_run"], default_status=default)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            with open(path, "wb") as copy:
                for chunk in upload.chunks():
                    copy.write(chunk)
            summary = importer.run(read_inputs([Input.of(path, data["format"] or None, upload.name)]))
        sync_index(importer.to_index, fresh=importer.fresh)
        return summary
