"""Test settings: the real settings, with a test secret and a throwaway var/ folder."""
import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ["ARCHIVE_VAR_DIR"] = tempfile.mkdtemp(prefix="archive-tests-")

from archive.settings import *  # noqa: E402,F403
