"""Settings for Hòa Nhập: one module, every value read from the environment.

`DJANGO_ENV` is `local` (default), `test` or `production`. Production fails fast when a secret
is missing or the SECRET_KEY is weak. The table of variables is in README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DJANGO_ENV = env.str("DJANGO_ENV", default="local")
PRODUCTION = DJANGO_ENV == "production"

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"


def weak_secret_key(key: str) -> str:
    """Why a key is too weak for production ("" when it is not): Django's own criteria of
    security.W009 (at least 50 characters, 5 different ones, not "django-insecure-…"), and not
    the development key."""
    if key == DEV_SECRET_KEY:
        return "it is the development key"
    if len(key) < 50:
        return "it has fewer than 50 characters"
    if len(set(key)) < 5:
        return "it has fewer than 5 different characters"
    if key.startswith("django-insecure-"):
        return "it starts with django-insecure- (a key Django generated for development)"
    return ""


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: fail fast
    if weakness := weak_secret_key(SECRET_KEY):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production: {weakness}. Generate one with "
            '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)

DEBUG = env.bool("DEBUG", default=not PRODUCTION and DJANGO_ENV != "test")
if PRODUCTION:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # no default: fail fast
else:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "registry",
    "registry.documents",
    "policies",
    "cases",
    "cases.plans",
    "api",
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if PRODUCTION else []),  # runserver serves static in dev
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling and lockout
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "registry.context_processors.scope",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "registry:dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LOCALE_PATHS.append(str(BASE_DIR / "registry" / "documents" / "locale"))
LOCALE_PATHS.append(str(BASE_DIR / "registry" / "imports" / "locale"))
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media-protected/"  # never served directly: attachments go through scoped views
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "api.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (django-rest-knox): only a hash is stored; a token lapses after API_TOKEN_IDLE_HOURS
# without use (each use moves its expiry on, written at most once a minute) and never lives past
# API_TOKEN_MAX_DAYS after it was issued. A password change or deactivation refuses it at once
# (api.authentication.ApiTokenAuthentication, like a session); `registry.purge_api_tokens` deletes
# the rows that can no longer be used.
KNOX_TOKEN_MODEL = "registry.ApiToken"
# knox's own migrations create its token table even when the model is swapped out: an empty table
# whose foreign key to users stops PostgreSQL from emptying the users table (flush). Without its
# migrations knox creates no table at all.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(hours=env.float("API_TOKEN_IDLE_HOURS", default=8)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=env.float("API_TOKEN_MAX_DAYS", default=30)),
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",  # the header clients already send: `Authorization: Token <token>`
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hòa Nhập API",
    "DESCRIPTION": "Disability registry and support for a Vietnamese province.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",  # assets from the drf-spectacular-sidecar package, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {  # one name per choice set shared by several fields
        "DisabilityLevelEnum": "registry.models.persons.DisabilityLevel",
        "UnitLevelEnum": "registry.models.units.UnitLevel",
        "WashingtonGroupAnswerEnum": "registry.models.persons.WG_ANSWERS",
        "PolicyKindEnum": "policies.models.catalogue.PolicyKind",
        "DecisionKindEnum": "policies.models.decisions.DecisionKind",
        "PayrollLineKindEnum": "policies.models.payroll.LineKind",
        "DomainEnum": "policies.models.catalogue.Domain",
        "CaseStatusEnum": "cases.models.choices.Status",
        **{
            f"{name}Enum": f"cases.models.choices.{name}"
            for name in ("CaseKind", "Domain", "EventKind", "FundingSource", "Outcome", "ProviderKind", "ReferralStatus")
        },
    },
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not PRODUCTION)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic work for `celery -A config beat` (docs/deploy.md): plan summaries whose data changed,
# and the due dates of open cases (after calendar or duration corrections).
CELERY_BEAT_SCHEDULE = {
    "refresh-stale-plan-summaries": {
        "task": "cases.plans.tasks.refresh_stale_summaries",
        "schedule": env.int("SUMMARY_REFRESH_SECONDS", default=15 * 60),
    },
    "recompute-case-due-dates": {"task": "cases.recompute_due_dates", "schedule": 24 * 60 * 60},
    # Duplicate detection over every province (registry.duplicates): nightly, at the hour given.
    "find-duplicates-nightly": {
        "task": "registry.find_duplicates",
        "schedule": crontab(hour=env.int("DUPLICATES_NIGHTLY_HOUR", default=1), minute=30),
    },
    "purge-api-tokens": {"task": "registry.purge_api_tokens", "schedule": 60 * 60},
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# ID numbers found registered outside a commune officer's area that one account may be told of
# per hour (registration, edits, person import); past it, ID numbers are not checked again until
# the next hour (registry/disclosure.py). Counted in the cache: Redis in production.
ID_CHECKS_PER_HOUR = env.int("ID_CHECKS_PER_HOUR", default=20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Duplicate detection (registry.duplicates, docs/adr/duplicate-detection.md). A pair at or above
# the review threshold is proposed in the queue and shown at registration; at or above the high
# threshold it holds a payroll (a match probability, 0–1). A register of at least
# DUPLICATES_MIN_TRAINING_PERSONS persons trains its own model on each run (smaller ones use the
# last trained model or the shipped default); a person import writing at least
# DUPLICATES_AFTER_IMPORT_ROWS rows queues a run for its province; DuckDB spills to disk past
# DUPLICATES_MEMORY_LIMIT.
DUPLICATES_REVIEW_THRESHOLD = env.float("DUPLICATES_REVIEW_THRESHOLD", default=0.05)
DUPLICATES_HIGH_THRESHOLD = env.float("DUPLICATES_HIGH_THRESHOLD", default=0.95)
DUPLICATES_MIN_TRAINING_PERSONS = env.int("DUPLICATES_MIN_TRAINING_PERSONS", default=5000)
# A larger register trains on a random sample of this many persons (its term frequencies on all).
DUPLICATES_TRAINING_SAMPLE = env.int("DUPLICATES_TRAINING_SAMPLE", default=200_000)
DUPLICATES_AFTER_IMPORT_ROWS = env.int("DUPLICATES_AFTER_IMPORT_ROWS", default=1000)
DUPLICATES_MEMORY_LIMIT = env.str("DUPLICATES_MEMORY_LIMIT", default="1GB")

# Uploads (registry.uploads: one mechanism for every upload path). Django keeps request fields in
# memory up to DATA_UPLOAD_MAX_MEMORY_SIZE and an uploaded file up to FILE_UPLOAD_MAX_MEMORY_SIZE
# (larger ones go to a temporary file); the bounded handler stops storing a file past
# HOANHAP_UPLOAD_MAX_BYTES. Spreadsheets are bounded before they are parsed: inflated size, rows,
# columns; an import whose content passes HOANHAP_IMPORT_BACKGROUND_BYTES is read by the worker only.
HOANHAP_UPLOAD_MAX_BYTES = env.int("HOANHAP_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
HOANHAP_UPLOAD_MAX_ROWS = env.int("HOANHAP_UPLOAD_MAX_ROWS", default=200_000)
HOANHAP_UPLOAD_MAX_UNZIPPED_BYTES = env.int("HOANHAP_UPLOAD_MAX_UNZIPPED_BYTES", default=300 * 1024 * 1024)
HOANHAP_IMPORT_BACKGROUND_BYTES = env.int("HOANHAP_IMPORT_BACKGROUND_BYTES", default=4 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of form fields (files excluded): Django's default, said
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # every form takes one file
FILE_UPLOAD_HANDLERS = [
    "registry.uploads.handlers.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# DHIS2 that receives the plans' signed-off figures (cases.plans.interop): optional. Credentials
# are a personal access token, or a username and password; only https (or this machine).
DHIS2_URL = env.str("DHIS2_URL", default="")
DHIS2_USERNAME = env.str("DHIS2_USERNAME", default="")
DHIS2_PASSWORD = env.str("DHIS2_PASSWORD", default="")
DHIS2_TOKEN = env.str("DHIS2_TOKEN", default="")
DHIS2_TIMEOUT_SECONDS = env.float("DHIS2_TIMEOUT_SECONDS", default=30.0)
DHIS2_PUSH_MAX_RETRIES = env.int("DHIS2_PUSH_MAX_RETRIES", default=5)
DHIS2_RETRY_BASE_SECONDS = env.int("DHIS2_RETRY_BASE_SECONDS", default=60)

# The province this installation serves (statistics-office code); used for defaults and demo.
HOANHAP_PROVINCE_CODE = env.str("HOANHAP_PROVINCE_CODE", default="48")

# Login throttling (django-axes): 5 failures per username + IP lock for 30 minutes. Off in the
# test settings except where a test turns it on (Client.login() passes no request to the backend).
AXES_ENABLED = env.bool("AXES_ENABLED", default=DJANGO_ENV != "test")
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1 if PRODUCTION else 0)

# Content Security Policy (django-csp): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Extension points that keep dependencies one way (registry never imports cases or policies):
# panels shown on the person page, each a dotted callable (request, person) -> dict | None with
# keys "title", "template", "context"; and demo seeders called by `seed_demo` after the register,
# each a dotted callable (*, rng, persons, users, today, stdout) -> None.
PERSON_PAGE_PANELS: list[str] = [
    "registry.documents.panels.person_documents",
    "policies.panels.person_panel",
    "cases.panels.person_cases",
]
# Called by registry.services.person_move inside its transaction, each (*, actor, person) -> Any:
# rows of other apps that follow a person's commune.
PERSON_MOVE_HANDLERS: list[str] = ["cases.services.moves.cases_follow_person"]
# Order matters: the register first (seed_demo), then policies, cases, and plans last.
DEMO_SEEDERS: list[str] = [
    "policies.demo.seed",
    "cases.demo.seed",
    "cases.plans.demo.seed",
]

# Documents (registry.documents): sections other apps add to the person profile PDF, each a dotted
# callable (*, viewer, person) -> dict | None (keys "title" and either "template" + "context" or
# "columns" + "rows"); the public address printed in QR codes when no request is at hand (batches).
PERSON_PROFILE_SECTIONS: list[str] = [
    "policies.profile.entitlements_section",
    "policies.profile.decisions_section",
    "cases.documents.cases_section",
]
# Kinds of document batch (one PDF rendered in the background), each a dotted path to a kind
# provider (registry.documents.kinds.BatchKindProvider) owned by its app.
DOCUMENT_BATCH_KINDS: list[str] = [
    "registry.documents.certificate_batch.CERTIFICATES",
    "policies.batches.DECISIONS",
    "cases.plans.report_batch.PLAN_REPORT",
]
HOANHAP_PUBLIC_URL = env.str("HOANHAP_PUBLIC_URL", default="")
# Kinds of import job (registry.imports.jobs): ImportJob.kind → dotted path to the kind's
# registry.imports.kinds.ImportKind, owned by its app (run, permission, reading, page words).
IMPORT_JOB_KINDS: dict[str, str] = {"persons": "registry.imports.kinds.PERSONS", "cases": "cases.imports.JOB_KIND"}
