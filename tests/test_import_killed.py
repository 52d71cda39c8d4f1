"""A command-line import killed with -9 never leaves the articles it committed out of the index.

Each test starts a real ``manage.py import_articles`` process on the
test's database and index (``import_job_process``), kills it with SIGKILL
once some batches are committed, then runs what an operator would run
next, as real processes too.
"""
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from archive.importing import jobs
from archive.importing.inputs import find_inputs
from archive.importing.writer import Importer
from archive.models import Article, ImportJob, IndexTask
from archive.search import engine
from tests.pages import parse
from tests.test_import_jobs import jsonl, wait_for

RECORDS = 10_000  # batches of 500: a few thousand a second here; start_import must find it still running


def manage(*arguments, **options):
    return subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
                          cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600, **options)


def count_in(output, label):
    return next(int(line.rsplit(":", 1)[1]) for line in output.splitlines() if line.startswith(label))


@pytest.fixture
def news(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(jsonl(RECORDS))
    return path


def start_import(path):
    """``import_articles path`` started, once a batch or more is committed."""
    process = subprocess.Popen([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_articles",
                                str(path), "--verbosity", "0"], cwd=settings.BASE_DIR,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: Article.objects.count() >= 500 or process.poll() is not None)
    assert process.poll() is None, process.stderr.read()
    return process


def import_killed_midway(path):
    """Start ``import_articles path``, SIGKILL it once a batch or more is committed; the articles it left."""
    process = start_import(path)
    process.send_signal(signal.SIGKILL)
    process.wait()
    committed = Article.objects.count()
    assert 500 <= committed < RECORDS
    assert ImportJob.objects.get().status == ImportJob.Status.RUNNING  # as the killed process left it
    return committed


def assert_index_equals_database(search_index):
    pks = set(Article.objects.values_list("pk", flat=True))
    assert set(engine.backend().stamps()) == pks and engine.unindexed(pks) == []
    assert search_index.count() == Article.objects.published().count() == len(pks)
    assert not IndexTask.objects.exists()


def test_the_outbox_holds_a_killed_imports_articles_and_update_index_indexes_them(
        import_job_process, search_index, news):
    committed = import_killed_midway(news)
    if engine.writes_in_transaction():  # PostgreSQL: the documents committed with their batch
        assert_index_equals_database(search_index)
    else:
        assert set(IndexTask.objects.values_list("article_id", flat=True)) == \
            set(Article.objects.values_list("pk", flat=True))
        assert search_index.count() == 0  # the killed import never reached its indexing
    # make run's setup: clean_import_jobs, then update_index.
    assert manage("clean_import_jobs").returncode == 0
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    result = manage("update_index", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    assert Article.objects.count() == committed
    assert_index_equals_database(search_index)


def test_running_the_killed_import_again_exits_0_and_indexes_everything(import_job_process, search_index, news):
    committed = import_killed_midway(news)
    result = manage("import_articles", str(news), "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    assert count_in(result.stdout, "المكررات المتروكة") == committed
    assert count_in(result.stdout, "المقالات المُنشأة") == RECORDS - committed
    assert Article.objects.count() == RECORDS
    assert_index_equals_database(search_index)
    killed, again = ImportJob.objects.order_by("pk")
    assert (killed.status, again.status) == (ImportJob.Status.FAILED, ImportJob.Status.DONE)


def test_the_import_page_finds_the_killed_import_and_its_articles_get_indexed(
        import_job_process, search_index, news, staff_client):
    import_killed_midway(news)
    page = parse(staff_client.get("/admin/archive/article/import/"))  # the reaper runs as the page opens
    [row] = page.select("#import-jobs tbody tr")
    assert row.select_one(".import-status").get_text() == "فشل"
    wait_for(lambda: not IndexTask.objects.exists())  # the update_index the reaper started
    assert_index_equals_database(search_index)


def test_a_file_imported_again_indexes_the_articles_the_index_lost(db, search_index, tmp_path):
    """Whatever emptied the index, importing the file again puts its articles back (they are skipped as repeats)."""
    from django.core.management import call_command

    path = tmp_path / "few.jsonl"
    path.write_bytes(jsonl(30))
    call_command("import_articles", str(path), verbosity=0)
    assert search_index.count() == 30
    engine.clear()
    assert search_index.count() == 0
    call_command("import_articles", str(path), verbosity=0)
    assert Article.objects.count() == 30
    assert_index_equals_database(search_index)


def test_sigterm_stops_a_command_line_import_and_its_articles_get_indexed(import_job_process, search_index, news):
    """SIGTERM stops it cleanly: it says so and exits non-zero, its job says so, an update_index takes the rest."""
    process = start_import(news)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130 and "أُوقفت عملية الاستيراد قبل أن تنتهي" in errors
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.error.startswith("أُوقفت عملية الاستيراد")
    wait_for(lambda: not IndexTask.objects.exists())  # the update_index the stopped import started
    assert_index_equals_database(search_index)


class _Finaliser:
    def __del__(self):
        signal.raise_signal(signal.SIGTERM)


class _SignalledWhereErrorsAreDropped:
    """Progress bars that send SIGTERM from a finaliser, where Python drops an exception raised by the signal's
    handler: as it dropped the one CI saw raised in a fork's handler while the import started its workers (the
    import then ran to its end and exited 0)."""

    def read(self, count):
        _Finaliser()  # made and finalised at once

    def indexing(self, total):
        pass

    def indexed(self, count):
        pass


def test_a_sigterm_that_arrives_where_python_drops_exceptions_still_stops_the_import(
        import_job_process, search_index, news):
    inputs = find_inputs([str(news)], None)
    job = jobs.for_command(inputs)
    importer = Importer(default_status=Article.Status.PUBLISHED, job=job)
    with pytest.raises(jobs.Stopped), jobs.running(job):
        jobs.import_as(job, importer, inputs, echo=_SignalledWhereErrorsAreDropped())
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, jobs.STOPPED)
    assert Article.objects.count() < RECORDS
    wait_for(lambda: not IndexTask.objects.exists())  # the update_index the stopped import started
    assert_index_equals_database(search_index)
