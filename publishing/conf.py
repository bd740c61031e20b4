"""The publishing APIs' settings, with their defaults. Read as `conf.settings.NAME`."""

from core.appsettings import AppSettings

DEFAULTS = {
    # Largest XML-RPC request read for the blogging methods: an image sent in base64 grows by a
    # third, so this lets editors send pictures of about 12 MB.
    "PUBLISHING_MAX_REQUEST_BYTES": 16_000_000,
    # Inner calls accepted in one system.multicall: enough for an editor's batch, not for a flood.
    "PUBLISHING_MAX_MULTICALL": 50,
    # Posts answered at most by wp.getPosts and metaWeblog.getRecentPosts in one call.
    "PUBLISHING_MAX_POSTS": 100,
    # Days a post deleted through Micropub waits in the trash for `undelete` (WordPress: 30).
    "PUBLISHING_TRASH_DAYS": 30,
}


settings = AppSettings(DEFAULTS)
