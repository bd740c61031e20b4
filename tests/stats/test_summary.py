"""The weekly summary: asked for on the statistics page, sent once a week, with the right figures."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from core import periodic
from stats.models import DailyCount, Kind, SummaryPreference
from stats.summary import weekly_summaries_send
from tests.factories import PostFactory, StaffFactory, UserFactory
from tests.subscriptions.conftest import smtp, smtp_port, smtp_settings  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

URL = "/admin/stats/dailycount/"


def test_opt_in_and_out_on_the_statistics_page(client):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(reverse("admin:stats_summary")).status_code == 405
    response = client.post(reverse("admin:stats_summary"), {"weekly": "on"}, follow=True)
    assert "Vous recevrez un résumé par e-mail chaque semaine." in response.content.decode()
    assert 'id="stats-weekly" checked' in response.content.decode()
    assert SummaryPreference.objects.get(user=staff).weekly
    client.post(reverse("admin:stats_summary"), {})
    assert not SummaryPreference.objects.get(user=staff).weekly


def test_readers_cannot_opt_in(client):
    client.force_login(UserFactory())
    client.post(reverse("admin:stats_summary"), {"weekly": "on"})
    assert not SummaryPreference.objects.exists()


def test_sent_once_a_week_with_last_weeks_figures():
    staff = StaffFactory(username="redaction", email="redaction@example.org")
    StaffFactory(username="silence")  # did not ask
    SummaryPreference.objects.create(user=staff, weekly=True)
    post = PostFactory(title="Le col du matin")
    DailyCount.objects.create(day=date(2026, 5, 4), kind=Kind.SITE_VIEWS, count=12)
    DailyCount.objects.create(day=date(2026, 5, 4), kind=Kind.SITE_VISITORS, count=1)
    DailyCount.objects.create(day=date(2026, 5, 4), kind=Kind.PAGE_VIEWS, post=post, count=9)
    DailyCount.objects.create(day=date(2026, 5, 5), kind=Kind.SITE_VIEWS, count=100)  # today
    with time_machine.travel("2026-05-05 08:00 +02:00", tick=False):
        assert weekly_summaries_send() == 1
        assert weekly_summaries_send() == 0
    (message,) = mail.outbox
    assert message.to == ["redaction@example.org"]
    assert message.subject == "Vos statistiques du 28 avril au 4 mai"
    assert "Tout le site :\n12 vues, 1 visiteur." in message.body
    assert "- Le col du matin (9)" in message.body
    assert "/admin/stats/dailycount/" in message.body
    with time_machine.travel("2026-05-11 08:00 +02:00", tick=False):
        assert weekly_summaries_send() == 0
    with time_machine.travel("2026-05-12 08:00 +02:00", tick=False):
        assert weekly_summaries_send() == 1


def test_the_job_is_in_the_periodic_list(settings):
    assert ("stats.summary.weekly_summaries_send", 3600) in periodic.names()


def test_the_summary_goes_out_over_real_smtp_only_to_who_asked(smtp):  # noqa: F811
    staff = StaffFactory(username="redaction", email="redaction@example.org")
    StaffFactory(username="silence", email="silence@example.org")
    SummaryPreference.objects.create(user=staff, weekly=True)
    DailyCount.objects.create(day=date(2026, 5, 4), kind=Kind.SITE_VIEWS, count=3)
    DailyCount.objects.create(day=date(2026, 5, 4), kind=Kind.SITE_VISITORS, count=2)
    with time_machine.travel("2026-05-05 08:00 +02:00", tick=False):
        assert weekly_summaries_send() == 1
    (received,) = smtp.received
    assert received.recipients == ["redaction@example.org"]
    assert received.subject == "Vos statistiques du 28 avril au 4 mai"
    assert received["Auto-Submitted"] == "auto-generated"
    assert "3 vues, 2 visiteurs." in received.text
    assert "https://carnet.example/admin/stats/dailycount/" in received.text
