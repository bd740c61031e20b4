"""Staff roles: the groups "Auteurs", "Éditeurs" and "Modérateurs", and the "own posts only" rule.

`ensure_roles()` must be called by a data migration (it is safe to call again): it creates or
completes both groups with exactly their permissions. An author or moderator also needs
"staff status" (is_staff) to reach the admin; the group only says what they may do there.
"""

from blog.roles import AUTHORS
from core.groups import ensure_group

_roles = {}  # name -> ensure(): the roles other apps add (comments: the moderators)


def register_role(name, ensure):
    """Let `ensure_roles()` make the group `name` with `ensure()` too; apps call it in ready."""
    _roles[name] = ensure

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
    """Create (or complete) the "Auteurs" and "Éditeurs" groups and those other apps registered
    ("Modérateurs"); return them by name."""
    authors = ensure_group(AUTHORS, AUTHOR_PERMISSIONS)
    editors = ensure_group(EDITORS, EDITOR_PERMISSIONS)
    others = {name: ensure() for name, ensure in _roles.items()}
    return {AUTHORS: authors, EDITORS: editors, **others}
