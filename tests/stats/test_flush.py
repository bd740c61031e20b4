"""The periodic job: counters drained into daily rows, nothing lost or doubled, retention."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from core import periodic
from stats.flush import stats_flush, stats_periodic, stats_purge
from stats.models import DailyCount, Kind

pytestmark = pytest.mark.django_db


def view(client, path, ip):
    client.post(reverse("stats:hit"), {"p": path}, HTTP_USER_AGENT="Firefox/128", REMOTE_ADDR=ip)


def test_flush_adds_up_across_runs_and_never_twice(client):
    view(client, "/", "203.0.113.1")
    assert stats_flush() == 4  # site views, page views, site visitors, page visitors
    assert stats_flush() == 0
    view(client, "/", "203.0.113.2")
    stats_flush()
    assert DailyCount.objects.get(kind=Kind.SITE_VIEWS).count == 2
    assert DailyCount.objects.filter(kind=Kind.SITE_VIEWS).count() == 1


def test_views_of_yesterday_flushed_today_keep_their_day(client):
    with time_machine.travel("2026-05-04 21:00 +02:00", tick=False):
        view(client, "/", "203.0.113.1")
    with time_machine.travel("2026-05-05 09:00 +02:00", tick=False):
        view(client, "/", "203.0.113.1")
        stats_flush()
    days = dict(DailyCount.objects.filter(kind=Kind.SITE_VISITORS).values_list("day", "count"))
    assert days == {date(2026, 5, 4): 1, date(2026, 5, 5): 1}


def test_flush_writes_no_row_per_view(client):
    for n in range(30):
        view(client, "/", f"203.0.113.{n}")
    stats_flush()
    assert DailyCount.objects.count() == 4
    assert DailyCount.objects.get(kind=Kind.PAGE_VISITORS).count == 30


def test_rows_past_retention_are_deleted(settings):
    settings.STATS_RETENTION = timedelta(days=395)
    with time_machine.travel("2026-05-04 12:00 +02:00", tick=False):
        DailyCount.objects.create(day=date(2025, 4, 1), kind=Kind.SITE_VIEWS, count=3)
        kept = DailyCount.objects.create(day=date(2025, 4, 30), kind=Kind.SITE_VIEWS, count=3)
        assert stats_purge() == 1
        stats_periodic()
    assert list(DailyCount.objects.all()) == [kept]


def test_the_job_is_in_the_periodic_list(settings):
    assert ("stats.flush.stats_periodic", 300) in periodic.names()
