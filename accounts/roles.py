"""Staff roles: the groups "Auteurs", "Éditeurs" and "Modérateurs", and the "own posts only" rule.

`ensure_roles()` must be called by a data migration (it is safe to call again): it creates or
completes both groups with exactly their permissions. An author or moderator also needs
"staff status" (is_staff) to reach the admin; the group only says what they may do there.
"""

from comments.roles import MODERATORS, ensure_group, ensure_moderators_group

AUTHORS = "Auteurs"
# Write and publish their own posts (the rule is in blog/admin.py), file them, read the
# comments on them. No deletion, no pages, no one else's posts.
AUTHOR_PERMISSIONS = [
    ("blog", "add_post"),
    ("blog", "change_post"),
    ("blog", "view_post"),
    ("blog", "view_category"),
    ("blog", "view_tag"),
    ("blog", "add_tag"),
    ("comments", "view_comment"),
]


EDITORS = "Éditeurs"
# Publish anyone's posts (those submitted for review included), file them, use the media library.
# No deletion, no pages.
EDITOR_PERMISSIONS = [
    *AUTHOR_PERMISSIONS,
    ("blog", "add_category"),
    ("blog", "change_category"),
    ("blog", "change_tag"),
    ("images", "view_image"),
    ("images", "add_image"),
    ("images", "change_image"),
]


def ensure_roles():
    """Create (or complete) the "Auteurs", "Éditeurs" and "Modérateurs" groups; return them."""
    authors = ensure_group(AUTHORS, AUTHOR_PERMISSIONS)
    editors = ensure_group(EDITORS, EDITOR_PERMISSIONS)
    return {AUTHORS: authors, EDITORS: editors, MODERATORS: ensure_moderators_group()}


def own_posts_only(user):
    """True for an author who may touch only their own posts (not a superuser, an "Auteur")."""
    if user.is_superuser:
        return False
    cached = getattr(user, "_carnet_own_posts_only", None)
    if cached is None:
        cached = user.groups.filter(name=AUTHORS).exists()
        user._carnet_own_posts_only = cached
    return cached
