"""Importing articles: every format, duplicates, dates, bad input, the summary, the admin's upload page."""
import datetime
import gzip
import json
import lzma
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.arabic.dates import find_days, first_day, parse_day
from archive.dates import aware_from_day
from archive.models import Article, Source, Tag
from archive.search.archive_search import SearchRequest, search_archive
from tests.pages import parse

FIXTURES = Path(__file__).parent / "fixtures" / "import"

pytestmark = pytest.mark.django_db


def run_import(*paths, **options):
    """Run import_articles; return (summary lines, exit code)."""
    out = StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=StringIO(), **options)
        code = 0
    except CommandError as error:
        code = error.returncode
    return out.getvalue().splitlines(), code


def count(lines, label):
    return next(int(line.rsplit(":", 1)[1]) for line in lines if line.startswith(label))


def rejections(lines):
    return [line.strip() for line in lines if line.startswith("  ")]


def day(text):
    return aware_from_day(datetime.date.fromisoformat(text))


# --- formats ------------------------------------------------------------------


def test_text_in_the_seeds_shape_takes_its_date_from_the_text():
    lines, code = run_import(FIXTURES / "seed_shape.txt")
    assert code == 0 and count(lines, "المقالات المُنشأة") == 1
    article = Article.objects.get()
    assert article.title == "وزير الخارجية يلتقي نظيره الروسي في دمشق"
    assert article.source.name == "سانا"
    assert article.dateline.name == "دمشق" and article.dateline.kind == Tag.Kind.PLACE
    assert article.published == day("2017-05-10")  # "الأربعاء 10/5/2017"
    assert article.status == Article.Status.PUBLISHED  # a record with no status: archive news is published news
    assert {"سيرغي لافروف", "سوريا"} <= {tag.name for tag in article.tags.all()}


def test_an_article_without_any_date_is_undated_not_today():
    lines, _ = run_import(FIXTURES / "undated.txt")
    assert Article.objects.get().published is None
    assert count(lines, "غير المؤرَّخة") == 1


def test_json_lines_with_the_corpus_keys_and_tag_lists():
    lines, code = run_import(FIXTURES / "articles.jsonl", status="published")
    assert code == 0 and count(lines, "المقالات المُنشأة") == 3
    first = Article.objects.get(url="https://example.org/news/1")
    assert first.source.name == "BBC Arabic"  # English source names are kept as given
    assert first.published == day("2018-04-24") and first.is_published
    cnn = Article.objects.get(url="https://example.org/news/3")
    assert cnn.dateline.name == "موسكو"  # from "موسكو، روسيا (CNN) --"
    assert cnn.published is None  # "في 3 آذار/مارس 2018" mid-sentence is a date it mentions, not its own (issue 13)
    topics = set(cnn.tags.filter(kind=Tag.Kind.TOPIC).values_list("name", flat=True))
    assert topics == {"الدبلوماسية", "الملف النووي"}
    assert cnn.tags.filter(kind=Tag.Kind.PERSON).exists()


@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".xz", lzma.open)])
def test_compressed_json_lines(tmp_path, suffix, opener):
    path = tmp_path / f"articles.jsonl{suffix}"
    with opener(path, "wb") as out:
        out.write((FIXTURES / "articles.jsonl").read_bytes())
    lines, code = run_import(path)
    assert code == 0 and Article.objects.count() == 3


def test_csv_with_a_header_multiline_cells_and_tag_columns():
    lines, code = run_import(FIXTURES / "articles.csv")
    assert code == 0 and Article.objects.count() == 2
    riyadh = Article.objects.get(url="https://example.org/csv/2")
    assert riyadh.body == "عقد في الرياض اجتماع بحضور محمد بن سلمان.\n\nوصدر بيان ختامي."
    assert riyadh.tags.filter(kind=Tag.Kind.PERSON, name="محمد بن سلمان").exists()
    assert Article.objects.get(url="https://example.org/csv/1").tags.filter(name="الجزائر").exists()


def test_rss_items_with_the_feed_as_source():
    lines, code = run_import(FIXTURES / "feed.xml")
    assert code == 0 and Article.objects.count() == 2
    first = Article.objects.get(url="https://www.sana.sy/?p=1")
    assert first.source.name == "سانا" and first.source.url == "https://www.sana.sy/"
    assert first.published == datetime.datetime(2017, 5, 10, 6, 30, tzinfo=datetime.UTC)
    assert first.body == "استقبل الرئيس بشار الأسد وفدًا روسيًا في دمشق.\nوبحث الجانبان التعاون."
    # No pubDate: the date comes from the text.
    # "في 11 أيار 2017" mid-sentence (issue 13)
    assert Article.objects.get(url="https://www.sana.sy/?p=2").published is None


def test_atom_content_is_the_body_and_summary_the_lead():
    run_import(FIXTURES / "feed.atom")
    article = Article.objects.get()
    assert article.body == "وصل الرئيس الفرنسي إيمانويل ماكرون إلى الجزائر في زيارة رسمية."
    assert article.lead == "زيارة قصيرة."
    assert article.published == datetime.datetime(2018, 3, 2, 10, tzinfo=datetime.UTC)


