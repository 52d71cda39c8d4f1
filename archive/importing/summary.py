"""What an import did, in numbers and in plain words: the command prints it, the admin page shows it."""
from collections import Counter
from dataclasses import dataclass, field

from .dates import HOW


@dataclass
class Summary:
    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    undated: int = 0
    rejected: list = field(default_factory=list)  # Rejection objects, in the order met
    dates: Counter = field(default_factory=Counter)  # stored articles by how they were dated (dates.HOW)
    statuses: Counter = field(default_factory=Counter)  # stored articles (created or updated) by status

    @property
    def ok(self):
        return not self.rejected

    def counts(self):
        """(label, number) pairs, in the order an editor reads them."""
        return [
            ("السجلات المقروءة", self.read),
            ("المقالات المُنشأة", self.created),
            ("المقالات المُحدَّثة", self.updated),
            ("منها منشورة (ظاهرة للقرّاء)", self.statuses["published"]),
            ("منها مسودات (لا تظهر للقرّاء حتى تُنشر)", self.statuses["draft"]),
            ("المكررات المتروكة (الرابط أو النص نفسه في الأرشيف)", self.duplicates),
            ("المرفوضة", len(self.rejected)),
            ("غير المؤرَّخة (لا تاريخ في الملف ولا في النص)", self.undated),
        ]

    def progress(self):
        """The counts an import's progress page shows while it runs."""
        return {"read": self.read, "added": self.created + self.updated, "skipped": self.duplicates,
                "errors": len(self.rejected)}

    def as_dict(self, most_rejections=1000):
        """The finished summary as an import job keeps it (JSON): counts as labelled, the first rejections."""
        return {
            "dry_run": self.dry_run,
            "counts": [*self.counts(), *((label, self.dates[how]) for how, label in HOW.items() if self.dates[how])],
            "rejected": [str(rejection) for rejection in self.rejected[:most_rejections]],
            "rejected_total": len(self.rejected),
        }

    def lines(self):
        """The summary as text lines, the rejections last, one a line with file, line and reason."""
        lines = ["تجربة فقط (--dry-run): لم يُكتب شيء في الأرشيف."] if self.dry_run else []
        lines += [f"{label}: {number}" for label, number in self.counts()]
        lines += [f"{label}: {self.dates[how]}" for how, label in HOW.items() if self.dates[how]]
        if self.rejected:
            lines.append("المرفوضة وأسباب رفضها:")
            lines += [f"  {rejection}" for rejection in self.rejected]
        return lines
