"""The discussion settings, with their defaults. Read as `conf.settings.NAME`.

Each can be overridden in the project settings; config/settings/base.py reads them from the
environment (same names) so an operator can change the rules without touching code.
"""

from core.appsettings import AppSettings


class Moderation:
    FIRST_TIME = "first_time"
    ALL = "all"
    NONE = "none"


DEFAULTS = {
    # Who is held for moderation: a guest until they have one approved comment (WordPress's
    # "comment author must have a previously approved comment"), everyone, or nobody.
    "COMMENTS_MODERATION": Moderation.FIRST_TIME,
    # Hold a comment with this many links or more: spam carries links, conversation rarely does.
    "COMMENTS_MAX_LINKS": 2,
    # Seconds before the same IP address may comment again (0: no limit); stops floods and scripts.
    "COMMENTS_FLOOD_SECONDS": 15,
    # A form sent sooner than this after it was shown is a bot: nobody reads and writes that fast.
    "COMMENTS_MIN_SUBMIT_SECONDS": 3,
    # How long a shown form stays valid: long enough to write calmly, short enough to limit replays.
    "COMMENTS_FORM_MAX_AGE_SECONDS": 2 * 24 * 3600,
    # Longest comment accepted, in characters: long enough for an argument, too short for a dump.
    "COMMENTS_MAX_LENGTH": 5000,
    # Deepest nesting shown; replies deeper than this attach at the deepest level, as in WordPress.
    "COMMENTS_MAX_DEPTH": 5,
    # Top-level threads per comment page, as WordPress's "Break comments into pages".
    "COMMENTS_PER_PAGE": 50,
    # Close comments on posts older than this many days (0: never), against spam on old posts.
    "COMMENTS_CLOSE_AFTER_DAYS": 0,
    # Hold pingbacks and webmentions for a moderator: they are mostly spam on a public blog.
    "COMMENTS_MODERATE_PINGS": True,
    # Days a trashed comment stays restorable before `empty_comment_trash` deletes it.
    "COMMENTS_TRASH_DAYS": 30,
    # Seconds a comment write waits for the per-post lock before the reader gets a 503 to retry.
    "COMMENTS_LOCK_TIMEOUT_SECONDS": 10,
    # Minutes during which a commenter may edit or delete their own comment (Ghost, Jetpack): time
    # to fix a typo, too short to rewrite a conversation others have answered.
    "COMMENTS_EDIT_MINUTES": 15,
    # Pending comments a guest's browser remembers (signed cookie) so they see them marked.
    "COMMENTS_PENDING_COOKIE_SIZE": 20,
}


settings = AppSettings(DEFAULTS)
