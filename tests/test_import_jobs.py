"""The admin's uploads: imported by a process of their own, within limits, leaving no file behind.

Every upload here is imported by a real ``run_import_job`` process (the
``import_jobs`` fixture), which reads its limits from the environment as a
production one does.
"""
import gzip
import io
import json
import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings

from archive.models import Article, ImportJob, IndexTask
from archive.search import engine
from tests.pages import parse

# An upload an import cannot finish before a test stops it, once its first batch is in.
LARGE = 20_000


def jsonl(count, start=0, extra=None):
    lines = (json.dumps({"title": f"خبر رقم {n}", "body": f"نص الخبر رقم {n} عن الاقتصاد والسياسة في دمشق.",
                         "published": "2018-03-01", **(extra or {})}, ensure_ascii=False)
             for n in range(start, start + count))
    return ("\n".join(lines) + "\n").encode()


def named(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


def left_behind():
    """Files under the jobs' folder: jobs' folders and spooled uploads (the empty spool folder itself is kept)."""
    root, spool = Path(settings.IMPORT_JOBS_DIR), Path(settings.FILE_UPLOAD_TEMP_DIR)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path != spool)


def counts_of(page, table="#import-summary"):
    return {row.th.get_text(): row.td.get_text() for row in page.select(f"{table} tr")}


def error_of(page):
    return page.select_one("#import-error").get_text()


def test_an_upload_is_imported_in_the_background_and_its_page_shows_the_summary(import_jobs, staff_client):
    page = import_jobs(staff_client, named(jsonl(300), "three-hundred.jsonl"), publish="on")
    assert page.html["dir"] == "rtl" and page.select_one("#import-state").get_text().strip() == "انتهى الاستيراد"
    counts = counts_of(page)
    assert counts["السجلات المقروءة"] == "300" and counts["المقالات المُنشأة"] == "300"
    assert counts["منها منشورة (ظاهرة للقرّاء)"] == "300" and counts["المرفوضة"] == "0"
    assert Article.objects.published().count() == 300
    assert engine.document_count() == 300  # indexed by the job, not left to anyone
    assert not IndexTask.objects.exists()
    wait_for(lambda: left_behind() == [], seconds=30)  # the process removes its folder after its last status


def test_the_progress_page_survives_a_reload_and_ends_with_the_summary(import_jobs, staff_client):
    response = staff_client.post("/admin/archive/article/import/", {"file": named(jsonl(200), "news.jsonl")})
    job_url = response["Location"]
    running = parse(staff_client.get(job_url))  # the process takes a moment to start: not over yet
    assert running.select_one("#import-job")["data-status"] in {"queued", "running"}
    assert running.select_one('meta[http-equiv="refresh"]')["content"] == "2"
    assert "في الخلفية" in running.select_one(".import-job .help").get_text()
    while parse(staff_client.get(job_url)).select_one("#import-job")["data-status"] not in {"done", "failed"}:
        time.sleep(0.2)
    first, reloaded = parse(staff_client.get(job_url)), parse(staff_client.get(job_url))
    assert counts_of(first) == counts_of(reloaded)
    assert counts_of(reloaded)["المقالات المُنشأة"] == "200"
    assert counts_of(reloaded)["منها مسودات (لا تظهر للقرّاء حتى تُنشر)"] == "200"
    assert reloaded.select_one('meta[http-equiv="refresh"]') is None
    listing = parse(staff_client.get("/admin/archive/article/import/"))
    assert listing.select_one("#import-jobs a")["href"] == job_url


