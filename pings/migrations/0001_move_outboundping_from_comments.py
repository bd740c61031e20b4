"""The pings sent moved from comments/ to this app: the table (comments_outboundping) and its rows
stay; it is renamed pings_outboundping, and its content type (so its permissions) follows."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="comments", new="pings"):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label=new, model="outboundping").exists():
        content_types.objects.filter(app_label=old, model="outboundping").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="pings", new="comments")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("blog", "0001_initial"),
        ("comments", "0004_moderators_edit_rules"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboundPing",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("target", models.URLField(max_length=500, verbose_name="link")),
                        ("protocol", models.CharField(choices=[("webmention", "Webmention"), ("pingback", "Pingback"), ("none", "None found")], default="none", max_length=10, verbose_name="protocol")),
                        ("endpoint", models.URLField(blank=True, max_length=500, verbose_name="endpoint")),
                        ("result", models.CharField(choices=[("pending", "In progress"), ("sent", "Accepted"), ("rejected", "Refused by the other site"), ("failed", "Could not be sent"), ("no_endpoint", "The other site does not take pings")], default="pending", max_length=11, verbose_name="result")),
                        ("detail", models.CharField(blank=True, max_length=300, verbose_name="detail")),
                        ("pinged_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date")),
                        ("post", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="pings_sent", to="blog.post", verbose_name="post")),
                    ],
                    options={
                        "verbose_name": "ping sent",
                        "verbose_name_plural": "pings sent",
                        "ordering": ["post", "target"],
                        "constraints": [models.UniqueConstraint(fields=("post", "target"), name="outbound_ping_unique")],
                        "db_table": "comments_outboundping",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="outboundping", table=None),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
