"""The blog app's settings, with their defaults. Read as `conf.settings.NAME`."""

from django.utils.translation import gettext_lazy as _

from core.appsettings import AppSettings

DEFAULTS = {
    # The site's name in titles, feeds and mails until the author sets one in the admin.
    "BLOG_TITLE": "Carnet",
    # One line under the title; also the home page's meta description.
    "BLOG_TAGLINE": _("A notebook of notes, ideas and reading"),
    # Posts per page on the home page and in every archive, as WordPress's "Blog pages show at most".
    "BLOG_POSTS_PER_PAGE": 10,
    # Items in each feed, as WordPress's "Syndication feeds show the most recent".
    "BLOG_FEED_ITEMS": 10,
    # Longest search accepted; anything longer is cut, so a huge query cannot cost a slow scan.
    "BLOG_SEARCH_MAX_LENGTH": 200,
    # Search results counted and offered at most ("more than 1,000 posts found"): counting or
    # sorting every match of a common word would cost a read of each, whatever page is shown.
    "BLOG_SEARCH_MAX_RESULTS": 1000,
    # Entries in the sidebar widgets (recent posts, tags).
    "BLOG_SIDEBAR_ITEMS": 5,
    # Revisions kept per post (WordPress keeps them all): enough to go back a long way, pruned so
    # a post edited for years does not carry thousands of copies of its text.
    "BLOG_REVISIONS_KEEP": 50,
    # Seconds without typing before the editor saves the draft aside (WordPress: 60 s).
    "BLOG_AUTOSAVE_SECONDS": 5,
    # Longest text the autosave accepts, in characters: past it, the author saves the post instead.
    "BLOG_AUTOSAVE_MAX_CHARS": 500_000,
    # How long another person's autosave counts as "editing now" (WordPress's post lock: 150 s).
    "BLOG_EDIT_LOCK_SECONDS": 150,
}


settings = AppSettings(DEFAULTS)
