"""The "Modérateurs" group: moderate every comment, pingback, word list and moderation rule; never
edit posts.

`ensure_moderators_group()` must be called by a data migration (and is safe to call again).
"""

from core.groups import ensure_group

MODERATORS = "Modérateurs"
MODERATOR_PERMISSIONS = [
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "delete_comment"),
    ("comments", "view_moderationword"),
    ("comments", "add_moderationword"),
    ("comments", "change_moderationword"),
    ("comments", "delete_moderationword"),
    ("comments", "view_moderationrules"),
    ("comments", "add_moderationrules"),
    ("comments", "change_moderationrules"),
    ("blog", "view_post"),
]


def ensure_moderators_group():
    """Create (or complete) the moderators' group with exactly its permissions; return it."""
    return ensure_group(MODERATORS, MODERATOR_PERMISSIONS)
