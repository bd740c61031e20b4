"""Site-wide settings of core, with their defaults and reasons (read as `conf.settings.NAME`)."""

from .appsettings import AppSettings

DEFAULTS = {
    # The outbound fetcher (core/outbound.py), for pings, images, media imports and logins:
    # Seconds for a whole outbound fetch, redirects included: a slow peer cannot tie up a worker.
    "OUTBOUND_FETCH_TIMEOUT": 10,
    # Largest page fetched, in bytes: a real article fits, a 50 MB answer does not fill memory.
    "OUTBOUND_MAX_BYTES": 1_000_000,
    # Redirects followed, each re-checked: enough for http -> https -> www, not for a loop.
    "OUTBOUND_MAX_REDIRECTS": 3,
    # Private addresses reachable (tests, intranets only): off, so no ping reaches the LAN.
    "OUTBOUND_ALLOW_PRIVATE_URLS": False,
    # Ports reachable beside 80 and 443 (an intranet's 8080): none, so no ping talks SSH or Redis.
    "OUTBOUND_ALLOWED_PORTS": [],
}

settings = AppSettings(DEFAULTS)
