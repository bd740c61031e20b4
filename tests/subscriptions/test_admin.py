"""The admin shows subscriptions with their state, and the outbox with its failures."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from subscriptions.models import Delivery, DeliveryStatus, MailKind, Subscription

pytestmark = pytest.mark.django_db


def test_the_admin_lists_subscriptions_with_their_state(client, staff):
    Subscription.objects.create(email="attente@example.org", kind="blog")
    Subscription.objects.create(email="actif@example.org", kind="blog", state="active")
    client.force_login(staff)

    response = client.get(reverse("admin:subscriptions_subscription_changelist"))

    assert response.status_code == 200
    assert "attente@example.org" in response.text
    assert "En attente de confirmation" in response.text
    assert "Actif" in response.text


def test_the_admin_shows_failed_mails_and_retries_them(
    client, staff, smtp, django_capture_on_commit_callbacks
):
    Delivery.objects.create(
        kind=MailKind.DIGEST,
        recipient=staff.email,
        user=staff,
        status=DeliveryStatus.FAILED,
        attempts=8,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        next_attempt_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(staff)
    changelist = reverse("admin:subscriptions_delivery_changelist")

    page = client.get(changelist + "?status=failed")
    assert "Abandonné" in page.text
    detail = client.get(
        reverse("admin:subscriptions_delivery_change", args=[Delivery.objects.get().pk])
    )
    assert "Connection refused" in detail.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            changelist,
            {"action": "retry_now", "_selected_action": [Delivery.objects.get().pk]},
        )

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.CANCELLED  # nothing awaits moderation: no digest
