"""Test settings: the real settings, with a test secret and a throwaway var/ folder."""
import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ["ARCHIVE_VAR_DIR"] = tempfile.mkdtemp(prefix="archive-tests-")

from archive.settings import *  # noqa: E402,F403
from archive.settings import DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not SQLite's in-memory database: the live server's threads for
    # the browser tests then open connections of their own.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
