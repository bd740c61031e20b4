"""The "Modérateurs" group: moderate every comment, pingback, word list and moderation rule; never
edit posts.

`ensure_moderators_group()` must be called by a data migration (and is safe to call again).
"""

from django.contrib.auth.models import Group, Permission

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


def ensure_group(name, permissions):
    """Create (or complete) the group `name` with exactly `permissions` ((app, codename) pairs)."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in permissions
        ]
    )
    return group


def ensure_moderators_group():
    """Create (or complete) the moderators' group with exactly its permissions; return it."""
    return ensure_group(MODERATORS, MODERATOR_PERMISSIONS)
