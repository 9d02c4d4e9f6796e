"""Luoshi's settings, all from the environment (see .env.example), with safe defaults for local use.

Local use needs nothing set: SQLite in var/, DEBUG on. Production is DEBUG=false, which demands a real
SECRET_KEY and ALLOWED_HOSTS and turns on the secure-cookie/HTTPS settings that `check --deploy` wants.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "luoshi-local-development-only-never-in-production"
# Keys published with the code: whoever reads them could sign sessions and tokens for this site.
PUBLISHED_SECRET_KEYS = {DEV_SECRET_KEY, "change-me-to-a-long-random-string"}  # the second is .env.example's


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY in PUBLISHED_SECRET_KEYS:
    raise ImproperlyConfigured(
        "DEBUG is off (production) but SECRET_KEY is empty, the development default or the placeholder of "
        ".env.example: set SECRET_KEY to a long random string "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DEBUG is off (production): set ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "import_export",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'luoshi.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock rather than fail at once when two ingests overlap.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL chooses it from the cost estimates of million-row tables, and compiling took
    # 250-750 ms of queries that run in tens of ms once they stop at a page or a LIMIT (370 ms of a dashboard's
    # 440 ms query; minutes for a bulk UPDATE's CASE, issue 15). The app's queries are short; none gains from it.
    # Random reads costed as what they are here, pages in memory (or on SSD), not PostgreSQL's default of 4
    # sequential reads: at 4 the planner joined a body's few thousand measures to every time frame by a parallel
    # seq scan of 780,000 rows (280 ms) rather than 1,647 look-ups in an index (37-48 ms).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c random_page_cost=1.1")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MIGRATION_MODULES = {"tracker": "migrations"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
if not DEBUG:  # after `collectstatic` (make serve): compressed files with hashed names, cached for ever
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")  # static files from the app server itself
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
MEDIA_ROOT = BASE_DIR / "var" / "media"
# A request's body besides its files (files go to a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# What the admin accepts (tracker.import_limits): a document file, and a spreadsheet's rows and unpacked size.
DOCUMENT_UPLOAD_MAX_BYTES = int(os.environ.get("DOCUMENT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 100_000))
IMPORT_XLSX_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_XLSX_MAX_UNPACKED_BYTES", 100 * 1024 * 1024))

LOGIN_URL = "admin:login"
# Where people reach this site, for links that leave it: e-mails (unset: the local address) and exports
# (unset: the address a download came to; `export_measures` then writes relative links).
SITE_URL = os.environ.get("SITE_URL", "")
# Digests of watches go through Django's e-mail; the console backend prints them, so no mail server is needed.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luoshi@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")  # for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Background work (tracker/tasks.py: uploads, re-linking, digests). `database`: queued in the database and run by
# `make worker` (manage.py db_worker), production's default; `immediate`: run at once in the process that
# enqueues it, the embedded default's, where nobody has started a worker.
TASK_BACKENDS = {"immediate": "django_tasks.backends.immediate.ImmediateBackend",
                 "database": "django_tasks_db.DatabaseBackend"}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip() or ("immediate" if DEBUG else "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# Dashboards ask for a login unless this is set (e.g. for a public read-only deployment).
DASHBOARDS_PUBLIC = env_bool("DASHBOARDS_PUBLIC", False)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The read-only JSON API (tracker/api/) and its OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # token first: an anonymous request then gets 401 with `WWW-Authenticate: Token`, not a bare 403
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # a login, then a role (tracker.access): an account in no group reads nothing
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "tracker.access.CanRead"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.LuoshiAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,  # quantities are numbers in JSON
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Luoshi 落实 API",
    "DESCRIPTION": "Read-only access to policy documents, their measures, responsible bodies and status history.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # the UI's files come from the drf-spectacular-sidecar package, not a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"StatusEnum": "tracker.choices.Status"},
}
