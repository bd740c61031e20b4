"""The one publishing control: state, date, the main button's label, the list and the message."""

import datetime as dt
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Status
from blog.publishing import PublishState, button_labels, describe, state_of, status_and_date
from tests.blog.test_admin import change_data, form_data
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=PARIS)


@time_machine.travel(NOW, tick=False)
def test_status_and_date():
    later, earlier = NOW + timedelta(days=4), NOW - timedelta(days=4)
    published = PublishState.PUBLISHED
    assert status_and_date(state=published, when=earlier, was_public=False, date_changed=False) == (
        Status.PUBLISHED,
        NOW,
    )
    assert status_and_date(state=published, when=earlier, was_public=False, date_changed=True) == (
        Status.PUBLISHED,
        earlier,
    )
    assert status_and_date(state=published, when=later, was_public=True, date_changed=True) == (
        Status.PUBLISHED,
        later,
    )
    assert status_and_date(state=published, when=later, was_public=False, date_changed=False) == (
        Status.PUBLISHED,
        NOW,
    )
    pending = status_and_date(state="pending", when=earlier, was_public=False, date_changed=False)
    assert pending == (Status.PENDING, earlier)
    with pytest.raises(ValueError, match="Pour programmer"):
        status_and_date(
            state=PublishState.SCHEDULED, when=earlier, was_public=False, date_changed=True
        )


@time_machine.travel(NOW, tick=False)
def test_describe_and_labels():
    scheduled = PostFactory(published_at=dt.datetime(2026, 12, 3, 9, 0, tzinfo=PARIS))
    assert state_of(scheduled) == PublishState.SCHEDULED
    assert describe(scheduled) == "Programmé pour le 3 décembre 2026 à 9 h 00"
    assert describe(PostFactory(status=Status.PENDING)) == "En attente de relecture"
    assert button_labels(was_public=False)[PublishState.PUBLISHED] == "Publier"
    assert button_labels(was_public=True)[PublishState.PUBLISHED] == "Mettre à jour"
    assert button_labels(was_public=True)[PublishState.SCHEDULED] == "Programmer"


@time_machine.travel(NOW, tick=False)
def test_scheduling_in_the_admin_says_what_happened(admin_client, admin_user):
    data = form_data(
        title="Pour plus tard",
        state="scheduled",
        author=admin_user.pk,
        published_at_0="03/12/2026",
        published_at_1="09:00:00",
    )
    response = admin_client.post(reverse("admin:blog_post_add"), data, follow=True)
    html = response.content.decode()
    assert "Billet programmé pour le 3 décembre 2026 à 9 h 00." in html
    assert "Programmé pour le 3 décembre 2026 à 9 h 00" in html  # the list
    post = Post.objects.get()
    assert post.is_scheduled
    url = reverse("admin:blog_post_change", args=[post.pk])
    page = admin_client.get(url).content.decode()
    assert 'value="Programmer" class="default carnet-publish-button"' in page
    response = admin_client.post(
        url, change_data(admin_client, url, state="published"), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Billet publié."]
    post.refresh_from_db()
    assert post.is_public and post.published_at == timezone.now()


def test_changelist_filters_pending(admin_client):
    PostFactory(title="À relire", status=Status.PENDING)
    PostFactory(title="Déjà en ligne")
    html = admin_client.get(reverse("admin:blog_post_changelist"), {"publication": "pending"})
    html = html.content.decode()
    assert "À relire" in html and "Déjà en ligne" not in html
