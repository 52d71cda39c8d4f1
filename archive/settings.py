"""Settings for the Arabic news archive.

Everything an operator changes comes from the environment, with defaults that
run on a laptop with no services: SQLite and a Whoosh index under ``var/``.
Production (``DEBUG`` off) refuses to start without a real ``SECRET_KEY``.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

from archive.logs.config import LoggingSettingError, logging_config
from archive.security import csp
from archive.security.secret_key import weakness as secret_key_weakness

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))


def env_flag(name, default=False):
    """Read a yes/no environment variable the way operators write them."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the archive needs a secret key: "
            "set the SECRET_KEY environment variable to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"
elif not DEBUG and secret_key_weakness(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: {secret_key_weakness(SECRET_KEY)}. Anyone who guesses it can forge "
        "sessions: set it to a long random string "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",  # the admin's login lockout
    # Before haystack, so the archive's update_index (with a progress bar) wins.
    "archive.apps.ArchiveConfig",
    "haystack",
    "reversion",  # every version of every article (archive/revisions/)
]

MIDDLEWARE = [
    # First, so every log line of a request (its 500 included) carries its id.
    "archive.logs.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, the site's header built once (archive/security/csp_middleware.py).
    "archive.security.csp_middleware.PolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database (sessions first): decides whether this request reads a replica.
    "archive.serving.replicas.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Arabic, or English when the reader chose it (archive/language/middleware.py).
    "archive.language.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database gone away (restart, failover) answers a 503 page, not a traceback.
    "archive.serving.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "archive.language.context.arabic_text",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archive.pages.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'archive.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes may write at once (the web server, an import, a
    # reindex): wait for the lock instead of failing, and take the write lock
    # at the start of a transaction so two writers never deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=30, transaction_mode="IMMEDIATE")
# Read replicas (archive/serving/replicas.py): comma-separated postgres:// URLs of streaming replicas of
# DATABASE_URL. Readers' pages and searches read one of them; writes, the admin, logged-in editors
# and a browser for REPLICA_PIN_SECONDS after its last POST read the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(filter(None, map(str.strip, os.environ.get("DATABASE_REPLICA_URLS", "").split(","))), 1):
    _replica = dj_database_url.parse(_url, conn_max_age=60)
    if not (_replica["ENGINE"].endswith("postgresql") and DATABASES["default"]["ENGINE"].endswith("postgresql")):
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: replica {_number} is {_replica['ENGINE'].rpartition('.')[2]} and "
            f"DATABASE_URL is {DATABASES['default']['ENGINE'].rpartition('.')[2]}: replicas are PostgreSQL "
            "streaming replicas of a PostgreSQL primary (postgres://user:password@host:port/name each).")
    DATABASES[f"replica_{_number}"] = {**_replica, "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["archive.serving.replicas.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ar"
# English for researchers who do not read Arabic: a cookie, not a URL prefix, so every
# address (canonical links, feeds, the sitemap) is the same in both (archive/language/).
LANGUAGES = [("ar", "العربية"), ("en", "English")]
# The catalogs (archive/locale/<lang>/LC_MESSAGES/django.po): named here so that makemessages
# writes the strings of templates/ there too. Compiled .mo files are committed: no gettext needed to run.
LOCALE_PATHS = [BASE_DIR / "archive" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Damascus")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Lead images uploaded in the admin (archive/pages/images.py), served by the archive itself (archive/urls.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Dates in the admin as Arabic readers write them, «10 مايو 2017، 12:00», not «مايو 10, 2017، ظهراً».
FORMAT_MODULE_PATH = ["archive.formats"]

# The search engine (archive/search/engine/): "whoosh", an index folder on this
# machine (the default), or "postgres", full-text search in the archive's own
# PostgreSQL database (DATABASE_URL must then be postgres://…).
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "whoosh").strip().lower() or "whoosh"
SEARCH_ENGINES = {
    "whoosh": {
        "ENGINE": "archive.search.engine.whoosh_backend.ArabicWhooshEngine",
        "PATH": os.environ.get("SEARCH_INDEX_PATH", str(VAR_DIR / "whoosh_index")),
    },
    "postgres": {
        "ENGINE": "archive.search.engine.postgres_backend.PostgresSearchEngine",
        "DATABASE": "default",
        "STATEMENT_TIMEOUT_MS": int(os.environ.get("SEARCH_STATEMENT_TIMEOUT_MS", "5000")),
        # Matches counted exactly up to this many, then "more than"; unset: 10,000, fewer in an archive of more
        # than 100,000 articles (postgres_backend.counted_matches).
        "TRACK_TOTAL_HITS": int(os.environ["SEARCH_TRACK_TOTAL_HITS"]) if os.environ.get("SEARCH_TRACK_TOTAL_HITS")
        else None,
    },
}
if SEARCH_ENGINE not in SEARCH_ENGINES:
    raise ImproperlyConfigured(f"SEARCH_ENGINE={SEARCH_ENGINE!r}: use one of {', '.join(SEARCH_ENGINES)}.")
if SEARCH_ENGINE == "postgres" and not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured(
        "SEARCH_ENGINE=postgres searches the archive's own database: "
        "set DATABASE_URL=postgres://user:password@host/name "
        "(or leave SEARCH_ENGINE unset for the embedded Whoosh index)."
    )
HAYSTACK_CONNECTIONS = {"default": SEARCH_ENGINES[SEARCH_ENGINE]}


def cache_from_url(url):
    """A CACHES entry from ``locmem://``, ``redis://host:6379/0`` or ``memcached://host:11211``."""
    scheme, _, location = url.partition("://")
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "redis": "django.core.cache.backends.redis.RedisCache",
        "rediss": "django.core.cache.backends.redis.RedisCache",
        "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"SEARCH_CACHE_URL: unknown cache {url!r}; use one of {', '.join(backends)}://")
    location = url if scheme.startswith("redis") else location
    return {"BACKEND": backends[scheme], "LOCATION": location, "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000} if scheme == "locmem" else {}}


# Search results by request and index generation (archive.search.engine): a
# process's own memory by default; Redis or memcached shared by several workers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "search": cache_from_url(os.environ.get("SEARCH_CACHE_URL", "locmem://search")),
}

HAYSTACK_SIGNAL_PROCESSOR = "archive.search.engine.signals.ArchiveSignalProcessor"

ARCHIVE_PAGE_SIZE = 20
# The archive's name: page titles and headers (archive.pages.context_processors), feeds, the admin, charts;
# gettext_noop keeps it in the catalogs, where the English pages find its translation.
# The plain error pages (templates/plain.html) write it out: they render without context, so that they
# cannot fail in turn.
ARCHIVE_SITE_NAME = gettext_noop("أرشيف الأخبار العربية")
# What a browser's list of search engines shows (OpenSearch's ShortName: at most 16 characters).
ARCHIVE_SITE_SHORT_NAME = gettext_noop("أرشيف الأخبار")

# The expensive views (search, exports, search feeds, API search, timeline images) run at most this
# many at a time per client address, across every worker (archive/serving/fair_share.py: file locks here).
CLIENT_CONCURRENT_REQUESTS = int(os.environ.get("CLIENT_CONCURRENT_REQUESTS", "1"))
CLIENT_SLOTS_DIR = VAR_DIR / "slots"

# The admin's uploads (archive/importing/limits.py, jobs.py): what one file may make the archive
# read, and where an upload waits while its own process imports it (removed once it is done).
IMPORT_MAX_UPLOAD_MB = int(os.environ.get("IMPORT_MAX_UPLOAD_MB", "100"))
IMPORT_MAX_MB = int(os.environ.get("IMPORT_MAX_MB", "500"))
IMPORT_MAX_RECORDS = int(os.environ.get("IMPORT_MAX_RECORDS", "50000"))
IMPORT_MAX_RECORD_KB = int(os.environ.get("IMPORT_MAX_RECORD_KB", "2048"))
IMPORT_MAX_WHOLE_FILE_MB = int(os.environ.get("IMPORT_MAX_WHOLE_FILE_MB", "20"))
IMPORT_JOBS_DIR = VAR_DIR / "imports"
# Uploads past 2.5 MB are spooled to disk: beside the jobs' folders (created by archive/apps.py), not /tmp,
# so that one left by a killed worker is found and removed (archive.importing.jobs.reap).
FILE_UPLOAD_TEMP_DIR = IMPORT_JOBS_DIR / "incoming"

LOGIN_URL = "admin:login"

# Serve static files straight from static/ too, so the dev server and a
# fresh clone work without collectstatic.
WHITENOISE_USE_FINDERS = True

# Only articles are indexed: no "django_ct" narrowing (it costs a second searcher per query).
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

# Errors with tracebacks to standard error (gunicorn's log), a request id on
# every line; LOG_LEVEL, LOG_FILE, LOG_FORMAT, LOG_SYSLOG: archive/logs/config.py.
try:
    LOGGING = logging_config(VAR_DIR)
except LoggingSettingError as error:
    raise ImproperlyConfigured(str(error)) from error

# Deployment behind HTTPS, from the environment (README, "Run it for real");
# all off by default for a laptop. HTTPS=1 turns on the redirect, secure
# cookies and a year of HSTS; each can still be set on its own.
HTTPS = env_flag("HTTPS")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_flag("SECURE_COOKIES", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or (31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
# Behind a proxy that terminates TLS: the header it sets, "X-Forwarded-Proto" (or 1 for that one);
# only when the proxy always sets or strips it, or a client could claim HTTPS.
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header.lower() in {"1", "true", "yes", "on"}:
    _proxy_header = "X-Forwarded-Proto"
if _proxy_header and _proxy_header.lower() not in {"0", "false", "no", "off"}:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# How many reverse proxies stand in front of the site, each appending to X-Forwarded-For: rate limits
# and the login lockout then count the client, not the proxy (archive/security/client.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]

# Scripts and styles from static/ only; the plain error pages' own <style> by its hash (archive/security/csp.py).
CONTENT_SECURITY_POLICY = csp.policy(csp.inline_style_hashes(BASE_DIR / "templates" / "plain.html"),
                                     upgrade_insecure_requests=SECURE_SSL_REDIRECT)

# The admin's login (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is refused for LOGIN_COOLOFF_MINUTES,
# the right password too; the page says so in Arabic (archive/security/lockout.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "archive.security.client.client_address"
AXES_VERBOSE = False  # no banner at every start; failures and lockouts are still logged
