"""Test settings: the real settings, with a test secret and a throwaway var/ folder."""
import os
import secrets
import tempfile

# DEBUG is off in the tests, as in production, so the key must pass the same
# strength check: a new random one each run (children of the run inherit it).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["ARCHIVE_VAR_DIR"] = tempfile.mkdtemp(prefix="archive-tests-")

from archive.settings import *  # noqa: E402,F403
from archive.settings import DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not SQLite's in-memory database: the live server's threads for
    # the browser tests then open connections of their own.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Logins in the tests (the admin's lockout) need not cost PBKDF2's real work.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A second alias on the same test database (Django's TEST MIRROR), for the read-replica router's tests
# (tests/test_replicas.py). Inert unless a test lists it in DATABASE_REPLICAS.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