def test_format_option_reads_a_file_whatever_its_name(tmp_path):
    path = tmp_path / "export.data"
    shutil.copy(FIXTURES / "articles.jsonl", path)
    _, code = run_import(path)
    assert code == 1 and not Article.objects.exists()  # unknown extension: rejected, says so
    _, code = run_import(path, format="jsonl")
    assert code == 0 and Article.objects.count() == 3


# --- duplicates, update, dry run, status --------------------------------------------


def test_the_same_url_or_the_same_text_is_never_stored_twice(tmp_path):
    run_import(FIXTURES / "articles.jsonl")
    first = json.loads((FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    same_url = {**first, "title": "عنوان آخر", "body": "نص آخر تمامًا."}
    # The same text with diacritics, tatweel and another hamza still has the same fingerprint.
    same_text = {**first, "url": "https://mirror.example.org/1", "title": first["title"].replace("ترمب", "تـرمـب")}
    path = tmp_path / "again.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [same_url, same_text, same_text]),
                    encoding="utf-8")
    lines, code = run_import(path)
    assert code == 0
    assert count(lines, "المكررات المتروكة") == 3 and count(lines, "المقالات المُنشأة") == 0
    assert Article.objects.count() == 3


def test_update_rewrites_the_stored_article_and_keeps_what_the_record_leaves_out(tmp_path):
    run_import(FIXTURES / "articles.jsonl", status="published")
    stored = Article.objects.get(url="https://example.org/news/1")
    changed = {"title": "عنوان مصحح", "body": "نص مصحح عن دونالد ترامب.", "url": "https://example.org/news/1"}
    path = tmp_path / "fix.jsonl"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    lines, _ = run_import(path, update=True)
    assert count(lines, "المقالات المُحدَّثة") == 1
    updated = Article.objects.get(pk=stored.pk)
    assert updated.title == "عنوان مصحح"
    assert updated.fingerprint == updated.compute_fingerprint()
    assert updated.published == stored.published and updated.status == Article.Status.PUBLISHED
    assert updated.source == stored.source


def test_dry_run_writes_nothing_but_reports_everything():
    lines, code = run_import(FIXTURES / "articles.jsonl", FIXTURES / "broken_line_17.jsonl", dry_run=True)
    assert code == 1
    assert count(lines, "المقالات المُنشأة") == 22 and count(lines, "المرفوضة") == 1
    assert not Article.objects.exists() and not Tag.objects.exists() and not Source.objects.exists()


def test_publish_and_draft_override_the_records_status(tmp_path):
    path = tmp_path / "status.jsonl"
    path.write_text(json.dumps({"title": "خبر منشور", "body": "نص.", "status": "published"}), encoding="utf-8")
    run_import(path, status="draft")
    assert Article.objects.get().status == Article.Status.DRAFT
    Article.objects.all().delete()
    run_import(path)
    assert Article.objects.get().status == Article.Status.PUBLISHED


# --- bad input ------------------------------------------------------------------------


def test_broken_json_on_line_17_is_named_and_the_other_lines_imported():
    lines, code = run_import(FIXTURES / "broken_line_17.jsonl")
    assert code == 1
    [rejection] = rejections(lines)
    assert "broken_line_17.jsonl، السطر 17: ليس JSON صالحًا" in rejection
    assert Article.objects.count() == 19
    assert count(lines, "السجلات المقروءة") == 20


def test_csv_header_missing_a_column_rejects_the_file_naming_the_column():
    lines, code = run_import(FIXTURES / "missing_column.csv")
    assert code == 1 and not Article.objects.exists()
    assert "الترويسة ينقصها العمود «body»" in rejections(lines)[0]


def test_csv_row_missing_a_cell_is_rejected_alone():
    lines, code = run_import(FIXTURES / "short_row.csv")
    assert code == 1
    assert rejections(lines) == [f"{FIXTURES / 'short_row.csv'}، السطر 3: في هذا السطر 2 حقول والترويسة 4 أعمدة."]
    assert Article.objects.count() == 2


def test_a_feed_that_is_not_xml_is_rejected():
    lines, code = run_import(FIXTURES / "not_xml.xml")
    assert code == 1 and "ليس موجز RSS أو Atom صالحًا" in rejections(lines)[0]


def test_an_empty_file_is_rejected():
    lines, code = run_import(FIXTURES / "empty.jsonl")
    assert code == 1 and rejections(lines) == [f"{FIXTURES / 'empty.jsonl'}: الملف فارغ: لا مقال فيه."]


def test_a_title_of_fifty_thousand_characters_is_rejected(tmp_path):
    path = tmp_path / "long.jsonl"
    records = [{"title": "ع" * 50_000, "body": "نص قصير."}, {"title": "عنوان عادي", "body": "نص عادي."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    lines, code = run_import(path)
    assert code == 1
    [rejection] = rejections(lines)
    assert "السطر 1: العنوان" in rejection and "500" in rejection
    assert list(Article.objects.values_list("title", flat=True)) == ["عنوان عادي"]


def test_an_impossible_date_is_rejected_with_the_reason():
    lines, code = run_import(FIXTURES / "impossible_date.csv")
    assert code == 1
    assert "السطر 2: التاريخ «2017-02-30» غير موجود: الشهر 2 من سنة 2017 فيه 28 يومًا." in rejections(lines)[0]
    assert Article.objects.get().published == day("2017-02-28")


def test_text_in_the_wrong_encoding_is_rejected():
    lines, code = run_import(FIXTURES / "windows_1256.txt", FIXTURES / "mixed_encoding.jsonl")
    assert code == 1
    found = rejections(lines)
    assert "windows_1256.txt: ليس بترميز UTF-8" in found[0]
    assert "mixed_encoding.jsonl، السطر 2: النص يبدو نصًا عربيًا قُرئ بترميز خاطئ" in found[1]
    assert list(Article.objects.values_list("title", flat=True)) == ["خبر سليم عن تونس"]


def test_a_record_that_fails_half_way_leaves_nothing_behind(tmp_path):
    path = tmp_path / "half.jsonl"
    bad = {"title": "خبر", "body": "نص عن ماكرون.", "source": "مصدر جديد", "topic": ["اقتصاد", "و" * 300]}
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    lines, code = run_import(path)
    assert code == 1 and "الاسم المعتمد" in rejections(lines)[0]
    assert not Article.objects.exists() and not Source.objects.exists() and not Tag.objects.exists()


def test_after_a_bad_folder_the_index_matches_the_database(search_index):
    lines, code = run_import(FIXTURES, status="published")
    assert code == 1 and len(rejections(lines)) == 9
    assert search_index.count() == Article.objects.published().count() == count(lines, "المقالات المُنشأة")
    found = search_archive(SearchRequest(q="الجزائر قمة"))
    assert [hit.article.url for hit in found.hits] == ["https://example.org/csv/1"]


def test_update_to_draft_removes_the_article_from_the_index(search_index, tmp_path):
    run_import(FIXTURES / "articles.jsonl", status="published")
    assert search_index.count() == 3
    run_import(FIXTURES / "articles.jsonl", update=True, status="draft")
    assert search_index.count() == 0


# --- dates in text (archive.arabic.dates) ------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("10 أيار 2017", "2017-05-10"),
    ("١٠ مايو ٢٠١٧", "2017-05-10"),
    ("الأربعاء 10/5/2017", "2017-05-10"),
    ("3 كانون الثاني 2018", "2018-01-03"),
    ("25 تشرين الأول 2018", "2018-10-25"),
    ("1 ماي 2018", "2018-05-01"),
    ("14 جويلية 2018", "2018-07-14"),
    ("20 أوت 2018", "2018-08-20"),
    ("5 فيفري 2018", "2018-02-05"),
    ("9 أفريل 2018", "2018-04-09"),
    ("10 أيار/مايو 2017", "2017-05-10"),
    ("2018-02-18", "2018-02-18"),
    ("30 شباط 2017", None),
    ("مايو 2017", None),
])
def test_a_written_day_is_read_in_any_calendars_names(text, expected):
    assert parse_day(text) == (datetime.date.fromisoformat(expected) if expected else None)


def test_days_are_found_in_running_text_and_impossible_ones_skipped():
    text = "قال في 30 شباط 2017 ثم في ١٢ آذار ٢٠١٧ إن اجتماع 4/4/2017 أُجّل."
    assert list(find_days(text)) == [datetime.date(2017, 3, 12), datetime.date(2017, 4, 4)]
    assert first_day("لا تاريخ هنا سوى عام 2017.") is None


# --- the admin's upload page ---------------------------------------------------------------


def test_the_article_list_links_the_import_page(staff_client):
    page = parse(staff_client.get("/admin/archive/article/"))
    assert page.find("a", string="استيراد")["href"] == "/admin/archive/article/import/"


def test_an_editor_uploads_a_file_and_reads_the_summary(import_jobs, staff_client):
    with open(FIXTURES / "broken_line_17.jsonl", "rb") as upload:
        page = import_jobs(staff_client, upload, publish="on")
    counts = {row.th.get_text(): row.td.get_text() for row in page.select("#import-summary tr")}
    assert counts["المقالات المُنشأة"] == "19" and counts["المرفوضة"] == "1"
    [rejection] = page.select("#import-rejections li")
    assert rejection.get_text().startswith("broken_line_17.jsonl، السطر 17: ليس JSON صالحًا")
    assert Article.objects.published().count() == 19


def test_an_upload_dry_run_writes_nothing(import_jobs, staff_client):
    with open(FIXTURES / "articles.csv", "rb") as upload:
        page = import_jobs(staff_client, upload, dry_run="on")
    assert "لم يُكتب شيء" in page.select_one("#import-state").get_text()
    assert not Article.objects.exists()


def test_the_import_page_is_for_staff_only(client):
    response = client.get("/admin/archive/article/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
