"""Staff groups made by data migrations, each with exactly its permissions."""

from django.contrib.auth.models import Group, Permission


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
