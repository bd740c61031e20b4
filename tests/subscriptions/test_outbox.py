"""Sending: batches over one connection, retries with back-off, and a mail server that is down."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_create
from subscriptions import outbox
from subscriptions.models import Delivery, DeliveryStatus, MailKind, Subscription
from tests.factories import PostFactory, UserFactory

from .conftest import SmtpServer

pytestmark = pytest.mark.django_db


def new_post_deliveries(*addresses):
    post = PostFactory()
    deliveries = []
    for address in addresses:
        subscription = Subscription.objects.create(email=address, kind="blog", state="active")
        deliveries.append(
            Delivery(
                kind=MailKind.NEW_POST, recipient=address, subscription=subscription, post=post
            )
        )
    return deliveries


def test_the_mail_server_down_costs_no_comment_and_the_mail_arrives_later(
    smtp_settings, smtp_port, on_commit
):
    post = PostFactory(author=UserFactory(email="auteur@example.org"))

    comment = on_commit(
        comment_create, post=post, author_name="Bastien", author_email="a@example.org", body="Bravo"
    )

    assert Comment.objects.filter(pk=comment.pk).exists()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    server = SmtpServer(smtp_port)
    server.start()
    try:
        on_commit(outbox.deliveries_retry)  # not due yet: nothing is tried
        assert server.received == []
        with time_machine.travel(timedelta(minutes=2)):
            on_commit(outbox.deliveries_retry)
    finally:
        server.stop()

    assert server.only_to("auteur@example.org").subject.startswith("[Le Carnet] Commentaire")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, "")


def test_a_delivery_is_given_up_after_the_last_attempt(smtp_settings, on_commit, settings):
    settings.SUBSCRIPTIONS_MAX_ATTEMPTS = 2
    on_commit(outbox.deliveries_queue, new_post_deliveries("l@example.org"))

    with time_machine.travel(timedelta(minutes=2)):
        on_commit(outbox.deliveries_retry)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert "ConnectionRefusedError" in delivery.last_error


def test_retries_wait_longer_each_time_up_to_a_day():
    delays = [outbox.retry_delay(n) for n in range(1, 8)]

    assert [d.total_seconds() / 60 for d in delays[:4]] == [1, 4, 16, 64]
    assert delays[-1] == timedelta(days=1)


def test_each_batch_goes_over_one_smtp_connection(smtp, on_commit, settings):
    settings.SUBSCRIPTIONS_BATCH_SIZE = 2
    addresses = [f"lecteur{n}@example.org" for n in range(5)]

    on_commit(outbox.deliveries_queue, new_post_deliveries(*addresses))

    assert sorted(r for m in smtp.received for r in m.recipients) == sorted(addresses)
    assert len({m.session for m in smtp.received}) == 3
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5


def test_a_refused_recipient_fails_alone(smtp, on_commit):
    deliveries = new_post_deliveries("un@example.org", "inconnu@example.org", "deux@example.org")

    on_commit(outbox.deliveries_queue, deliveries)

    assert sorted(r for m in smtp.received for r in m.recipients) == [
        "deux@example.org",
        "un@example.org",
    ]
    refused = Delivery.objects.get(recipient="inconnu@example.org")
    assert refused.status == DeliveryStatus.QUEUED
    assert "550" in refused.last_error


def test_a_mail_no_longer_wanted_is_cancelled_not_sent(smtp, on_commit):
    deliveries = new_post_deliveries("l@example.org")
    Subscription.objects.update(state="ended")

    on_commit(outbox.deliveries_queue, deliveries)

    assert smtp.received == []
    assert Delivery.objects.get().status == DeliveryStatus.CANCELLED


def test_the_same_mail_is_never_queued_twice(smtp, on_commit):
    deliveries = new_post_deliveries("l@example.org")
    again = [
        Delivery(kind=d.kind, recipient=d.recipient, subscription=d.subscription, post=d.post)
        for d in deliveries
    ]

    on_commit(outbox.deliveries_queue, deliveries)
    on_commit(outbox.deliveries_queue, again)

    assert len(smtp.received) == 1
    assert Delivery.objects.count() == 1


def test_invalid_addresses_are_never_queued(on_commit):
    deliveries = new_post_deliveries("l@example.org")
    deliveries[0].recipient = "l@example.org\nBcc: x@example.org"

    assert on_commit(outbox.deliveries_queue, deliveries) == 0
    assert Delivery.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_workers_sending_at_once_never_send_a_mail_twice(smtp, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) are PostgreSQL's; SQLite writers queue instead")
    settings.SUBSCRIPTIONS_BATCH_SIZE = 5
    addresses = [f"lecteur{n}@example.org" for n in range(60)]
    outbox.deliveries_store(new_post_deliveries(*addresses))

    def worker():
        try:
            outbox.deliveries_send_due()
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(4)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)

    assert sorted(r for m in smtp.received for r in m.recipients) == sorted(addresses)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 60
