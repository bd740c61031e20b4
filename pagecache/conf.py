"""The page cache's settings, with their defaults. Read as `conf.settings.NAME`."""

from django.conf import settings as project_settings

from comments.cookies import COMMENTER_COOKIE, OWN_COOKIE, PENDING_COOKIE
from core.appsettings import AppSettings

DEFAULTS = {
    # Off switch (tests of other apps, or a front cache doing the job instead).
    "PAGE_CACHE_ENABLED": True,
    # Longest life of a cached page: invalidation is precise, this only bounds what time alone
    # changes (comments closing after N days). Scheduled posts cut it short on their own.
    "PAGE_CACHE_SECONDS": 600,
    # Bytes of pages each process keeps in memory in front of the shared cache (0: none).
    "PAGE_CACHE_LOCAL_BYTES": 16 * 1024 * 1024,
    # Cookies that make a page personal: whoever carries one gets a freshly rendered page.
    "PAGE_CACHE_BYPASS_COOKIES": (
        project_settings.SESSION_COOKIE_NAME,
        "messages",
        PENDING_COOKIE,
        COMMENTER_COOKIE,
        OWN_COOKIE,  # its comments show "Edit" links to this browser only
    ),
    # What is cached: pages and feeds, not the rest.
    "PAGE_CACHE_CONTENT_TYPES": (
        "text/html",
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
    ),
    # Apps and models ("app" or "app.Model") whose saves and deletions can change a public page.
    # Comments are handled apart: only those readers can see count.
    "PAGE_CACHE_WATCH": ("blog", "sites", "auth.User", "images", "socialaccount.SocialApp"),
}


settings = AppSettings(DEFAULTS)
