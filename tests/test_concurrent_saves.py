"""Two processes saving articles at once: no lock error, no lost or stale document.

A short run of bench/concurrent_saves.py (the benchmark runs it for a minute).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "concurrent_saves.py"


def test_two_processes_saving_keep_the_index_equal_to_the_articles(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "ARCHIVE_VAR_DIR"}}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "6", "--processes", "2"],
        capture_output=True, text=True, env=env, timeout=180, check=False,
    )
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["worker_errors"] == []
    # Both processes really wrote (a loaded CI machine makes a few a second, a quiet one dozens).
    assert all(op["created"] > 0 for op in report["operations"])
    assert sum(op["created"] for op in report["operations"]) > 6
    assert report["indexed"] == report["articles"]
    assert report["missing_from_index"] == report["stale_in_index"] == []
    assert report["found_by_public_search"] == report["published"]
    assert report["published_not_found"] == report["found_not_published"] == []
    assert result.returncode == 0
