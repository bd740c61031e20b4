"""The periodic jobs: each app registers its own, `manage.py periodic` runs what is registered."""

import pytest
from django.core.management import call_command

from core import periodic

ran = []


def job_for_the_test():
    ran.append("ran")


def test_each_app_registers_its_jobs_with_their_period():
    assert periodic.names() == [
        ("blog.services.post_announce_due", 30),
        ("comments.services.comment_trash_empty", 3600),
        ("subscriptions.outbox.deliveries_retry", 60),
        ("subscriptions.services.moderation_digests_queue", 3600),
        ("publishing.trash.trash_empty", 3600),
        ("pagecache.files.sweep", 300),
        ("stats.flush.stats_periodic", 300),
        ("stats.summary.weekly_summaries_send", 3600),
        ("fediverse.delivery.deliveries_retry", 60),
    ]


@pytest.mark.django_db
def test_periodic_once_runs_every_registered_job():
    periodic.register(job_for_the_test, every=3600)
    try:
        call_command("periodic", once=True)
    finally:
        periodic._JOBS.pop(job_for_the_test)
    assert ran == ["ran"]
