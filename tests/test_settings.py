"""Production settings fail loudly instead of running with a guessable key."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="archive.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=clean, capture_output=True, text=True, check=False,
    )


def test_debug_off_without_secret_key_refuses_to_start_and_says_what_to_set():
    result = start_django()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_off_with_secret_key_starts():
    assert start_django(SECRET_KEY="x" * 50).returncode == 0
