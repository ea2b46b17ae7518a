"""Settings for motcua: every setting is here, read from the environment.

Defaults are safe for production. The embedded default (``make run``) and the
tests set what they need through the same variables. Each variable is listed
in ``docs/configuration.md``.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from motcua.core.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    persistent_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent

# Tests run under pytest; they get fast hashing and immediate tasks below.
TESTING = env_bool("MOTCUA_TESTING", "pytest" in sys.modules)

# All state of the embedded default lives under var/: database, media,
# collected static files, generated secret key, development mailbox.
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# Served over HTTPS (production): secure cookies, HSTS, redirect to https.
# ``make run`` and the tests serve plain HTTP on loopback.
HTTPS = env_bool("HTTPS", not TESTING)
SECRET_KEY = env_secret("SECRET_KEY") or persistent_secret(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used in e-mails, QR codes and the
# Wagtail admin. No trailing slash.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# ---------------------------------------------------------------- apps
INSTALLED_APPS = [
    # motcua (before third parties so our templates and translations win)
    "motcua.core",
    "motcua.org",
    "motcua.accounts",
    "motcua.notifications",
    "motcua.plans",
    "motcua.feedback",
    "motcua.procedures",
    "motcua.dossiers",
    "motcua.payments",
    "motcua.surveys",
    "motcua.cms",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # others
    "axes",
    "ninja",
    "django_htmx",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After the CSP and frame middlewares, so its response hook runs first.
    "motcua.core.middleware.AdminSecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "motcua.accounts.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it must see failed logins after everything else ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
            "builtins": ["motcua.core.templatetags.motcua"],
        },
    },
]

# ------------------------------------------------------------ database
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
# Persistent connections: a new connection costs more than most requests
# (bench/http_throughput.py: on SQLite the first read of a fresh connection
# takes ~3 ms for the schema). Health checks drop broken ones.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes;
        # IMMEDIATE takes the write lock at BEGIN so two writers wait for
        # each other instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME") or None}
    # Wagtail's search index uses PostgreSQL full-text fields on PostgreSQL.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --------------------------------------------------------------- tasks
TASK_BACKEND = env_str("TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
if TESTING and "TASK_BACKEND" not in __import__("os").environ:
    TASK_BACKEND = "immediate"
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ValueError(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
# A worker that has not written a heartbeat for this long is reported down.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 15)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)

# --------------------------------------------------------------- cache
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ---------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 costs ~200 ms per hash; tests need speed, not strength.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "motcua.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "motcua.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[Sở Y tế] ")
# Tell people by e-mail when their password, e-mail or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"} if not TESTING else False
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", env_str("SITE_DEPARTMENT", "Sở Y tế tỉnh Khánh Hòa"))
# Staff must set up TOTP before using /can-bo/ or /admin/.
MOTCUA_STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)

# django-axes: lock an account (from one address) after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    if env_int("TRUSTED_PROXY_COUNT", 0)
    else ["REMOTE_ADDR"]
)

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Our translations and the overrides of third-party strings (allauth has no
# Vietnamese; Wagtail's is partial). Both win over the apps' catalogues; the
# first listed wins where both translate a msgid. The overrides come first:
# one msgid has one translation, and Wagtail's "Pages" (menu: "Trang") must
# not become our pagination label ("Phân trang").
LOCALE_PATHS = [PACKAGE_DIR / "locale_overrides", PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "motcua_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# ------------------------------------------------- static, media, storage
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_secret("S3_ACCESS_KEY_ID"),
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ValueError("MEDIA_STORAGE must be 'local' or 's3'")
STORAGES = {
    "default": _media,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
WHITENOISE_MAX_AGE = 3600
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------- e-mail
# Django 6.1 mailers. EMAIL_BACKEND picks the backend; the SMTP options
# apply to the SMTP backend, the file path to the file backend (the
# development provider that ``make run`` uses).
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
_MAILER_OPTIONS: dict[str, object] = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAILER_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_secret("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
elif _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    _MAILER_OPTIONS = {"file_path": str(VAR_DIR / "mail")}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _MAILER_OPTIONS}}
MAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sở Y tế <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Quản trị", a) for a in env_list("ADMINS")]
# The development mailbox (/dev/hop-thu/) shows e-mails written by the
# file backend. It is for development only and is off unless enabled.
DEV_MAILBOX = env_bool("DEV_MAILBOX", False)

# -------------------------------------------------------- notifications
# The outbox (motcua.notifications): retries with exponential backoff, a
# lease after which a claimed message is taken over by another worker.
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 8)
NOTIFY_BACKOFF_SECONDS = env_int("NOTIFY_BACKOFF_SECONDS", 30)
NOTIFY_BACKOFF_MAX_SECONDS = env_int("NOTIFY_BACKOFF_MAX_SECONDS", 6 * 3600)
NOTIFY_LEASE_SECONDS = env_int("NOTIFY_LEASE_SECONDS", 300)
NOTIFY_BATCH_SIZE = env_int("NOTIFY_BATCH_SIZE", 50)
# SMS gateway: "smpp", "http", "dev-file" (development: writes to a file),
# "memory" (tests) or empty (no SMS: messages fail with a clear reason).
SMS_GATEWAY = env_str("SMS_GATEWAY", "memory" if TESTING else "")
# Brandname (tên định danh, NĐ 91/2020: at most 11 characters).
SMS_SENDER_ID = env_str("SMS_SENDER_ID", "SYT KHANHHOA")
# The number citizens text commands to (TRACUU, HUY); shown in replies.
SMS_SHORT_CODE = env_str("SMS_SHORT_CODE")
SMS_DEV_FILE = Path(env_str("SMS_DEV_FILE", str(VAR_DIR / "sms" / "sms.jsonl")))
# The development SMS page (/dev/tin-nhan/) shows the dev-file gateway's file.
DEV_SMS = env_bool("DEV_SMS", False)
SMS_SEGMENT_PRICE_VND = env_int("SMS_SEGMENT_PRICE_VND", 0)
SMS_HTTP = {
    "url": env_str("SMS_HTTP_URL"),
    "method": env_str("SMS_HTTP_METHOD", "POST").upper(),
    "body_format": env_str("SMS_HTTP_BODY_FORMAT", "json"),
    "body_template": env_str(
        "SMS_HTTP_BODY_TEMPLATE",
        '{"to": "{to}", "from": "{sender}", "text": "{text}", "ref": "{ref}"}',
    ),
    "auth_header": env_secret("SMS_HTTP_AUTH_HEADER"),
    "timeout": env_int("SMS_HTTP_TIMEOUT", 15),
    "phone_format": env_str("SMS_HTTP_PHONE_FORMAT", "84"),
    "success_field": env_str("SMS_HTTP_SUCCESS_FIELD"),
    "success_values": env_list("SMS_HTTP_SUCCESS_VALUES"),
    "retry_values": env_list("SMS_HTTP_RETRY_VALUES"),
    "id_field": env_str("SMS_HTTP_ID_FIELD"),
    "error_field": env_str("SMS_HTTP_ERROR_FIELD"),
}
SMPP = {
    "host": env_str("SMPP_HOST", "127.0.0.1"),
    "port": env_int("SMPP_PORT", 2775),
    "system_id": env_str("SMPP_SYSTEM_ID"),
    "password": env_secret("SMPP_PASSWORD"),
    "system_type": env_str("SMPP_SYSTEM_TYPE"),
    "source_ton": env_int("SMPP_SOURCE_TON", 5),  # 5: alphanumeric (brandname)
    "source_npi": env_int("SMPP_SOURCE_NPI", 0),
    "timeout": env_int("SMPP_TIMEOUT", 10),
}
# Inbound SMS: the webhook's shared secret (HMAC-SHA256 of the body) and
# the replies one sender may get per window.
SMS_WEBHOOK_SECRET = env_secret("SMS_WEBHOOK_SECRET")
SMS_INBOUND_LIMIT = env_int("SMS_INBOUND_LIMIT", 5)
SMS_INBOUND_WINDOW_SECONDS = env_int("SMS_INBOUND_WINDOW_SECONDS", 3600)
# One-time SMS codes (phone verification, sign-in by phone).
PHONE_CODE_TTL_SECONDS = env_int("PHONE_CODE_TTL_SECONDS", 300)
PHONE_CODE_MAX_ATTEMPTS = env_int("PHONE_CODE_MAX_ATTEMPTS", 5)
PHONE_CODE_SEND_LIMIT = env_int("PHONE_CODE_SEND_LIMIT", 3)
PHONE_CODE_SEND_WINDOW_SECONDS = env_int("PHONE_CODE_SEND_WINDOW_SECONDS", 900)
# Campaigns: sending hours (NĐ 91/2020: advertising SMS only 07:00-22:00),
# the advertising label put before SMS texts and e-mail subjects (empty: none)
# and the most campaign messages one subscriber gets per day and channel.
CAMPAIGN_SEND_HOURS = env_str("CAMPAIGN_SEND_HOURS", "07:00-22:00")
CAMPAIGN_AD_LABEL = env_str("CAMPAIGN_AD_LABEL", "[QC]")
CAMPAIGN_DAILY_LIMIT = env_int("CAMPAIGN_DAILY_LIMIT", 3)

# -------------------------------------------------------------- security
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload directive only allows listing by browsers; submitting is a separate step.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_FAILURE_VIEW = "motcua.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
if env_int("TRUSTED_PROXY_COUNT", 0):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

# Content Security Policy (Django's built-in). Every asset is ours: no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin uses inline styles and frames its own previews.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# ---------------------------------------------------------------- Wagtail
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Sở Y tế tỉnh Khánh Hòa")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "zip", "jpg", "png"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth handles password reset
WAGTAILADMIN_LOGIN_URL = "/tai-khoan/login/"
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name"]
# No avatars from gravatar.com: no third-party requests (and the CSP blocks them).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The website (motcua.cms): an image needs its description (alt text); a
# document is checked for size and real type (cms/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "motcua.cms.media_forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "motcua.cms.media_forms.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_MB", 10) * 1024 * 1024
CMS_DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_MB", 20) * 1024 * 1024
# Image renditions are served from MEDIA_ROOT by the application when no
# front web server does it (the embedded default).
SERVE_MEDIA_IMAGES = env_bool("SERVE_MEDIA_IMAGES", MEDIA_STORAGE == "local")

# --------------------------------------------------------------- feedback
# Feedback, complaints, recommendations and questions (motcua.feedback).
# Deadline in working days per kind (core.calendar), counted from reception.
FEEDBACK_DEADLINE_DAYS = {
    "gop_y": env_int("FEEDBACK_DAYS_SUGGESTION", 15),
    "phan_anh": env_int("FEEDBACK_DAYS_COMPLAINT", 10),
    "kien_nghi": env_int("FEEDBACK_DAYS_RECOMMENDATION", 10),
    "hoi_dap": env_int("FEEDBACK_DAYS_QUESTION", 7),
}
# Kinds that may be sent without a name (the others need a name and a contact).
FEEDBACK_ANONYMOUS_KINDS = env_list("FEEDBACK_ANONYMOUS_KINDS", ["gop_y", "hoi_dap"])
# Days after the answer during which an unsatisfied citizen may reopen it.
FEEDBACK_REOPEN_DAYS = env_int("FEEDBACK_REOPEN_DAYS", 10)
# Reminder to the handler this many working days before the deadline;
# escalation to the unit's approvers and leaders when due within
# FEEDBACK_ESCALATE_DAYS working days, and again when overdue.
FEEDBACK_REMIND_DAYS = env_int("FEEDBACK_REMIND_DAYS", 2)
FEEDBACK_ESCALATE_DAYS = env_int("FEEDBACK_ESCALATE_DAYS", 1)
FEEDBACK_ATTACHMENT_MAX_MB = env_int("FEEDBACK_ATTACHMENT_MAX_MB", 5)
FEEDBACK_MAX_ATTACHMENTS = env_int("FEEDBACK_MAX_ATTACHMENTS", 3)
# Web form submissions and lookups allowed per client address and window.
FEEDBACK_SUBMIT_LIMIT = env_int("FEEDBACK_SUBMIT_LIMIT", 5)
FEEDBACK_SUBMIT_WINDOW_SECONDS = env_int("FEEDBACK_SUBMIT_WINDOW_SECONDS", 3600)
FEEDBACK_LOOKUP_LIMIT = env_int("FEEDBACK_LOOKUP_LIMIT", 20)
FEEDBACK_LOOKUP_WINDOW_SECONDS = env_int("FEEDBACK_LOOKUP_WINDOW_SECONDS", 900)
# Codes: <prefix>-YYMMDD-NNNN.
FEEDBACK_CODE_PREFIX = env_str("FEEDBACK_CODE_PREFIX", "PAKN")

# --------------------------------------------------------------- dossiers
# Dossier code (DESIGN.md §4): str.format with {unit} (the handling unit's
# code), {date} (local date of submission, a date: use {date:%y%m%d}) and
# {number} (gap-free per unit and day). All three must appear.
DOSSIER_CODE_FORMAT = env_str("DOSSIER_CODE_FORMAT", "{unit}-{date:%y%m%d}-{number:04d}")
# Uploads of the online form: per file and per dossier (all current files).
DOSSIER_FILE_MAX_MB = env_int("DOSSIER_FILE_MAX_MB", 10)
DOSSIER_TOTAL_MAX_MB = env_int("DOSSIER_TOTAL_MAX_MB", 50)
# Public postal delivery of the result (bưu chính công ích): the fee agreed
# with the postal operator, in VND, inside the Department's province and
# elsewhere (province by its official code, mã ĐVHC).
DOSSIER_POSTAL_FEE_VND = env_int("DOSSIER_POSTAL_FEE_VND", 25000)
DOSSIER_POSTAL_FEE_OTHER_PROVINCE_VND = env_int("DOSSIER_POSTAL_FEE_OTHER_PROVINCE_VND", 40000)
DOSSIER_HOME_PROVINCE_CODE = env_str("DOSSIER_HOME_PROVINCE_CODE", "56")
# Unsent drafts (personal data) are deleted after this many days untouched.
DOSSIER_DRAFT_RETENTION_DAYS = env_int("DOSSIER_DRAFT_RETENTION_DAYS", 90)
# Back office: `mark_late_dossiers` warns the handler and approver once when
# an open dossier is due within this many working hours, and once when late.
DOSSIER_DUE_SOON_WORKING_HOURS = env_int("DOSSIER_DUE_SOON_WORKING_HOURS", 8)

# ------------------------------------------------------- dossier lookup
# Lookups (/tra-cuu/ and the API) allowed per client address and window:
# with 31^6 lookup keys, guessing one at this rate is hopeless.
DOSSIER_LOOKUP_LIMIT = env_int("DOSSIER_LOOKUP_LIMIT", 30)
DOSSIER_LOOKUP_WINDOW_SECONDS = env_int("DOSSIER_LOOKUP_WINDOW_SECONDS", 600)
# Place name on the submission acknowledgement (NĐ 30: "Khánh Hòa, ngày …").
DOSSIER_DOCUMENT_PLACE = env_str("DOSSIER_DOCUMENT_PLACE", "Khánh Hòa")
# Personal API tokens of citizens (dossiers API): days until a new token expires.
DOSSIER_API_TOKEN_DAYS = env_int("DOSSIER_API_TOKEN_DAYS", 365)
# National Public Service Portal synchronisation (POST /api/v1/imports/dvcqg,
# GET …/changes): the integration token the portal's connector sends as
# "Authorization: Bearer <token>", compared in constant time. Empty: off (401).
DVCQG_IMPORT_TOKEN = env_secret("DVCQG_IMPORT_TOKEN")
# Records accepted in one import request or file, and rows per page of changes.
DVCQG_IMPORT_MAX_RECORDS = env_int("DVCQG_IMPORT_MAX_RECORDS", 500)
DVCQG_EXPORT_PAGE_SIZE = env_int("DVCQG_EXPORT_PAGE_SIZE", 500)

# ---------------------------------------------------- payment providers
# The online gateway (motcua.payments.providers.gateway: signed redirect,
# return and server notification, HMAC-SHA512). Unavailable while any of
# the three is empty.
PAYMENTS_GATEWAY_URL = env_str("PAYMENTS_GATEWAY_URL")
PAYMENTS_GATEWAY_MERCHANT = env_str("PAYMENTS_GATEWAY_MERCHANT")
PAYMENTS_GATEWAY_SECRET = env_secret("PAYMENTS_GATEWAY_SECRET")
# The demo gateway served by motcua itself (/thanh-toan/cong-demo/): for
# development and tests only; `make run` turns it on.
PAYMENTS_DEMO_ENABLED = env_bool("PAYMENTS_DEMO_ENABLED", DEBUG or TESTING)
# The ledger (motcua.payments.actions): minutes after which an unfinished
# payment attempt is marked expired (`manage.py expire_payments`; a late
# confirmation still credits an open charge), and the form number (mẫu số)
# of the receipt series made for a unit that has none.
PAYMENTS_PENDING_MINUTES = env_int("PAYMENTS_PENDING_MINUTES", 30)
PAYMENTS_RECEIPT_FORM_CODE = env_str("PAYMENTS_RECEIPT_FORM_CODE", "01BLP2-001")

# ---------------------------------------------------------- survey indices
# A figure resting on fewer answers than SURVEYS_MIN_SAMPLE, or whose 95 %
# margin of error exceeds SURVEYS_MAX_MOE percentage points, is flagged
# "small sample" and never ranked (motcua.surveys.selectors).
SURVEYS_MIN_SAMPLE = env_int("SURVEYS_MIN_SAMPLE", 30)
SURVEYS_MAX_MOE = env_int("SURVEYS_MAX_MOE", 10)

# ------------------------------------------------------------- the site
# Shown in the layout, e-mails and SMS. The website's home and contact pages
# read the hotlines of the Department and its units from the unit tree.
MOTCUA_SITE = {
    "department": env_str("SITE_DEPARTMENT", "Sở Y tế tỉnh Khánh Hòa"),
    "parent_body": env_str("SITE_PARENT_BODY", "Ủy ban nhân dân tỉnh Khánh Hòa"),
    "address": env_str("SITE_ADDRESS", "04 Phan Chu Trinh, phường Nha Trang, tỉnh Khánh Hòa"),
    "hotline": env_str("SITE_HOTLINE", "0258 3822 957"),
    "email": env_str("SITE_EMAIL", "syt@khanhhoa.gov.vn"),
    "national_portal_url": "https://dichvucong.gov.vn",
}

# --------------------------------------------------------------- logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # Document printing (core.documents) logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Used by views and templates to label Vietnamese money and dates.
FORMAT_MODULE_PATH = ["motcua.formats"]
USE_THOUSAND_SEPARATOR = False

SILENCED_SYSTEM_CHECKS: list[str] = []
