"""Nianbao settings: one module, every deployment choice read from the environment.

The README lists the variables. Development defaults keep `make run` working on a fresh machine;
production must set SECRET_KEY (refused otherwise when DEBUG is off).
"""

import datetime
import importlib.util
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def s3_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The STORAGES entry for an S3-compatible object store named by AWS_* variables."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": environ.get("AWS_LOCATION", ""),
            # Most private clouds' object stores want path-style addresses and SigV4.
            "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            # A stored report is never overwritten and never public.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_expire": 60,
        },
    }


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Without a key, tools that sign nothing (checkreport, similarity, compilemessages) still run;
# the web server refuses to start (config/wsgi.py) and `check` reports it (reports/checks.py).
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = (
        "dev-only-insecure-key-do-not-use-in-production" if DEBUG else get_random_secret_key()
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "reports.lockouts.LoginLockoutsConfig",
    "csp",
    "reports",
    "reviews",
]


def in_checkout(package: str) -> bool:
    """Whether `package` is importable from this source tree, not from an installed library."""
    spec = importlib.util.find_spec(package)
    origin = spec.origin if spec else None
    return origin is not None and Path(origin).resolve().is_relative_to(BASE_DIR)


# The load generator (`manage.py generate_load`) lives with the benchmarks, which a development
# checkout has and the production image does not copy.
if in_checkout("benchmarks"):
    INSTALLED_APPS.append("benchmarks")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.IdleSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PrivateResponseMiddleware",
    # Last, as its documentation asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reports.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # The pages' queries are short. PostgreSQL compiles a query to machine code once its cost
    # estimate passes jit_above_cost, and a misestimated one (a province's dashboard searched by
    # name and alias) spent 15 ms of its 24 compiling.
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # Parameters sent apart from the query text, as values the server never parses as SQL: no
    # quoting on our side, and a province's dashboard spent some 70 ms of the database's time
    # per request where literals in the text took 80. (Django leaves prepared statements off.)
    _options.setdefault("server_side_binding", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "reports.User"
# Axes first: it refuses a locked-out login before any password is hashed.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "reports.backends.RoleBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded reports are private: they are served only through a view that checks access, so
# MEDIA_ROOT lies outside anything the web server exposes and there is no public MEDIA_URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# The socket of the kept LibreOffice (`manage.py runconverter`) that turns .doc/.wps/.odt into
# .docx; where none listens, each such file starts a LibreOffice of its own. Empty: never ask.
CONVERTER_SOCKET = os.environ.get("CONVERTER_SOCKET", str(BASE_DIR / "var" / "converter.sock"))
# The Python that has LibreOffice's uno module (Debian: python3-uno for the system python3).
CONVERTER_PYTHON = os.environ.get("CONVERTER_PYTHON", "/usr/bin/python3")
# "filesystem" keeps uploads under MEDIA_ROOT (one machine, or a shared volume); "s3" keeps them
# in an S3-compatible object store, which several machines can share.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower()
if STORAGE_BACKEND == "filesystem":
    _uploads = {
        "BACKEND": "reports.storage.ReportFileStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
elif STORAGE_BACKEND == "s3":
    _uploads = s3_storage(os.environ)
else:
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND must be 'filesystem' or 's3', not {STORAGE_BACKEND!r}."
    )
STORAGES = {
    "default": _uploads,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# A shared cache when REDIS_URL is set (several machines); otherwise each process keeps its own.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "nianbao"),
        }
    }
    # Sessions read from the shared cache, written through to the database: a Redis restart
    # signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each uploaded file is read in a child process with these limits (reports/parsing/isolation.py);
# a file that needs more is refused with a message. Off only to debug the parsers in-process.
PARSE_IN_CHILD = env_bool("PARSE_IN_CHILD", True)
PARSE_MEMORY_LIMIT_MB = env_int("PARSE_MEMORY_LIMIT_MB", 512)
PARSE_CPU_SECONDS = env_int("PARSE_CPU_SECONDS", 30)
PARSE_TIMEOUT_SECONDS = env_int("PARSE_TIMEOUT_SECONDS", 60)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_NUMBER_FILES = 5

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Transport and headers. Every setting `check --deploy` names is read under its own name.
# HTTPS-only settings are off by default, because many county intranets serve plain HTTP; a
# deployment behind TLS turns them on (the README lists them).
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
# How many proxies add themselves to X-Forwarded-For: the client address for login throttling
# is read that many entries from the right, where no client can forge it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_HTTPS_PROXY else 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# Only in effect once SECURE_HSTS_SECONDS is set.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
_https = SECURE_SSL_REDIRECT or BEHIND_HTTPS_PROXY
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", env_bool("SECURE_COOKIES", _https))
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get(
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin"
)
X_FRAME_OPTIONS = "DENY"
# No script or style in the page itself: everything comes from our own static files.
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
        # Violations are logged (config/views.py), so a page that breaks the policy is seen.
        "report-uri": ["/csp-report/"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Sessions: signed out after SESSION_IDLE_TIMEOUT_MINUTES without a request, and at the
# latest SESSION_COOKIE_AGE after signing in; by default also when the browser closes.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# --- Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user
# from one address, that pair is locked for LOGIN_LOCKOUT_MINUTES. The attempts live in the
# database, so the lock holds across workers and machines; the admin lists and lifts them.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# User AND address: locking a user from everywhere would let anyone lock a reviewer out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "reports.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "reports.security.client_ip"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Axes logs every sign-in at INFO; its warnings (a lockout) are what an administrator needs.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Mail: notices and reminders. The console by default (`make run` prints them); a county's
# mail relay when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nianbao@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An invitation (or a reset) link to set a password works this long, and only once.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_DAYS", 7) * 24 * 60 * 60
# Links in e-mails point here: the address users open Nianbao at.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Publication check: off unless an administrator turns it on. The server then fetches the
# address an agency gives and compares what is there with the accepted report. It never
# fetches private addresses, except those of PUBLICATION_CHECK_NETWORKS (an intranet portal).
PUBLICATION_CHECK = env_bool("PUBLICATION_CHECK")
PUBLICATION_CHECK_NETWORKS = env_list("PUBLICATION_CHECK_NETWORKS")
PUBLICATION_CHECK_MAX_MB = env_int("PUBLICATION_CHECK_MAX_MB", 5)
PUBLICATION_CHECK_TIMEOUT = env_int("PUBLICATION_CHECK_TIMEOUT", 10)

# Shown in the page header; a county may set its own office name.
SITE_TITLE = os.environ.get("SITE_TITLE", "") or _("Rule-of-law government annual reports")
