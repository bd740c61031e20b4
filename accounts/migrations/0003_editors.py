"""Create the "Éditeurs" group (publish anyone's posts, those submitted for review included)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    for label in ("blog", "comments", "images"):
        create_permissions(global_apps.get_app_config(label), verbosity=0)
    from accounts.roles import ensure_roles

    ensure_roles()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_security_event"),
        ("blog", "0004_pending_review"),
        ("images", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
