"""The authors' rule: an "Auteur" writes and sees only their own posts (the group is made by
accounts.roles with the other staff roles)."""

AUTHORS = "Auteurs"


def own_posts_only(user):
    """True for an author who may touch only their own posts (not a superuser, an "Auteur")."""
    if user.is_superuser:
        return False
    cached = getattr(user, "_carnet_own_posts_only", None)
    if cached is None:
        cached = user.groups.filter(name=AUTHORS).exists()
        user._carnet_own_posts_only = cached
    return cached
