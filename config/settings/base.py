"""Settings shared by every environment. Everything site-specific comes from the environment."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts.provider_settings import social_providers

from .env import env_bool, env_int, env_list, env_port_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CARNET_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "mptt",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "blog",
    "comments",
    "pings",
    "accounts",
    "accounts.providers.wordpress_com",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.socialaccount.providers.openid_connect",
    "subscriptions",
    "wordpress",
    "images",
    "publishing",
    "csp",
    "pagecache",
    "core",
    "stats",
    "fediverse",
]

MIDDLEWARE = [
    "config.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.CookieLocaleMiddleware",
    "config.middleware.NulByteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fediverse.middleware.ActivityPubPostMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "publishing.middleware.DiscoveryLinkMiddleware",
    "pagecache.middleware.PageCacheMiddleware",
    "pings.middleware.PingDiscoveryMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pagecache.members.MemberPageCacheMiddleware",
    "config.admin_titles.AdminTitlesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wordpress.middleware.LegacyLinkMiddleware",
    "blog.middleware.OldAddressMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
    "accounts.middleware.ProviderRedirectMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "blog.context_processors.site",
                "pagecache.context_processors.fragments",
            ],
        },
    },
]

# SQLite by default (WAL, IMMEDIATE transactions so concurrent writers queue instead of failing),
# PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker: Redis when REDIS_URL is set, else files under var/.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "carnet"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Background tasks (mail, pings) queue in the database (default: no other service needed) or,
# with TASKS_BACKEND=redis, on REDIS_URL through RQ. `manage.py carnet_worker` runs their worker.
TASKS_BACKEND = env_str("TASKS_BACKEND").strip().lower() or "database"
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "redis" and REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # RQ kills a job after 180 s by default: an admin's WordPress import of a large blog takes longer.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # runs the task as django-tasks, with its signals
elif TASKS_BACKEND == "redis":
    raise ImproperlyConfigured(
        "TASKS_BACKEND=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0), "
        "or leave TASKS_BACKEND unset to queue tasks in the database."
    )
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use database or redis.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # French dates as French usage writes them: "à 02 h 08"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# `make run` serves media itself; in production the front server or object storage does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Where `manage.py backup` writes its archives when no --output is given.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))

# Mail goes to the console until an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Carnet <carnet@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

LOGIN_URL = "account_login"

# Accounts (django-allauth): readers log in through a provider, staff with a password and a second
# factor, all on the one login page (/admin/login/ leads there).
# Never a login or a connection through a matching e-mail; login and logout by POST; PKCE where
# the provider takes it; provider credentials from SOCIAL_* variables or the admin.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "blog:home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    # Wrong application passwords at /xmlrpc.php and /micropub/ (each inner call of a multicall).
    "app_password_failed": "10/m/ip,5/5m/key",
}
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS = social_providers()
# Second factors (allauth.mfa): an authenticator app (QR code drawn here, as SVG), passkeys and
# security keys, ten single-use recovery codes. A passkey alone may sign in (no password).
# Staff accounts are made in the admin with unverified addresses: that must not bar a factor.
# With STAFF_REQUIRE_MFA, staff reach the admin only once signed in with a second factor.
MFA_ADAPTER = "accounts.second_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_RECOVERY_CODE_COUNT = 10
ACCOUNT_EMAIL_NOTIFICATIONS = True  # a mail when a factor (or the password) changes
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", False)
# Unset: accounts/conf.py's default (WordPress.com's public API).
WORDPRESS_COM_API_URL = env_str("WORDPRESS_COM_API_URL") or None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True

# Only the site's own scripts, styles, images and forms; no inline code, so a sanitiser slip cannot
# run anything. No nonce: the same header is valid on cached pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Requests Django refuses for their size (a 400, logged by django.security.<error>) are one
# warning line each, not an error with a traceback (config/log_filters.py).
_REFUSED_FOR_SIZE = ["TooManyFieldsSent", "TooManyFilesSent", "RequestDataTooBig"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refused_as_warning": {"()": "config.log_filters.RefusedRequestAsWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        f"django.security.{name}": {"filters": ["refused_as_warning"]} for name in _REFUSED_FOR_SIZE
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Reverse proxies in front of gunicorn (nginx: 1), so per-reader limits see readers, not nginx.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Outbound fetches may reach private addresses only when this is set (tests, intranets); the
# earlier name OUTBOUND_ALLOW_PRIVATE_URLS is still read, so existing environment files keep working.
OUTBOUND_ALLOW_PRIVATE_URLS = env_bool(
    "OUTBOUND_ALLOW_PRIVATE_URLS", env_bool("BLOG_ALLOW_PRIVATE_URLS", False)
)
# Outbound fetches go to ports 80 and 443 only (as WordPress's), plus these (e.g. an intranet's
# 8080): a ping must not make Carnet talk to another host's SSH, SMTP or Redis.
OUTBOUND_ALLOWED_PORTS = env_port_list("OUTBOUND_ALLOWED_PORTS")
# Followed and answered from Mastodon (fediverse/): off until the site has its final domain.
FEDIVERSE_ENABLED = env_bool("FEDIVERSE_ENABLED", False)

# Discussion rules: defaults and reasons in comments/conf.py. Each is read from the environment;
# left unset there it is None here, which the app settings read as "use the default".
COMMENTS_MODERATION = env_str("COMMENTS_MODERATION") or None
COMMENTS_MODERATE_PINGS = env_bool("COMMENTS_MODERATE_PINGS", None)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", None)
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", None)
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", None)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", None)
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", None)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", None)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", None)
COMMENTS_TRASH_DAYS = env_int("COMMENTS_TRASH_DAYS", None)
COMMENTS_LOCK_TIMEOUT_SECONDS = env_int("COMMENTS_LOCK_TIMEOUT_SECONDS", None)

# Anonymous pages also written as files nginx serves without Python (pagecache/files.py,
# deploy/nginx/); unset: the page cache alone, as under `make run`.
PAGE_CACHE_FILES_DIR = env_str("PAGE_CACHE_FILES_DIR")
