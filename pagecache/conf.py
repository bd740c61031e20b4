"""The page cache's settings, with their defaults. Read as `conf.settings.NAME`."""

from core.appsettings import AppSettings

DEFAULTS = {
    # Off switch (tests of other apps, or a front cache doing the job instead).
    "PAGE_CACHE_ENABLED": True,
    # Longest life of a cached page: invalidation is precise, this only bounds what time alone
    # changes (comments closing after N days). Scheduled posts cut it short on their own.
    "PAGE_CACHE_SECONDS": 600,
    # Bytes of pages each process keeps in memory in front of the shared cache (0: none).
    "PAGE_CACHE_LOCAL_BYTES": 16 * 1024 * 1024,
    # Where anonymous HTML pages are also written as files for nginx to serve without Python
    # (files.py, deploy/nginx/); empty: no files, as under `make run`.
    "PAGE_CACHE_FILES_DIR": "",
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
    "PAGE_CACHE_WATCH": (
        "blog",
        "sites",
        "auth.User",
        "images",
        "socialaccount.SocialApp",
        "fediverse.Reaction",  # likes and boosts counted under posts
    ),
}


settings = AppSettings(DEFAULTS)
