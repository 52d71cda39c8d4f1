"""Production settings fail loudly instead of running with a guessable key, and take HTTPS from the environment."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert start_django(SECRET_KEY=STRONG_KEY).returncode == 0


STRONG_KEY = "k7Qz" + "".join(chr(ord("a") + n % 26) for n in range(60))
# The production environment README's "Run it for real" documents, behind a TLS proxy.
PRODUCTION = {
    "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "news.example.org", "HTTPS": "1",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto", "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
}


def settings_with(**env):
    """The settings Django starts with in that environment, as JSON."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", *PRODUCTION}}
    clean.update(env, DJANGO_SETTINGS_MODULE="archive.settings")
    names = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS"]
    code = ("import django, json; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("key, reason", [
    ("x", "it has 1 characters; it needs at least 50"),
    ("tests-only-secret-key", "it has 21 characters"),
    ("ab" * 40, "it has 2 different characters; it needs at least 5"),
    ("django-insecure-" + STRONG_KEY, "Django's mark of a key made for development"),
])
def test_debug_off_with_a_weak_secret_key_refuses_to_start_and_says_why(key, reason):
    result = start_django(SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr and reason in result.stderr


def test_debug_on_takes_any_key():
    assert start_django(SECRET_KEY="x", DEBUG="1").returncode == 0


def test_a_laptop_has_no_https_switches_on():
    laptop = settings_with(SECRET_KEY=STRONG_KEY)
    assert laptop == {
        "SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0, "SECURE_HSTS_INCLUDE_SUBDOMAINS": False, "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None, "CSRF_TRUSTED_ORIGINS": [],
    }


def test_https_switches_come_from_the_environment():
    production = settings_with(**PRODUCTION)
    assert production == {
        "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://news.example.org"],
    }
    # Each switch on its own overrides HTTPS=1's default.
    switched_off = settings_with(**PRODUCTION, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="60")
    assert switched_off["SECURE_SSL_REDIRECT"] is False
    assert settings_with(**PRODUCTION, SECURE_HSTS_SECONDS="60")["SECURE_HSTS_SECONDS"] == 60


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set in this process by the browser tests' live server, never in production.
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(PRODUCTION, DJANGO_SETTINGS_MODULE="archive.settings", ARCHIVE_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=clean, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def documented_deployment_environment():
    """The environment file of README's "Deployment on several servers", as {name: value}."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("# /etc/archive/archive.env\n", 1)[1].split("```", 1)[0]
    return dict(line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#"))


def test_the_deployment_guides_environment_passes_check_deploy_and_names_only_real_settings(tmp_path):
    documented = documented_deployment_environment()
    sources = (ROOT / "archive" / "settings.py", ROOT / "archive" / "logs" / "config.py")
    read_by_the_archive = "".join(path.read_text(encoding="utf-8") for path in sources)
    assert [name for name in documented if f'"{name}"' not in read_by_the_archive] == []
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION, *documented}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(documented, SECRET_KEY=STRONG_KEY, ARCHIVE_VAR_DIR=str(tmp_path),
                 DJANGO_SETTINGS_MODULE="archive.settings")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=clean, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    code = ("import django, json; django.setup(); from django.conf import settings; print(json.dumps("
            "{alias: db['HOST'] for alias, db in settings.DATABASES.items()} "
            "| {'replicas': settings.DATABASE_REPLICAS}))")
    databases = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True,
                                          text=True, check=True).stdout)
    assert databases == {"default": "10.0.0.20", "replica_1": "10.0.0.21", "replica_2": "10.0.0.22",
                         "replicas": ["replica_1", "replica_2"]}


def test_replicas_of_a_database_that_is_not_postgresql_are_refused():
    result = start_django(SECRET_KEY=STRONG_KEY, DATABASE_URL="sqlite:////tmp/archive.sqlite3",
                          DATABASE_REPLICA_URLS="postgres://archive:secret@10.0.0.21/archive")
    assert result.returncode != 0
    assert "replicas are PostgreSQL streaming replicas of a PostgreSQL primary" in result.stderr
