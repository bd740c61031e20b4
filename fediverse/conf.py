"""The fediverse settings, with their defaults. Read as `conf.settings.NAME`."""

from core.appsettings import AppSettings

DEFAULTS = {
    # Off until the operator turns it on (FEDIVERSE_ENABLED=1): an actor's address is permanent
    # for its followers, so a blog should federate only once it has its final public domain.
    "FEDIVERSE_ENABLED": False,
    # The name of the blog's own actor: @blog@host. No author may federate under this name.
    "FEDIVERSE_BLOG_USERNAME": "blog",
    # Largest activity accepted, in bytes: a long Mastodon note is a few kilobytes.
    "FEDIVERSE_MAX_ACTIVITY_BYTES": 256 * 1024,
    # Seconds between a signature's Date and now, either way: Mastodon allows an hour in the
    # past, but a short window makes a captured request useless sooner.
    "FEDIVERSE_SIGNATURE_WINDOW_SECONDS": 300,
    # Activities accepted per remote instance in each window, across all workers (shared cache).
    "FEDIVERSE_PER_INSTANCE": 120,
    "FEDIVERSE_RATE_WINDOW_SECONDS": 60,
    # Seconds a remote actor (its key, inbox, name, picture) is trusted before it is fetched again.
    "FEDIVERSE_ACTOR_CACHE_SECONDS": 24 * 3600,
    # Seconds for one outbound request to another server (actor, avatar, delivery).
    "FEDIVERSE_FETCH_TIMEOUT": 10,
    # Delivery attempts before giving up on an inbox, and the first delay (doubled each time).
    "FEDIVERSE_MAX_ATTEMPTS": 8,
    "FEDIVERSE_RETRY_SECONDS": 60,
}


settings = AppSettings(DEFAULTS)
