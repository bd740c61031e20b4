"""Moving the pings sent from comments/ to pings/ keeps the rows a site already has."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pings.models import OutboundPing

BEFORE = [("comments", "0005_activitypub_kind"), ("pings", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_pings_sent_before_the_move_are_found_after_it():
    old_apps = migrate(BEFORE)
    author = old_apps.get_model("auth", "User").objects.create(username="autrice")
    old_post = old_apps.get_model("blog", "Post").objects.create(
        title="Avant", slug="avant", body="x", author=author, published_at=timezone.now()
    )
    old_apps.get_model("comments", "OutboundPing").objects.create(
        post=old_post, target="https://ailleurs.example/", protocol="webmention", result="sent"
    )
    content_types = old_apps.get_model("contenttypes", "ContentType")
    content_types.objects.get_or_create(app_label="comments", model="outboundping")

    call_command("migrate", verbosity=0)

    ping = OutboundPing.objects.get()
    assert (ping.post.slug, ping.target, ping.protocol, ping.result) == (
        "avant",
        "https://ailleurs.example/",
        "webmention",
        "sent",
    )
    assert OutboundPing._meta.db_table in connection.introspection.table_names()
    assert "comments_outboundping" not in connection.introspection.table_names()
    labels = set(content_types.objects.filter(model="outboundping").values_list("app_label"))
    assert labels == {("pings",)}
