"""Imports do what the editor means: published unless told otherwise (the command), drafts unless told (the admin);
the summary counts each status; the corpus's category becomes a topic tag."""
import io
import json

import pytest
from django.core.management import call_command

from archive.models import Article, Tag

pytestmark = pytest.mark.django_db


def write(tmp_path, *records):
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records), encoding="utf-8")
    return path


RECORDS = [
    {"title": "خبر أول", "body": "نص الخبر الأول.", "published": "2018-02-18", "category": "sport"},
    {"title": "خبر ثان", "body": "نص الخبر الثاني.", "published": "2018-02-19", "category": "economy"},
    {"title": "خبر ثالث", "body": "نص الخبر الثالث.", "published": "2018-02-20", "status": "draft"},
]


def run(*args):
    out = io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_the_command_publishes_records_without_a_status_and_counts_each_status(tmp_path):
    lines = run(write(tmp_path, *RECORDS))
    assert dict(Article.objects.values_list("title", "status")) == {
        "خبر أول": "published", "خبر ثان": "published", "خبر ثالث": "draft"}
    assert "منها منشورة (ظاهرة للقرّاء): 2" in lines
    assert "منها مسودات (لا تظهر للقرّاء حتى تُنشر): 1" in lines


def test_draft_keeps_every_record_a_draft(tmp_path):
    lines = run(write(tmp_path, *RECORDS), "--draft")
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert "منها مسودات (لا تظهر للقرّاء حتى تُنشر): 3" in lines


def test_the_category_becomes_a_topic_tag_named_in_arabic(tmp_path):
    run(write(tmp_path, *RECORDS, {"title": "خبر رابع", "body": "نص رابع.", "category": "فنون"}))
    sport = Tag.objects.get(kind="topic", name="رياضة")
    assert sport.alias_names == ["sport"]
    assert [a.title for a in sport.articles.all()] == ["خبر أول"]
    assert Tag.objects.get(kind="topic", name="فنون").articles.get().title == "خبر رابع"


def test_the_admin_upload_keeps_drafts_unless_the_editor_publishes(import_jobs, staff_client, tmp_path):
    def upload(records, **fields):
        file = io.BytesIO("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode())
        file.name = "records.jsonl"
        return import_jobs(staff_client, file, **fields)

    page = upload(RECORDS[:1])
    assert Article.objects.get().status == "draft"
    counts = {row.th.get_text(): row.td.get_text() for row in page.select("#import-summary tr")}
    assert counts["منها مسودات (لا تظهر للقرّاء حتى تُنشر)"] == "1"
    upload(RECORDS[1:2], publish="on")
    assert Article.objects.get(title="خبر ثان").status == "published"
