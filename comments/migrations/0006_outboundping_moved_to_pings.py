"""The pings sent now belong to the pings app (pings/migrations/0001), which kept the table:
forget the model here without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0005_activitypub_kind"),
        ("pings", "0001_move_outboundping_from_comments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboundPing")],
        ),
    ]
