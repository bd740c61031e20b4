"""The images app's settings, with their defaults. Read as `conf.settings.NAME`."""

from core.appsettings import AppSettings

DEFAULTS = {
    # Largest upload read at all: a photo from a recent phone is 5-15 MB; beyond that, refuse early.
    "IMAGES_MAX_UPLOAD_BYTES": 25 * 1024 * 1024,
    # Widest and tallest image accepted: a panorama still fits, a 100,000 px bomb does not.
    "IMAGES_MAX_WIDTH": 12000,
    "IMAGES_MAX_HEIGHT": 12000,
    # Most pixels accepted (a 24 MP camera passes); decoding costs about 4 bytes per pixel.
    "IMAGES_MAX_PIXELS": 50_000_000,
    # Longest edge of the processed image kept as "the file": room for future renditions, not 24 MP.
    "IMAGES_KEEP_MAX_EDGE": 2560,
    # Widths of the renditions, as the srcset offers them; never wider than the image itself.
    "IMAGES_RENDITION_WIDTHS": (480, 960, 1600),
    # Encoder qualities: visually lossless for photos at a third of the camera's size.
    "IMAGES_JPEG_QUALITY": 82,
    "IMAGES_WEBP_QUALITY": 80,
    # "identicon" draws a picture here; "gravatar" sends a hash of each e-mail to Gravatar.
    "AVATARS_PROVIDER": "identicon",
    # Side of the stored avatar in pixels: sharp on a 2x screen at the 80 px it is shown at most.
    "AVATARS_STORED_SIZE": 160,
    # Browser cache for avatars: long, yet a provider picture replacing an identicon shows in a month.
    "AVATARS_CACHE_SECONDS": 30 * 24 * 3600,
    # Largest provider picture fetched: a profile picture is tens of kilobytes.
    "AVATARS_MAX_FETCH_BYTES": 2 * 1024 * 1024,
}


settings = AppSettings(DEFAULTS)
