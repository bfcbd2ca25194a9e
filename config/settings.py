"""Profinfo settings: one module, driven by environment variables.

Every setting has an embedded default that needs no server (SQLite, files
under ``var/``, a Celery broker on the file system, e-mail to the console),
so a fresh clone runs with ``make run``. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and the e-mail variables.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
# The one git-ignored folder that holds everything the embedded default writes.
VAR_DIR = Path(os.environ.get("PROFINFO_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# A value outside these stops the start: a typo such as DEBUG=flase must not
# quietly read as False (or SECURE_SSL_REDIRECT=ture as off).
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    accepted = ", ".join(f"{yes}/{no}" for yes, no in zip(TRUE_WORDS, FALSE_WORDS, strict=True))
    raise ImproperlyConfigured(f"{name}={value!r}: expected one of {accepted} (any case).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for the embedded default; never used with DEBUG off.
    SECRET_KEY = "django-insecure-profinfo-embedded-default-key-for-development-only"  # noqa: S105


def site_url_from(host: str, port: str) -> str:
    """The portal's address when SITE_URL is not set: where `make run` serves
    (its HOST and PORT). A server listening on every interface is reached by
    the machine's own network address, which a phone scanning a QR code can use.
    """
    host = host.strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):  # noqa: S104  (read, not bound)
        import socket

        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                # No packet is sent: connecting a UDP socket only picks the route.
                probe.connect(("10.255.255.255", 1))
                host = probe.getsockname()[0]
            except OSError:
                host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = port.strip() or "8000"
    return f"http://{host}" if port == "80" else f"http://{host}:{port}"


# The absolute address of the portal, used in e-mails, QR codes, posters and
# calendar feeds; without SITE_URL it follows HOST and PORT of `make run`.
SITE_URL = (
    env_str("SITE_URL") or site_url_from(env_str("HOST", "127.0.0.1"), env_str("PORT", "8000"))
).rstrip("/")
_SITE_HOST = urlsplit(SITE_URL).hostname or "127.0.0.1"
if ":" in _SITE_HOST:
    _SITE_HOST = f"[{_SITE_HOST}]"
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    ",".join(dict.fromkeys(["127.0.0.1", "localhost", "[::1]", _SITE_HOST])) if DEBUG else "",
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # `runserver` (make run) leaves static files to WhiteNoise, compressed as
    # in production, instead of serving them itself.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_prometheus",
    "portal",
    "branches",
    "contentplan",
    "materials",
    "bulletins",
    "questions",
    "brand",
    "channels",
    "publishing",
    "surveys",
    # Reach (issue 30): no models; adds the posts' reach to the plan's pages.
    "reach",
    "bot",
    "dashboards",
]

MIDDLEWARE = [
    # First and last: the request counts and latencies of /metrics.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "portal.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    # Pages (and, under runserver, static files) gzipped for browsers that ask;
    # before WhiteNoise, whose files collectstatic compressed already (Brotli
    # and gzip) and carry their Content-Encoding, which this one leaves alone.
    "portal.middleware.CompressionMiddleware",
    # WhiteNoise; under DEBUG (make run) it lets browsers keep the folders'
    # files, asked for by their content's digest, as production's collected ones.
    "portal.infrastructure.staticfiles.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
# An expired form says so, in words different from a refusal (templates/403.html).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'profinfo.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # Tests on SQLite use a file, so that a Celery worker process could see it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_profinfo.sqlite3")}
# The same backends, counting queries, errors and their time for /metrics.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends.", 1
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.infrastructure.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "profinfo",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "portal.infrastructure.cache.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Django's 300 would cull the cache's versions (portal.freshness
            # keeps one per region and kind of data) along with its entries.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# --- Files ----------------------------------------------------------------

STATIC_URL = "/static/"
# In development (and tests) static files come straight from the folders;
# in production from STATIC_ROOT, filled by collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# collectstatic writes a Brotli and a gzip copy of every text file, except
# the vendors' source maps (2 MB that only a developer's tools fetch) and the
# TrueType fonts the PDF writer reads on the server.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map", "ttf")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are served only by views that check who may read them: no
# URL pattern serves MEDIA_URL, and the web server must not either.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Addresses with the content's digest (?v=…), kept by browsers.
            "portal.infrastructure.staticfiles.VersionedStaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Backups (`manage.py backup`, nightly by the beat): a folder outside the web
# root and MEDIA_ROOT, and how many archives to keep there.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# A request body without its files may not exceed this; files themselves are
# bounded by each upload's own check (and should be by the proxy, see
# docs/operations.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger uploaded files are spooled to a temporary file, not kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No form takes more than ten files; a request with more is refused (400) by
# Django before any file is read into a photo.
DATA_UPLOAD_MAX_NUMBER_FILES = 12
FILE_UPLOAD_PERMISSIONS = 0o640
# Photos and library images are stored with a long side of at most this many
# pixels (portal/infrastructure/images.py); a larger JPEG is decoded at reduced scale.
PHOTO_MAX_SIDE = env_int("PHOTO_MAX_SIDE", 4096)

# --- People and security -----------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.backends.ScopedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

# Five wrong passwords for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "portal.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# …and this many wrong passwords in an hour from one address (an IPv6 /64),
# whichever accounts they were for, lock the address out of every account
# until the oldest of them is an hour old (portal/lockout.py); 0: no such lock.
# Twenty leave room for an office behind one address; spraying a few
# passwords over many accounts stops there.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "portal.lockout.AddressLockHandler"

# A session ends after this many minutes without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe these over plain HTTP, and Prometheus may scrape
# /metrics (with its token) straight from gunicorn on the loopback interface.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies append to X-Forwarded-For in front of the portal; the
# client's address is taken from there (portal.middleware.TrustedProxyMiddleware).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# No inline scripts anywhere, so scripts come from our own origin only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# The portal uses no camera, microphone, location, payment or device API:
# every powerful browser feature is off, for our pages and anything they embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# --- Language and time --------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Kazakh date and number formats (Django has none): portal/formats/kk/formats.py.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

# --- E-mail -------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Profinfo <noreply@profinfo.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = REDIS_URL or f"file://{VAR_DIR / 'celery' / 'results'}"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_IGNORE_RESULT = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task has a time limit: past the soft one it is stopped (it gets
# SoftTimeLimitExceeded, and whatever it runs, a pg_dump, is ended), a minute
# later the hard one kills it. The long ones have theirs.
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
_LONG_TASKS = {
    "channels.tasks.collect_all_task": 2 * 3600,  # in place (apply), every connected page
    "channels.tasks.collect_part_task": 2 * 3600,  # a part's pages, with their networks' waits
    "portal.tasks.backup_task": 2 * 3600,  # the database and every uploaded file
    "dashboards.tasks.generate_report_task": 30 * 60,
    "publishing.tasks.publish_due_task": 30 * 60,  # a backlog after an outage
}
CELERY_TASK_ANNOTATIONS = {
    name: {"soft_time_limit": limit, "time_limit": limit + 60}
    for name, limit in _LONG_TASKS.items()
}
if REDIS_URL:
    # Tasks are acknowledged when done (above), and Redis hands a task nobody
    # acknowledged to another worker after this many seconds (its default: an
    # hour). Above every task's hard time limit, so that a long collection is
    # never delivered twice while it runs; a task of a worker that died is
    # delivered again after it (the sweeps resend the urgent work sooner).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3 * 3600}
# Publishing has a queue of its own, so that a post due at 18:00 never waits
# behind a report or the night's collection: a worker started without -Q takes
# both queues (as before), and a `publisher` (`-Q publishing`, docker-compose
# and the units of docs/operations.md) takes only it.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {"celery": {}, "publishing": {}}
CELERY_TASK_ROUTES = {"publishing.tasks.*": {"queue": "publishing"}}
# Stopping a worker (Ctrl+C in `make run`, SIGQUIT from its trap) gives running
# tasks this many seconds to finish, then cancels them; a task acknowledged
# late is then not acknowledged, so the broker hands it out again on the next
# start: nothing is lost and the stop takes seconds, not minutes.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 5.0
# A worker that loses its broker cancels what it runs (it will be redelivered).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if REDIS_URL:
    # Exactly one beat: RedBeat keeps the schedule in Redis and runs only while
    # holding a lock there; another `celery beat` waits for the lock, and takes
    # over when the first one stops. config/beat.py's scheduler rides out a
    # Redis outage. Without Redis (the embedded default), the file above under
    # var/ and the one beat of `make run`.
    CELERY_BEAT_SCHEDULER = "config.beat.Scheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_KEY_PREFIX = "profinfo:redbeat:"
    # Beat looks at the schedule (and renews its lock) at least every 30 s; the
    # lock lapses 2.5 intervals (75 s) after its holder last renewed it.
    CELERY_BEAT_MAX_LOOP_INTERVAL = 30
# The schedule itself lives in config/celery.py, next to the app.
# /readyz fails when the beat's every-minute sweep has not run for this many
# minutes (0: not checked; the embedded default and the tests run no beat).
BEAT_STALE_MINUTES = env_int("BEAT_STALE_MINUTES", 0 if DEBUG else 10)

# --- Metrics ------------------------------------------------------------------

# /metrics answers only a request with `Authorization: Bearer <METRICS_TOKEN>`
# or from one of these addresses or networks (after TRUSTED_PROXY_COUNT);
# anyone else gets 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")

# --- Connected pages (app `channels`) ---------------------------------------------------

# The networks' addresses: tests and `manage.py channels_sandbox` point them at loopback.
GRAPH_API_URL = env_str("GRAPH_API_URL", "https://graph.facebook.com/v26.0").rstrip("/")
TELEGRAM_API_URL = env_str("TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
# A public channel's preview page (`/s/<channel>`), where its posts' views are read.
TELEGRAM_PREVIEW_URL = env_str("TELEGRAM_PREVIEW_URL", "https://t.me").rstrip("/")
# Reach: the posts of how many days are measured (at about 1, 7 and 28 days).
REACH_DAYS = env_int("REACH_DAYS", 28)
# The Fernet key(s) that encrypt the networks' tokens at rest: comma-separated,
# the first encrypts, all decrypt (rotation: docs/networks.md). Without it, DEBUG
# derives a development key from SECRET_KEY; with DEBUG off nothing can be
# connected until it is set (a system check says so).
CHANNELS_KEY = env_str("CHANNELS_KEY")
# A Meta app for connecting Facebook pages by Facebook Login (optional).
FACEBOOK_APP_ID = env_str("FACEBOOK_APP_ID")
FACEBOOK_APP_SECRET = env_str("FACEBOOK_APP_SECRET")
# Where Facebook Login's dialog is; the sandbox answers it too.
FACEBOOK_DIALOG_URL = env_str(
    "FACEBOOK_DIALOG_URL", "https://www.facebook.com/v26.0/dialog/oauth"
).rstrip("/")
# How the portal talks to the networks: seconds before a call times out, how
# many times a time-out or a 5xx is tried again (with back-off doubling from
# CHANNELS_BACKOFF_SECONDS), and the longest it waits when a network asks it
# to slow down; a longer wait is left for the next collection.
CHANNELS_TIMEOUT_SECONDS = float(env_str("CHANNELS_TIMEOUT_SECONDS", "10"))
CHANNELS_RETRIES = env_int("CHANNELS_RETRIES", 3)
CHANNELS_BACKOFF_SECONDS = float(env_str("CHANNELS_BACKOFF_SECONDS", "2"))
CHANNELS_MAX_WAIT_SECONDS = float(env_str("CHANNELS_MAX_WAIT_SECONDS", "120"))
# The daily collection goes out in parts of at most this many pages (a region's
# together), which free workers take side by side.
CHANNELS_COLLECT_PART_SIZE = env_int("CHANNELS_COLLECT_PART_SIZE", 20)
# … and a part measures this many of its pages at once (on PostgreSQL): a
# page's calls mostly wait for the network.
CHANNELS_COLLECT_THREADS = env_int("CHANNELS_COLLECT_THREADS", 4)

# --- The union's Telegram bot (app `bot`) -----------------------------------------------
# The bot's token from @BotFather (empty: no bot). With an https SITE_URL,
# Telegram delivers updates to /telegram/webhook/ with the secret token below
# (derived from SECRET_KEY and the bot's token when not set); otherwise
# `manage.py telegram_bot` polls.
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET")

# --- Publishing (approved posts go out by themselves) -------------------------------
# How long a signed image address stays valid (the networks fetch it then), the
# hour a post planned without a time goes out at, and how long a failing
# network is tried again (back-off from a minute, doubling) before the post fails.
PUBLISHING_MEDIA_SECONDS = env_int("PUBLISHING_MEDIA_SECONDS", 2 * 3600)
PUBLISHING_DEFAULT_HOUR = env_int("PUBLISHING_DEFAULT_HOUR", 10)
PUBLISHING_RETRY_SECONDS = env_int("PUBLISHING_RETRY_SECONDS", 3600)
PUBLISHING_BACKOFF_SECONDS = env_int("PUBLISHING_BACKOFF_SECONDS", 60)

# --- Surveys (app `surveys`) ------------------------------------------------------

# One address (an IPv6 /64 as one) may answer one survey this many times a
# day; 0: no limit. Three let a family or two colleagues on one connection
# answer, while one person clearing the browser's cookies adds at most three
# a day, not thirty an hour; the results show the press service every address
# that sent several. A member refused on a shared Wi-Fi is asked to answer
# over mobile data.
SURVEY_ANSWERS_PER_ADDRESS = env_int("SURVEY_ANSWERS_PER_ADDRESS", 3)

# --- Interface -------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Demo users and demo data exist only for the embedded default.
DEMO_PASSWORD = "profinfo-demo"  # noqa: S105  (public, in the README)

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, …).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.infrastructure.logformat.JsonFormatter"},
        # Django's own format of the development server's access log.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    # Request lines without their query strings: Facebook Login's callback
    # carries a code and a state there. (gunicorn: its access_log_format in
    # gunicorn.conf.py; nginx: the log_format of docs/operations.md.)
    "filters": {"without_query": {"()": "portal.infrastructure.logformat.WithoutQuery"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # `runserver`'s access log, as Django configures it, filtered.
        "django.server": {
            "handlers": ["django.server"],
            "filters": ["without_query"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
