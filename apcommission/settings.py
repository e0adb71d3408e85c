"""One settings module for every environment, read from the environment.

With nothing set it runs the local demo (`make run`): the embedded PostgreSQL that `scripts/run.py`
starts, a database cache and a filesystem Celery broker. `APCOMMISSION_PRODUCTION=1` switches on the
strict settings and then refuses to start without a real SECRET_KEY, ALLOWED_HOSTS and MFA_ENCRYPTION_KEY,
or with DEBUG on. A yes/no variable set to anything but yes or no stops start-up in every environment.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(environ.Env().str("APCOMMISSION_DATA_DIR", default=str(BASE_DIR / ".data")))


class StrictEnv(environ.Env):
    """django-environ reads any word it does not know as false, so `APCOMMISSION_PRODUCTION=ture` would
    quietly start development settings. Here a yes/no setting must say so, or the process refuses to start.
    """

    TRUE, FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})

    def bool(self, var, default=environ.Env.NOTSET):
        raw = self.ENVIRON.get(var, "").strip()
        if not raw and default is not self.NOTSET:
            return default
        if raw.lower() in self.TRUE:
            return True
        if raw.lower() in self.FALSE:
            return False
        raise environ.ImproperlyConfigured(
            f"{var} must be 1 or 0 (true or false, yes or no, on or off), not {raw!r}"
        )


env = StrictEnv()
PRODUCTION = env.bool("APCOMMISSION_PRODUCTION", default=False)
TESTING = env.bool("APCOMMISSION_TEST", default=False)


def _local_secret_key() -> str:
    """A random key kept in the data folder, so demo sessions survive a restart.

    There is deliberately no default key in the repository.
    """
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _derived_key(purpose: str) -> str:
    """A Fernet key derived from SECRET_KEY for one purpose: for development only."""
    digest = hmac.new(SECRET_KEY.encode(), f"apcommission {purpose}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _local_database_url() -> str:
    """The embedded PostgreSQL that `make run` started (it writes its socket URI here)."""
    path = DATA_DIR / "database_url"
    if path.exists():
        return path.read_text().strip()
    raise environ.ImproperlyConfigured(
        "DATABASE_URL is not set and no embedded database is running: start one with `make run`, "
        "or set DATABASE_URL=postgres://user@host:5432/name."
    )


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, code and data to anyone who makes an error happen.
    raise environ.ImproperlyConfigured("DEBUG must be off with production settings (APCOMMISSION_PRODUCTION)")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "crispy_forms",
    "crispy_forms_gds",
    "pgtrigger",
    "pghistory",
    # Cross-cutting pieces of the project.
    "apcommission.accounts",
    "apcommission.tenancy",
    "apcommission.audit",
    "apcommission.demo",
    "apcommission.pages",
    # The domain, one app per stage of a placement's journey.
    "providers",
    "pupils",
    "referrals",
    "panels",
    "placements",
    "reviews",
    "progress",
    "attendance",
    "safeguarding",
    "contacts",
    "outcomes",
    "alerts",
    "reports",
    # Providers' and schools' own systems, through API keys.
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apcommission.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apcommission.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apcommission.accounts.middleware.RequireMFAMiddleware",
    # Under /api/v1/ the API key decides who acts, not the session (api/middleware.py).
    "api.middleware.ApiKeyMiddleware",
    "apcommission.tenancy.middleware.ActingMembershipMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "apcommission.urls"
WSGI_APPLICATION = "apcommission.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apcommission.tenancy.context_processors.acting_membership",
            ],
            "libraries": {"govuk_forms": "apcommission.forms.templatetags"},
            # `{% url %}` keeping the paths of argument-less URLs (apcommission/paths.py).
            "builtins": ["apcommission.paths"],
        },
    },
]

# Database: PostgreSQL everywhere (history triggers, SKIP LOCKED and constraints are relied on).
DATABASES = {
    "default": env.db_url_config(env.str("DATABASE_URL", default="") or _local_database_url()),
}
# Persistent connections: a new connection per request cut throughput twelvefold when measured.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: measured on the register's flag filter at 10,000 placements, PostgreSQL's JIT added
# about 100 ms to each of the count and page queries and saved nothing; our queries are short.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: allauth keeps rate limits, lockouts and TOTP replay protection here, so it must be shared by
# every process (a system check refuses a per-process cache). Redis when configured, otherwise the
# database, which the demo already has.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "apcommission.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}}

# Celery: Redis when configured; otherwise kombu's filesystem transport in the data folder, so the demo
# needs no broker server.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(DATA_DIR / "celery" / "out"),
        "data_folder_out": str(DATA_DIR / "celery" / "out"),
        "processed_folder": str(DATA_DIR / "celery" / "processed"),
        "control_folder": str(DATA_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE: dict = {
    # Alerts (alerts/sweep.py): every minute, make what is due and hand out the emails due now.
    "alerts-sweep": {
        "task": "alerts.tasks.sweep_alerts",
        "schedule": env.float("ALERT_SWEEP_EVERY_SECONDS", default=60),
    },
    # KCSIE: copies of DBS certificates are not kept longer than six months (providers/services/evidence).
    "purge-dbs-certificate-copies": {
        "task": "providers.tasks.purge_dbs_certificate_copies",
        "schedule": 24 * 60 * 60,
    },
    # An uploaded Common Transfer File is kept only until imported or CTF_UPLOAD_KEEP_HOURS (pupils/).
    "discard-old-ctf-uploads": {
        "task": "pupils.tasks.discard_old_ctf_uploads",
        "schedule": 60 * 60,
    },
    # Reports (reports/): a build whose task was lost is sent again; a report past its time expires.
    "tend-reports": {
        "task": "reports.tasks.tend_reports",
        "schedule": env.float("REPORT_TEND_EVERY_SECONDS", default=60),
    },
}
# How long a printed report (an evidence pack) can be downloaded: it names pupils, so it is not kept.
REPORT_KEEP_DAYS = env.int("REPORT_KEEP_DAYS", default=7)
# A report still queued after this long had its task lost: it is sent again.
REPORT_QUEUED_SECONDS = env.int("REPORT_QUEUED_SECONDS", default=120)
# A build that has said nothing for this long had its worker die: it is sent again. Longer than the
# longest layout (an LA's report of thousands of placements), during which a build cannot speak.
REPORT_STALLED_SECONDS = env.int("REPORT_STALLED_SECONDS", default=600)

# Authentication: email and password, then TOTP. No public sign-up: people join by invitation.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "apcommission.accounts.backends.ModelBackend",
    "apcommission.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "apcommission.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-in errors beside their fields (GOV.UK), and refusals by the lockout logged.
ACCOUNT_FORMS = {
    "login": "apcommission.accounts.forms.SignInForm",
    "reauthenticate": "apcommission.accounts.forms.ReauthenticateForm",
}
# The sixth failed sign-in for one account within five minutes is refused (and ten a minute per IP).
LOGIN_ATTEMPTS_LIMIT = env.int("LOGIN_ATTEMPTS_LIMIT", default=5)
LOGIN_ATTEMPTS_TIMEOUT_SECONDS = env.int("LOGIN_ATTEMPTS_TIMEOUT_SECONDS", default=300)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"10/m/ip,{LOGIN_ATTEMPTS_LIMIT}/{LOGIN_ATTEMPTS_TIMEOUT_SECONDS}s/key"
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "apcommission: "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "apcommission"
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_PERIOD = 30
# TOTP secrets and recovery-code seeds are stored encrypted with this key, which is kept outside the
# database (apcommission/accounts/mfa.py): a copy of the database alone cannot produce anyone's codes.
MFA_ADAPTER = "apcommission.accounts.mfa.MFAAdapter"
# A code used a second time is told apart from a wrong one, and every refused code is logged.
MFA_FORMS = {
    "authenticate": "apcommission.accounts.mfa.AuthenticateForm",
    "reauthenticate": "apcommission.accounts.mfa.ReauthenticateForm",
}
if PRODUCTION:
    MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY")
else:
    # Derived from this installation's SECRET_KEY (itself random and kept in the data folder), so the
    # demo needs nothing set. Changing SECRET_KEY then makes the stored secrets unreadable.
    MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="") or _derived_key("MFA encryption")
try:
    Fernet(MFA_ENCRYPTION_KEY)
except ValueError as error:
    raise environ.ImproperlyConfigured(
        "MFA_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes). Make one with: "
        'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
    ) from error
# Behind a proxy, allauth must know how many hops to trust when reading the client IP for rate limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Sessions are read from Redis on every request and written through to the database, which stays the
# record: flushing Redis signs nobody out (the next request reads the database and fills Redis again).
# Without Redis the database holds them alone: a database cache would be a query all the same.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Sessions: 30 minutes idle, 10 hours absolute, both configurable (enforced by SessionLimitsMiddleware).
# History events are copies of tenant rows with no rule of their own: readable only unscoped.
PGHISTORY_BASE_MODEL = "apcommission.tenancy.history.Event"

SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.float("SESSION_ABSOLUTE_HOURS", default=10))
# The stored session outlives both limits, so the middleware (with a message), not silent expiry, ends it.
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
# The session is saved when it changes: SessionLimitsMiddleware records activity every 30 seconds at most.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Messages ride in the session, not in a cookie of their own: the session and CSRF cookies are the only
# cookies the service sets, as its cookies page says.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content Security Policy, enforced: scripts only from us or with this response's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Email: Django 6.1 mailers. EMAIL_URL (smtp://user:password@host:587) in production; the console in
# the demo, so invitation links appear in the terminal.
# Production never falls back to the console: invitation links would be written to the log.
_email_url = env.str("EMAIL_URL") if PRODUCTION else env.str("EMAIL_URL", default="")
if _email_url:
    _email = env.email_url_config(_email_url)
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST", "localhost"),
                "port": _email.get("EMAIL_PORT", 25),
                "username": _email.get("EMAIL_HOST_USER", ""),
                "password": _email.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _email.get("EMAIL_USE_TLS", False),
                "use_ssl": _email.get("EMAIL_USE_SSL", False),
            },
        }
    }
elif env.str("EMAIL_FILE_PATH", default=""):
    # Each email a file in this folder: for tests that run a real worker in another process.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env.str("EMAIL_FILE_PATH")},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="apcommission <no-reply@apcommission.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write for help, shown on the contact, privacy and accessibility pages.
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="support@apcommission.example")

# Alerts (DOMAIN.md 6). Links in emails are made absolute with SITE_URL.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ALERT_REVIEW_SOON_DAYS = env.int("ALERT_REVIEW_SOON_DAYS", default=7)
ALERT_LISTING_REVIEW_SOON_DAYS = env.int("ALERT_LISTING_REVIEW_SOON_DAYS", default=30)
ALERT_QA_ACTION_SOON_DAYS = env.int("ALERT_QA_ACTION_SOON_DAYS", default=7)
ALERT_DIGEST_HOUR = env.int("ALERT_DIGEST_HOUR", default=7)  # the daily summary, local time
ALERT_MAKE_EVERY_SECONDS = env.int("ALERT_MAKE_EVERY_SECONDS", default=10 * 60)
# A claimed email not sent after this long (its task lost, its worker killed) is claimed again.
ALERT_REDISPATCH_SECONDS = env.int("ALERT_REDISPATCH_SECONDS", default=5 * 60)
ALERT_CLAIM_BATCH = env.int("ALERT_CLAIM_BATCH", default=500)
ALERT_MESSAGE_ID_DOMAIN = env.str("ALERT_MESSAGE_ID_DOMAIN", default="apcommission.localhost")
# Seconds to wait inside a send before handing the message over: only tests that kill a worker set it.
ALERT_SEND_PAUSE_SECONDS = env.float("ALERT_SEND_PAUSE_SECONDS", default=0)

# Static files: vendored GOV.UK Frontend and our own CSS, served by WhiteNoise with hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
# Outside production WhiteNoise serves straight from static/, so there is no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Provider quality rules (DOMAIN.md 4). Policy, not law: each can be changed per installation.
# More than this many hours a week is full time for the registration test (s463 Education Act 1996).
REGISTRATION_FULL_TIME_HOURS = env.int("REGISTRATION_FULL_TIME_HOURS", default=18)
# Evidence is "expiring soon" this many days before its expiry date.
EVIDENCE_EXPIRING_SOON_DAYS = env.int("EVIDENCE_EXPIRING_SOON_DAYS", default=30)
# Copies of DBS certificates are deleted this many days after upload (KCSIE: no longer than 6 months).
DBS_COPY_RETENTION_DAYS = env.int("DBS_COPY_RETENTION_DAYS", default=182)
# Common Transfer Files: the largest accepted (bytes; a 300-pupil file is about 2 MB) and how long one
# waits to be imported before it is discarded unread.
CTF_MAX_BYTES = env.int("CTF_MAX_BYTES", default=5 * 1024 * 1024)
CTF_UPLOAD_KEEP_HOURS = env.int("CTF_UPLOAD_KEEP_HOURS", default=24)
# Attendance files a provider uploads: the largest accepted (bytes; a term of 100 pupils is about 1 MB
# as CSV) and the most rows of marks one may hold.
ATTENDANCE_FILE_MAX_BYTES = env.int("ATTENDANCE_FILE_MAX_BYTES", default=5 * 1024 * 1024)
ATTENDANCE_FILE_MAX_ROWS = env.int("ATTENDANCE_FILE_MAX_ROWS", default=20_000)
# Destinations are checked again this many years after a pupil leaves a placement (DOMAIN.md 3.7), besides
# the sustained destination over the first October to March. Policy: "1,3,5" by default.
DESTINATION_CHECKIN_YEARS = tuple(
    sorted({int(years) for years in env.list("DESTINATION_CHECKIN_YEARS", default=["1", "3", "5"])})
)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

REST_FRAMEWORK = {
    # API keys only (api/middleware.py): no session (a browser's cookie never drives the API) and no
    # Basic authentication (a password without its second factor). Deny by default.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasApiKey"],
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.KeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Numbers are sent as numbers (25.5), and the schema says so.
    "COERCE_DECIMAL_TO_STRING": False,
}
# Requests a minute each API key may make (api/authentication.py), counted in Redis across workers.
API_KEY_RATE = env.str("API_KEY_RATE", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "apcommission API",
    "DESCRIPTION": (
        "For providers' and schools' own systems: providers send attendance and progress for the pupils "
        "placed with them and read their placements and timetables; schools read their placements and "
        "attendance."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page lists each field's values itself; the markdown list this adds would show as text.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Invitations expire after this many days.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# A link for a pupil's or a parent's views before a review (reviews/voices.py): it works for this many
# days, and never past this many days after the review is due (or after today, for an overdue review).
VOICE_LINK_DAYS = env.int("VOICE_LINK_DAYS", default=14)
VOICE_LINK_DAYS_AFTER_REVIEW = env.int("VOICE_LINK_DAYS_AFTER_REVIEW", default=3)
# Requests a minute one address may make to the links' public page, counted in Redis across workers.
VOICE_LINK_RATE = env.str("VOICE_LINK_RATE", default="30/minute")

# Uploaded documents ---------------------------------------------------------------------------------
# Evidence documents (apcommission/documents) are kept in a private folder that no URL reaches and are
# served only by views that decide who may download them. Production must say where (a backed-up
# volume). Test runs keep theirs apart, so tests never write among the demo's documents.
if PRODUCTION:
    PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT"))
else:
    _private_media = DATA_DIR / ("test-private-media" if TESTING else "private-media")
    PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(_private_media)))
# WhiteNoise serves everything under the static folders to anyone: documents must never land there.
if any(
    PRIVATE_MEDIA_ROOT.resolve().is_relative_to(Path(public).resolve())
    for public in [STATIC_ROOT, *STATICFILES_DIRS]
    if public
):
    raise environ.ImproperlyConfigured(
        "PRIVATE_MEDIA_ROOT must be outside STATIC_ROOT and the static folders."
    )
# The largest document anyone may upload, in bytes (10 MB). The first handler stops reading a file as
# soon as it passes this, so an oversized upload is never written out in full.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "apcommission.documents.upload_handlers.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# End of uploaded documents --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused or bad request (4xx) is logged as one line saying who, what and the status: Django would
    # print a traceback for every 403 (apcommission/request_log.py). Server errors keep theirs.
    "filters": {"client_errors": {"()": "apcommission.request_log.ClientErrorFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Authentication and authorisation failures (ASVS 16.3), without personal data.
        "apcommission.security": {"level": "INFO"},
        # WeasyPrint says each step of laying out every page at INFO: a report's log is its outcome.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if TESTING:
    # Hashing a password properly takes a third of a second by design; tests make hundreds of people.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
