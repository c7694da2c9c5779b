"""Django settings, read from the environment. Bad or unsafe values stop the start loudly."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
# The checkout this package runs from (src/jiandu → the directory holding pyproject.toml), if any.
PROJECT_ROOT = BASE_DIR.parent.parent


def envbool(name: str, default: bool) -> bool:
    """A yes/no setting: exactly 1, 0, true or false (any case); anything else stops the start."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true"}:
        return True
    if value in {"0", "false"}:
        return False
    raise ImproperlyConfigured(f"环境变量 {name} 只能是 1、0、true 或 false，当前为 {raw!r}。")


def var_dir() -> Path:
    """Where the database file, secret key, uploads and index live: JIANDU_VAR_DIR, else <project>/var.

    Never the current directory: running a command from another folder must not silently start a new
    database and a new secret key.
    """
    configured = os.environ.get("JIANDU_VAR_DIR", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "var"
    raise ImproperlyConfigured(
        "未找到项目目录：安装为软件包运行时，请用环境变量 JIANDU_VAR_DIR 指定数据目录（数据库、密钥、上传文件）。"  # noqa: E501 (full-width text)
    )


VAR_DIR = var_dir()

ENVIRONMENT = os.environ.get("JIANDU_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"JIANDU_ENV 只能是 development、production 或 test，当前为 {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = envbool("JIANDU_DEBUG", False)
INSECURE_KEY_PREFIX = "jiandu-insecure-"


def _secret_key() -> str:
    key = os.environ.get("JIANDU_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        return ""
    # Development and the demo keep a random key in var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = INSECURE_KEY_PREFIX + secrets.token_urlsafe(40)
    path.write_text(key)
    return key


SECRET_KEY = _secret_key()

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("生产环境不得开启 DEBUG：请删除环境变量 JIANDU_DEBUG。")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(INSECURE_KEY_PREFIX):
        raise ImproperlyConfigured(
            "生产环境必须通过 JIANDU_SECRET_KEY 设置至少 50 个字符的随机密钥，不得使用默认或开发密钥。"
        )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("JIANDU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "csp",
    "django_htmx",
    "jiandu.org",
    "jiandu.audit",
    "jiandu.cases",
    "jiandu.clues",
    "jiandu.prevention",
    "jiandu.rectify",
    "jiandu.inspections",
    "jiandu.reviews",
    "jiandu.discretion",
    "jiandu.library",
    "jiandu.reports",
    "jiandu.analysis",
    "jiandu.service",
    "jiandu.oversight",
    "jiandu.public",
    "jiandu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jiandu.ops.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiandu.urls"
WSGI_APPLICATION = "jiandu.wsgi.application"

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
                "jiandu.web.context.navigation",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'jiandu.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# Persistent connections (one per server thread), checked before reuse: a page view does not pay for
# a new PostgreSQL connection. JIANDU_DB_CONN_MAX_AGE seconds, 0 to close after every request.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("JIANDU_DB_CONN_MAX_AGE", "0" if ENVIRONMENT == "test" else "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "jiandu.org.logins.LoginDelayBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jiandu.org.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lockout: five failed logins for one account from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("JIANDU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("JIANDU_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Failed logins slow down the pair (account, address) with a doubling wait instead of locking (org/logins.py);
# axes keeps the record of attempts. The client address comes from a trusted proxy only (org/clientip.py).
AXES_LOCK_OUT_AT_FAILURE = False
AXES_CLIENT_IP_CALLABLE = "jiandu.org.clientip.client_ip"
JIANDU_LOGIN_DELAY_SECONDS = int(os.environ.get("JIANDU_LOGIN_DELAY_SECONDS", "30"))
JIANDU_LOGIN_ACCOUNT_LIMIT = int(os.environ.get("JIANDU_LOGIN_ACCOUNT_LIMIT", "50"))
JIANDU_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("JIANDU_TRUSTED_PROXIES", "").split(",")]
JIANDU_TRUSTED_PROXIES = [p for p in JIANDU_TRUSTED_PROXIES if p]
JIANDU_PROXY_COUNT = int(os.environ.get("JIANDU_PROXY_COUNT", "0"))
JIANDU_CLIENT_IP_HEADER = os.environ.get("JIANDU_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
try:
    _TRUSTED_NETWORKS = [ipaddress.ip_network(p, strict=False) for p in JIANDU_TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"JIANDU_TRUSTED_PROXIES 含无效地址：{error}") from error

# Sessions end after 30 minutes without activity and when the browser closes. The session is saved
# again at most once a minute (jiandu.ops.middleware.SessionRefreshMiddleware), not on every request:
# an idle session ends 29 to 30 minutes after the last request.
SESSION_COOKIE_AGE = int(os.environ.get("JIANDU_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False
JIANDU_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = envbool("JIANDU_HTTPS", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
    CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JIANDU_TRUSTED_ORIGINS", "").split(",") if o]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# WhiteNoise answers static files before the clickjacking and CSP middleware: it adds their headers itself.
STATIC_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
}


def add_static_headers(headers: Any, path: str, url: str) -> None:
    for name, value in STATIC_SECURITY_HEADERS.items():
        headers[name] = value


WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers
MEDIA_ROOT = VAR_DIR / "media"

# Optional per-year holiday tables staff maintain beyond what chinese-calendar ships.
HOLIDAY_TABLE_DIR = Path(os.environ.get("JIANDU_HOLIDAY_DIR", VAR_DIR / "holidays"))
# Full-text index of the case library (jiandu index rebuild); tests keep theirs apart from the dev index.
SEARCH_INDEX_DIR = Path(
    os.environ.get("JIANDU_INDEX_DIR", VAR_DIR / ("index-test" if ENVIRONMENT == "test" else "index"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JIANDU_LOG_LEVEL", "WARNING")},
}

# --- Production services: Redis cache and rate limits, background tasks, request ids -----------------
# Without REDIS_URL (the demo, a laptop) the cache is per process and tasks run in-process, immediately.
# With REDIS_URL (production, CI's service tests) the cache, the rate limits and the sessions' cache are
# shared by every web process, and tasks go to an RQ queue that `jiandu worker` drains.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("JIANDU_CACHE_PREFIX", "jiandu"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jiandu"}}

TASK_QUEUE = os.environ.get("JIANDU_TASK_QUEUE", "rq" if REDIS_URL else "immediate")
if TASK_QUEUE not in {"rq", "immediate"}:
    raise ImproperlyConfigured(f"JIANDU_TASK_QUEUE 只能是 rq 或 immediate，当前为 {TASK_QUEUE!r}")
if TASK_QUEUE == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("JIANDU_TASK_QUEUE=rq 需要同时设置 REDIS_URL。")
INSTALLED_APPS += ["django_tasks"]
if TASK_QUEUE == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
INSTALLED_APPS += ["jiandu.figures", "jiandu.ops"]
JIANDU_FIGURES_MAX_AGE = int(os.environ.get("JIANDU_FIGURES_MAX_AGE", "300"))
JIANDU_DASHBOARD_CACHE_SECONDS = int(
    os.environ.get("JIANDU_DASHBOARD_CACHE_SECONDS", "0" if ENVIRONMENT == "test" else "60")
)
# 我的待办 cached until the next write (web/todocache.py); only with a cache every process shares.
JIANDU_TODO_CACHE_SECONDS = int(
    os.environ.get("JIANDU_TODO_CACHE_SECONDS", "60" if REDIS_URL and ENVIRONMENT != "test" else "0")
)
MIDDLEWARE.insert(0, "jiandu.ops.middleware.RequestIdMiddleware")
# JSON errors for /api/ and the input checks (control characters, JSON depth, NaN): docs/hardening.md
MIDDLEWARE.insert(1, "jiandu.ops.hardening.ApiJsonMiddleware")
MIDDLEWARE.insert(2, "jiandu.ops.hardening.InputMiddleware")

LOG_FORMAT = os.environ.get("JIANDU_LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING["formatters"] = {
    "json": {"()": "jiandu.ops.logs.JsonFormatter"},
    "text": {"format": "%(levelname)s %(name)s %(message)s"},
}
LOGGING["filters"] = {"request_id": {"()": "jiandu.ops.logs.RequestIdFilter"}}
LOGGING["handlers"] = {
    "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
}
