"""Moderators may edit the moderation rules (link threshold, learning from spam)."""

from django.apps import apps as global_apps
from django.db import migrations


def give_moderators_the_rules(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the group needs them now.
    from django.contrib.auth.management import create_permissions

    for label in ("blog", "comments"):
        create_permissions(global_apps.get_app_config(label), verbosity=0)
    from comments.roles import ensure_moderators_group

    ensure_moderators_group()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0001_initial"),
        ("comments", "0003_learned_spam_moderation_rules"),
    ]

    operations = [migrations.RunPython(give_moderators_the_rules, migrations.RunPython.noop)]
