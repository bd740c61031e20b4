"""The wordpress app's settings, with their defaults. Read as `conf.settings.NAME`."""

from core.appsettings import AppSettings

DEFAULTS = {
    # Rows written per INSERT while importing: large enough to be fast, small enough for SQLite's
    # limit on variables per statement and for flat memory.
    "WORDPRESS_IMPORT_BATCH": 500,
    # Largest export the admin's import page accepts, in bytes; refused before it is uploaded.
    "WORDPRESS_IMPORT_MAX_BYTES": 512 * 1024 * 1024,
    # Where uploaded exports wait for the worker (outside MEDIA_ROOT: never served); None is
    # VAR_DIR/wordpress-imports. Each file is deleted once imported.
    "WORDPRESS_IMPORT_DIR": None,
    # Seconds between two progress updates of an import run from the admin.
    "WORDPRESS_IMPORT_PROGRESS_EVERY": 0.5,
    # Seconds without progress after which a running import is taken for dead (its worker was
    # killed) and no longer keeps the next import waiting.
    "WORDPRESS_IMPORT_STALE_AFTER": 15 * 60,
    # Shortcodes of WordPress and WordPress.com that Carnet does not render: an import leaves them
    # visible as text and lists them, so the author knows which posts to edit.
    "WORDPRESS_SHORTCODES": frozenset(
        {
            "archives",
            "audio",
            "blip.tv",
            "caption",
            "code",
            "contact-form",
            "dailymotion",
            "embed",
            "gallery",
            "googlemaps",
            "instagram",
            "playlist",
            "polldaddy",
            "slideshow",
            "soundcloud",
            "sourcecode",
            "spotify",
            "ted",
            "tweet",
            "twitter",
            "video",
            "vimeo",
            "wp_caption",
            "youtube",
        }
    ),
}


settings = AppSettings(DEFAULTS)
