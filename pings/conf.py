"""The pings' settings, with their defaults. Read as `conf.settings.NAME`."""

from core.appsettings import AppSettings

DEFAULTS = {
    # Pingback sources verified at once inside web requests, across all workers (a shared
    # cache slot each); beyond that the check runs in the background task worker, so a few slow
    # sources can never hold the threads that serve readers.
    "PINGS_VERIFY_IN_FLIGHT": 2,
    # Seconds a web request may spend verifying a pingback's source; a slower source is checked
    # again by the background task worker (with OUTBOUND_FETCH_TIMEOUT) and the sender told so.
    "PINGS_VERIFY_INLINE_SECONDS": 3,
    # Seconds per endpoint discovery when sending: a dead link must not hold the task for long.
    "PINGS_DISCOVERY_TIMEOUT": 2,
    # External links pinged per post: a link list post must not become a ping flood.
    "PINGS_MAX_LINKS": 50,
    # Largest XML-RPC or webmention request accepted (bytes); a ping is a few hundred.
    "PINGS_MAX_REQUEST_BYTES": 1_000_000,
    # Deepest XML nesting accepted: a real pingback.ping call is 5 deep.
    "PINGS_MAX_XML_DEPTH": 16,
    # Pings accepted per client IP address, then per source host, in each window: stops floods
    # and keeps Carnet from being used to hammer one site with fetches.
    "PINGS_PER_IP": 30,
    "PINGS_PER_SOURCE_HOST": 10,
    "PINGS_RATE_WINDOW_SECONDS": 3600,
}


settings = AppSettings(DEFAULTS)
