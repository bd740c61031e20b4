"""Create the staff groups "Auteurs" and "Modérateurs" with exactly their permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for label in ("blog", "comments", "images"):
        create_permissions(global_apps.get_app_config(label), verbosity=0)
    from accounts.roles import ensure_roles

    ensure_roles()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0001_initial"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