def test_a_gzip_bomb_is_refused_with_nothing_written(import_jobs, staff_client, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_MB", "5")
    bomb = gzip.compress(b"\0" * (40 * 1024 * 1024), 9)  # 40 KB that decompress to 40 MB, one "line"
    page = import_jobs(staff_client, named(bomb, "zeros.jsonl.gz"))
    assert page.select_one("#import-job")["data-status"] == "failed"
    assert error_of(page) == ("رُفض الملف ولم يُكتب منه شيء: الملف بعد فك ضغطه أكبر من الحد (5 ميغابايت)؛ "
                              "قسّمه على عدة ملفات، أو تأكد أنه ليس ملفًا تالفًا أو مفخخًا يتضخم عند فك ضغطه.")
    assert not Article.objects.exists() and not IndexTask.objects.exists()
    wait_for(lambda: left_behind() == [], seconds=30)


def test_a_feed_bomb_is_refused_before_it_is_parsed(import_jobs, staff_client, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_WHOLE_FILE_MB", "1")
    items = "".join(f"<item><title>خبر {n}</title><description>{'نص ' * 200}</description></item>" for n in range(2000))
    feed = gzip.compress(f'<?xml version="1.0"?><rss version="2.0"><channel><title>س</title>{items}</channel></rss>'
                         .encode())
    page = import_jobs(staff_client, named(feed, "feed.xml.gz"))
    assert error_of(page) == ("رُفض الملف ولم يُكتب منه شيء: الموجز أطول من الحد (1 ميغابايت بعد فك الضغط)؛ "
                              "قسّمه على عدة ملفات.")
    assert not Article.objects.exists()
    wait_for(lambda: left_behind() == [], seconds=30)


def test_a_file_with_more_records_than_allowed_is_refused(import_jobs, staff_client, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_RECORDS", "50")
    page = import_jobs(staff_client, named(jsonl(51), "many.jsonl"))
    assert error_of(page) == ("رُفض الملف ولم يُكتب منه شيء: في الملف أكثر من 50 سطر، وهو الحد للملف الواحد؛ "
                              "قسّمه على عدة ملفات.")
    assert not Article.objects.exists()


def test_a_record_longer_than_allowed_is_rejected_and_the_others_imported(import_jobs, staff_client, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_RECORD_KB", "4")
    long_one = jsonl(1, start=99, extra={"lead": "ا" * 5000})
    page = import_jobs(staff_client, named(jsonl(2) + long_one + jsonl(2, start=2), "mixed.jsonl"))
    assert counts_of(page)["المقالات المُنشأة"] == "4"
    assert [li.get_text() for li in page.select("#import-rejections li")] == [
        "mixed.jsonl، السطر 3: السجل أطول من الحد (4 كيلوبايت للسجل الواحد)؛ تُرك دون قراءته."]


def test_a_csv_line_longer_than_allowed_refuses_the_file(import_jobs, staff_client, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_RECORD_KB", "4")
    data = "title,body\nعنوان,نص قصير\nعنوان آخر,".encode() + ("نص " * 2000).encode() + b"\n"
    page = import_jobs(staff_client, named(data, "long.csv"))
    assert error_of(page).startswith("رُفض الملف ولم يُكتب منه شيء: في الملف سطر أطول من الحد")
    assert not Article.objects.exists()


def test_an_upload_larger_than_allowed_is_refused_by_the_form(import_jobs, staff_client, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = staff_client.post("/admin/archive/article/import/",
                                 {"file": named(b"x" * (1024 * 1024 + 1), "big.jsonl")})
    assert response.status_code == 200
    [error] = parse(response).select(".errorlist li")
    assert error.get_text() == "الملف أكبر من الحد (1 ميغابايت للملف المرفوع)؛ قسّمه على عدة ملفات، أو اضغطه."
    assert not ImportJob.objects.exists() and left_behind() == []


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.1)


def test_an_import_killed_midway_is_marked_failed_and_its_articles_get_indexed(import_jobs, staff_client):
    response = staff_client.post("/admin/archive/article/import/",
                                 {"file": named(jsonl(LARGE), "large.jsonl"), "publish": "on"})
    job = ImportJob.objects.get()
    wait_for(lambda: Article.objects.count() >= 500)  # a batch or more committed
    job.refresh_from_db()
    os.kill(job.pid, signal.SIGKILL)
    wait_for(lambda: not Path(f"/proc/{job.pid}").exists())
    page = parse(staff_client.get(response["Location"]))  # the page notices the process is gone
    assert page.select_one("#import-job")["data-status"] == "failed"
    assert error_of(page).startswith("توقفت عملية الاستيراد قبل أن تنتهي")
    committed = Article.objects.published().count()
    assert 500 <= committed < LARGE
    # Whoosh: they waited in the outbox, and the update_index the page started indexes them
    # (PostgreSQL: their documents committed with them).
    wait_for(lambda: not IndexTask.objects.exists())
    assert engine.document_count() == committed
    assert not IndexTask.objects.exists()
    wait_for(lambda: left_behind() == [], seconds=30)


def test_a_stopped_import_says_so_and_removes_its_file(import_jobs, staff_client):
    response = staff_client.post("/admin/archive/article/import/", {"file": named(jsonl(LARGE), "large.jsonl")})
    wait_for(lambda: Article.objects.count() >= 500)
    os.kill(ImportJob.objects.get().pid, signal.SIGTERM)
    wait_for(lambda: ImportJob.objects.get().is_over)
    page = parse(staff_client.get(response["Location"]))
    assert error_of(page).startswith("أُوقفت عملية الاستيراد قبل أن تنتهي")
    wait_for(lambda: left_behind() == [], seconds=30)


@pytest.mark.django_db
def test_files_of_jobs_that_died_are_removed_when_the_import_page_opens(staff_client):
    old = time.time() - 3600
    orphan = Path(settings.IMPORT_JOBS_DIR) / "999"
    orphan.mkdir(parents=True)
    (orphan / "upload.jsonl").write_bytes(b"{}")
    spooled = Path(settings.FILE_UPLOAD_TEMP_DIR) / "tmpabc.upload.gz"
    spooled.write_bytes(b"half an upload")
    for path in (orphan, spooled):
        os.utime(path, (old - 7200, old - 7200))
    staff_client.get("/admin/archive/article/import/")
    assert left_behind() == []


@pytest.mark.django_db
def test_a_job_whose_process_died_is_failed_at_start_up(staff_client):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    silent = timezone.now() - timedelta(minutes=5)
    job = ImportJob.objects.create(file_name="news.jsonl", status=ImportJob.Status.RUNNING, heartbeat=silent)
    (Path(settings.IMPORT_JOBS_DIR) / str(job.pk)).mkdir(parents=True)
    call_command("clean_import_jobs")  # make run and make serve start with it
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished is not None
    page = parse(staff_client.get(f"/admin/archive/article/import/{job.pk}/"))
    assert error_of(page).startswith("توقفت عملية الاستيراد قبل أن تنتهي")
    assert left_behind() == []


@pytest.mark.django_db
def test_a_command_line_import_is_not_said_to_be_uploaded(staff_client, django_user_model):
    """``import_articles`` runs as a job too: its page names no upload and no editor; an upload names its editor."""
    from archive.importing import jobs

    editor = django_user_model.objects.get(username="editor")
    command_job = jobs.for_command([])
    uploaded = ImportJob.objects.create(user=editor, file_name="news.jsonl")
    times = {job.pk: parse(staff_client.get(f"/admin/archive/article/import/{job.pk}/")).select_one(".import-times")
             for job in (command_job, uploaded)}
    assert "رفع" not in times[command_job.pk].get_text() and "طُلب" in times[command_job.pk].get_text()
    assert f"رفعه {editor}" in times[uploaded.pk].get_text()
