"""An editor uploads a file in Chromium, lands on the import's progress page, reloads it, and reads the summary.

Set SCREENSHOT_DIR to keep screenshots of the progress page, running and
finished, at 1280 and 420 pixels wide.
"""
import json

import pytest

from archive.models import Article
from tests.browser.admin_session import log_in, shoot

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_upload_runs_in_the_background_and_its_page_survives_a_reload(
        chromium, live_server, import_job_process, editors, tmp_path):
    records = tmp_path / "أخبار-آذار.jsonl"
    records.write_text("".join(json.dumps({"title": f"خبر رقم {n} عن دمشق", "body": f"نص الخبر {n} من دمشق.",
                                           "published": "2018-03-01"}, ensure_ascii=False) + "\n"
                               for n in range(600)), encoding="utf-8")
    context, page = log_in(chromium, live_server, "hala")
    try:
        page.goto(live_server.url + "/admin/archive/article/import/")
        page.set_input_files("#id_file", str(records))
        page.check("#id_publish")
        page.click("#import-form input[type=submit]")
        page.wait_for_url("**/admin/archive/article/import/*/")
        state = page.inner_text("#import-state")
        assert page.get_attribute("#import-job", "data-status") in {"queued", "running"}, state
        assert page.eval_on_selector("#import-job", "e => getComputedStyle(e).direction") == "rtl"
        shoot(page, "admin-import-progress")
        while page.get_attribute("#import-job", "data-status") != "done" and not page.query_selector("#import-counts"):
            page.reload()  # the editor reloads while it runs: the same job, still going, counting as it goes
        if page.query_selector("#import-counts"):
            shoot(page, "admin-import-running")
        page.wait_for_selector('#import-job[data-status="done"]', timeout=180_000)  # the page refreshes itself
        page.reload()
        summary = dict(zip(page.locator("#import-summary th").all_inner_texts(),
                           page.locator("#import-summary td").all_inner_texts(), strict=True))
        assert summary["السجلات المقروءة"] == "600" and summary["المقالات المُنشأة"] == "600"
        assert summary["منها منشورة (ظاهرة للقرّاء)"] == "600"
        assert page.inner_text("#import-state") == "انتهى الاستيراد"
        shoot(page, "admin-import-done")
        assert Article.objects.published().count() == 600
    finally:
        context.close()
